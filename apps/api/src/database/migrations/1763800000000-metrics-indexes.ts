import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the metrics queries: an account's won deals in first-win order (closed_on, then
 * deal_id in code-point order), so DISTINCT ON finds each account's first win by an index scan.
 */
export class MetricsIndexes1763800000000 implements MigrationInterface {
  name = 'MetricsIndexes1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX deals_won_account_idx ON deals (account_id, closed_on, deal_id COLLATE "C") WHERE stage = 'won'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS deals_won_account_idx`);
  }
}
