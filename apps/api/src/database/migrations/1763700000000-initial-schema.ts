import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The data model of docs/spec/data-model.md. Money is `numeric(19,4)` (exact), dates are
 * `date`, months are stored as the `date` of their first day so that range queries work.
 * Enums are text with CHECK constraints: the contract's enum values are stable and a CHECK
 * is easier to extend in a later migration than a PostgreSQL enum type.
 *
 * No FOREIGN KEY constraints: the importer is the only writer and enforces the references
 * set-wise (a row naming an unknown id is refused; a replace that would orphan rows is a 409),
 * under the global import lock. Per-row RI checks (each a FOR KEY SHARE lock on the referenced
 * row) made a million-row import several times slower, and they would pin the primary keys the
 * bulk load drops and re-creates. Indexes are those the reads need: deals by closed_on,
 * created_on and account_id, touches by deal (the primary key) and partner, ARR by month.
 */
export class InitialSchema1763700000000 implements MigrationInterface {
  name = 'InitialSchema1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE partners (
        partner_id text PRIMARY KEY,
        name text NOT NULL,
        type text NOT NULL CHECK (type IN ('reseller','distributor','msp','isv','si','agency','referral','marketplace','alliance')),
        tier text,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','inactive')),
        joined_on date,
        owner text
      )`);
    await q.query(`
      CREATE TABLE accounts (
        account_id text PRIMARY KEY,
        name text NOT NULL,
        segment text,
        region text,
        industry text
      )`);
    await q.query(`
      CREATE TABLE deals (
        deal_id text PRIMARY KEY,
        account_id text NOT NULL,
        name text,
        amount numeric(19,4) NOT NULL CHECK (amount >= 0),
        currency text,
        type text NOT NULL DEFAULT 'new_business' CHECK (type IN ('new_business','expansion','renewal')),
        stage text NOT NULL CHECK (stage IN ('open','won','lost')),
        stage_name text,
        created_on date NOT NULL,
        closed_on date,
        expected_close_on date,
        sourcing_partner_id text,
        owner text,
        CONSTRAINT deals_closed_on_iff_closed CHECK ((stage = 'open') = (closed_on IS NULL))
      )`);
    await q.query(`CREATE INDEX deals_closed_on_idx ON deals (closed_on)`);
    await q.query(`CREATE INDEX deals_created_on_idx ON deals (created_on)`);
    await q.query(`CREATE INDEX deals_account_id_idx ON deals (account_id)`);

    await q.query(`
      CREATE TABLE touches (
        deal_id text NOT NULL,
        partner_id text NOT NULL,
        touch_type text NOT NULL CHECK (touch_type IN ('referral','co_sell','technical_validation','marketplace','services','deal_registration','intro','other')),
        touched_on date NOT NULL,
        PRIMARY KEY (deal_id, partner_id, touch_type, touched_on)
      )`);
    await q.query(`CREATE INDEX touches_partner_id_idx ON touches (partner_id)`);
    await q.query(`CREATE INDEX touches_touched_on_idx ON touches (touched_on)`);

    await q.query(`
      CREATE TABLE arr (
        account_id text NOT NULL,
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        arr numeric(19,4) NOT NULL CHECK (arr >= 0),
        PRIMARY KEY (account_id, month)
      )`);
    await q.query(`CREATE INDEX arr_month_idx ON arr (month)`);

    await q.query(`
      CREATE TABLE attachments (
        account_id text NOT NULL,
        partner_id text NOT NULL,
        relation text NOT NULL CHECK (relation IN ('integration','services','reseller_of_record','marketplace')),
        since date NOT NULL,
        until date,
        PRIMARY KEY (account_id, partner_id, relation),
        CONSTRAINT attachments_until_after_since CHECK (until IS NULL OR until >= since)
      )`);
    await q.query(`CREATE INDEX attachments_partner_id_idx ON attachments (partner_id)`);

    await q.query(`
      CREATE TABLE spend (
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        motion text NOT NULL CHECK (motion IN ('partner','direct','shared')),
        category text NOT NULL,
        amount numeric(19,4) NOT NULL CHECK (amount >= 0),
        PRIMARY KEY (month, motion, category)
      )`);

    await q.query(`
      CREATE TABLE settings (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        reporting_currency text NOT NULL DEFAULT 'USD' CHECK (reporting_currency ~ '^[A-Z]{3}$'),
        fiscal_year_start_month smallint NOT NULL DEFAULT 1 CHECK (fiscal_year_start_month BETWEEN 1 AND 12),
        gross_margin numeric(6,5) NOT NULL DEFAULT 0.8 CHECK (gross_margin > 0 AND gross_margin <= 1),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`INSERT INTO settings (id) VALUES (1)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'settings',
      'spend',
      'attachments',
      'arr',
      'touches',
      'deals',
      'accounts',
      'partners',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
