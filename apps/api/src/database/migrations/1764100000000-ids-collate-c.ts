import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The external id columns of every entity (docs/spec/data-model.md: case-sensitive strings). */
const ID_COLUMNS: Record<string, string[]> = {
  partners: ['partner_id'],
  accounts: ['account_id'],
  deals: ['deal_id', 'account_id', 'sourcing_partner_id'],
  touches: ['deal_id', 'partner_id'],
  arr: ['account_id'],
  attachments: ['account_id', 'partner_id'],
};

/**
 * External ids compare and sort byte-wise (COLLATE "C"), whatever the database's default
 * collation. Ids are opaque, case-sensitive strings, and the metric definitions break ties by
 * code-point order (docs/decisions.md, metrics 7): with a linguistic default collation
 * (en_US.UTF-8 on many servers) SQL would have sorted them another way than libs/metrics.
 * It also halves the time to build the primary keys and id indexes that a bulk import
 * re-creates (strcoll against memcmp with abbreviated keys).
 */
export class IdsCollateC1764100000000 implements MigrationInterface {
  name = 'IdsCollateC1764100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, columns] of Object.entries(ID_COLUMNS)) {
      await q.query(`ALTER TABLE ${table} ${columns.map((c) => `ALTER COLUMN ${c} TYPE text COLLATE "C"`).join(', ')}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, columns] of Object.entries(ID_COLUMNS)) {
      await q.query(`ALTER TABLE ${table} ${columns.map((c) => `ALTER COLUMN ${c} TYPE text COLLATE "default"`).join(', ')}`);
    }
  }
}
