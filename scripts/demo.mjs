#!/usr/bin/env node
// npm run demo — loads the demo dataset into the running Partner KPI (npm start), through
// POST /api/v1/demo, i.e. the same import path as user data.
//   npm run demo              load into an empty database
//   npm run demo -- --replace wipe what is loaded first
// Not running yet? `npm start -- --demo` starts the product and loads the demo if the database is empty.
// The API needs credentials: an API token of an editor (an admin with --replace) in KPI_TOKEN,
// or the KPI_ADMIN_TOKEN the server was started with.
const port = process.env.PORT || '3000';
const base = process.env.KPI_URL || `http://localhost:${port}`;
const replace = process.argv.includes('--replace');
const token = process.env.KPI_TOKEN || process.env.KPI_ADMIN_TOKEN;
if (!token) {
  console.error(
    'Set KPI_TOKEN to an API token (an editor, or an admin with --replace): create one on',
  );
  console.error(
    `the Admin page of ${base}/admin, or start the server with KPI_ADMIN_TOKEN and set that.`,
  );
  console.error('Or start the product with the demo in one step: `npm start -- --demo`.');
  process.exit(1);
}

let res;
try {
  res = await fetch(`${base}/api/v1/demo${replace ? '?replace=true' : ''}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
  });
} catch {
  console.error(`Partner KPI is not answering at ${base}.`);
  console.error('Start it with `npm start` (in another terminal) and run `npm run demo` again,');
  console.error('or start it with the demo in one step: `npm start -- --demo`.');
  process.exit(1);
}
const body = await res.json().catch(() => ({}));
if (!res.ok) {
  console.error(`The demo was not loaded (${res.status}): ${body.message ?? res.statusText}`);
  if (res.status === 409)
    console.error('Run `npm run demo -- --replace` to wipe the loaded data and load the demo.');
  process.exit(1);
}
for (const e of body.entities)
  console.log(`${e.entity.padEnd(12)} ${String(e.inserted).padStart(6)} rows`);
console.log(`Demo loaded (data up to ${body.end_date}). Open ${base}/`);
