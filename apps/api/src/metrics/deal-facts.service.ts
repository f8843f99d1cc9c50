import { type BeforeApplicationShutdown, Global, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';

const LOCK = `hashtext('partner_kpi:deal_facts')`;

/**
 * Keeps `deal_facts`, `partner_activity` and `arr_by_month` (migration 1764200000000) in step with the data: after every committed
 * import (and at start-up) it rebuilds the table in the background from one snapshot and tags it
 * with that snapshot's data version. A metrics request uses the table only when the tag equals
 * its own data version, so it never reads facts of other data; until the rebuild is done it
 * computes the same figures from the base tables (slower). Rebuilds are serialised by an
 * advisory lock; requests for one while one runs are coalesced into one more run.
 */
@Injectable()
export class DealFactsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DealFacts');
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly db: DataSource) {}

  onApplicationBootstrap(): void {
    this.refreshSoon();
  }

  /** A rebuild in progress finishes before the database connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.again = false;
    await this.idle();
  }

  /** Asks for a rebuild (after an import has committed); returns at once. */
  refreshSoon(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.refresh();
        } catch (err) {
          // The figures stay right (the base tables answer); the next import tries again.
          if (this.db.isInitialized) this.logger.error(`deal_facts rebuild failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      } while (this.again && this.db.isInitialized);
      this.running = null;
    })();
  }

  /** Resolves when no rebuild is running or asked for (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Rebuilds the table unless it is already built from the current data version. */
  private async refresh(): Promise<void> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      // The lock first, then the snapshot: a rebuild sees what the previous one committed.
      await runner.query(`SELECT pg_advisory_lock(${LOCK})`);
      try {
        await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
        const [{ version, built }] = (await runner.query(
          `SELECT v.version, (SELECT s.version FROM deal_facts_state s WHERE s.id = 1) AS built FROM data_state v WHERE v.id = 1`,
        )) as { version: string; built: string | null }[];
        if (built === version) {
          await runner.query('COMMIT');
          return;
        }
        const began = Date.now();
        await runner.query(`SET LOCAL work_mem = '128MB'`);
        // DELETE, not TRUNCATE: readers on an older snapshot keep seeing the rows of their version.
        await runner.query(`DELETE FROM deal_facts`);
        await runner.query(`
          INSERT INTO deal_facts (deal_id, account_id, closed_on, stage, type, amount, cycle, sourced, influenced, first_win)
          SELECT d.deal_id, d.account_id, d.closed_on, d.stage, d.type, d.amount, d.closed_on - d.created_on,
                 d.sourcing_partner_id IS NOT NULL,
                 d.sourcing_partner_id IS NULL AND EXISTS (SELECT 1 FROM touches t WHERE t.deal_id = d.deal_id AND t.touched_on <= d.closed_on),
                 d.stage = 'won' AND d.deal_id = first_value(d.deal_id) OVER (PARTITION BY d.account_id, d.stage = 'won' ORDER BY d.closed_on, d.deal_id COLLATE "C")
            FROM deals d
           WHERE d.stage IN ('won', 'lost')
           ORDER BY d.closed_on`);
        await runner.query(`DELETE FROM partner_activity`);
        await runner.query(`
          INSERT INTO partner_activity (partner_id, day)
          SELECT partner_id, touched_on FROM touches
          UNION
          SELECT sourcing_partner_id, created_on FROM deals WHERE sourcing_partner_id IS NOT NULL`);
        await runner.query(`DELETE FROM arr_by_month`);
        await runner.query(`INSERT INTO arr_by_month (month, account_id, arr) SELECT month, account_id, arr FROM arr ORDER BY month, account_id`);
        await runner.query(
          `INSERT INTO deal_facts_state (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version`,
          [version],
        );
        await runner.query('COMMIT');
        await runner.query('ANALYZE deal_facts, partner_activity, arr_by_month');
        this.logger.log(`deal facts rebuilt for data version ${version} in ${Date.now() - began} ms`);
      } catch (err) {
        await runner.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(${LOCK})`).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }
}

@Global()
@Module({ providers: [DealFactsService], exports: [DealFactsService] })
export class DealFactsModule {}
