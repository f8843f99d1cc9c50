import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read-side copies of the data, shaped for the metrics (docs/decisions.md, "Metrics speed"):
 * closed deals with their class without partner filters (sourced / touched on or before the
 * close) and whether each is its account's first win; partner activity days; ARR by month. Rebuilt after every import by DealFactsService and tagged
 * with the data version it was built from; readers use it only when that version is theirs.
 * UNLOGGED, both tables: a crash empties them together, and the next start rebuilds them.
 */
export class DealFacts1764200000000 implements MigrationInterface {
  name = 'DealFacts1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE deal_facts (
        deal_id text COLLATE "C" PRIMARY KEY,
        account_id text COLLATE "C" NOT NULL,
        closed_on date NOT NULL,
        stage text NOT NULL,
        type text NOT NULL,
        amount numeric(19,4) NOT NULL,
        cycle integer NOT NULL,
        sourced boolean NOT NULL,
        influenced boolean NOT NULL,
        first_win boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX deal_facts_closed_on_idx ON deal_facts (closed_on)`);
    await q.query(`CREATE INDEX deal_facts_first_win_idx ON deal_facts (closed_on) WHERE first_win`);
    // Partner activity days (a touch dated that day, or a sourced deal created that day): whether
    // a partner was active in P is one index probe per partner.
    await q.query(`
      CREATE UNLOGGED TABLE partner_activity (
        partner_id text COLLATE "C" NOT NULL,
        day date NOT NULL,
        PRIMARY KEY (partner_id, day)
      )`);
    // ARR rows in month order: a retention cohort (months S and E) is two contiguous ranges.
    await q.query(`
      CREATE UNLOGGED TABLE arr_by_month (
        month date NOT NULL,
        account_id text COLLATE "C" NOT NULL,
        arr numeric(19,4) NOT NULL,
        PRIMARY KEY (month, account_id)
      )`);
    await q.query(`CREATE UNLOGGED TABLE deal_facts_state (id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1), version bigint NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS deal_facts_state`);
    await q.query(`DROP TABLE IF EXISTS arr_by_month`);
    await q.query(`DROP TABLE IF EXISTS partner_activity`);
    await q.query(`DROP TABLE IF EXISTS deal_facts`);
  }
}
