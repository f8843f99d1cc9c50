/** Jest globalTeardown: drops the run's database, or stops the embedded server and removes it. */
// __PARTNER_KPI_TEST_DATABASE__ is declared in global-setup.ts.
export default async function globalTeardown(): Promise<void> {
  const run = globalThis.__PARTNER_KPI_TEST_DATABASE__;
  globalThis.__PARTNER_KPI_TEST_DATABASE__ = undefined;
  await run?.teardown();
}
