import { type BeforeApplicationShutdown, Global, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IMPORT_LOCK_KEY } from '../imports/import-lock.js';

const LOCK = `hashtext('partner_kpi:deal_facts')`;
/** The entities the read-side facts are built from: importing another one leaves them valid. */
export const DEAL_FACTS_SOURCES: readonly string[] = ['deals', 'touches', 'arr'];

/** The rebuild's connection goes by this name while it works, so that an import can cancel it. */
const APPLICATION_NAME = 'partner-kpi:deal-facts';
/** A rebuild starts once no import has committed for this long (imports come in sequences). */
export const REBUILD_QUIET_MS = 500;

/**
 * Keeps `deal_facts`, `partner_activity` and `arr_by_month` (migration 1764200000000) in step with the data: after every committed
 * import (and at start-up) it rebuilds the table in the background from one snapshot and tags it
 * with that snapshot's data version. A metrics request uses the table only when the tag equals
 * its own data version, so it never reads facts of other data; until the rebuild is done it
 * computes the same figures from the base tables (slower). Rebuilds are serialised by an
 * advisory lock; requests for one while one runs are coalesced into one more run.
 * An import never waits for a rebuild: before it starts, the running rebuild is cancelled
 * (its reads would hold back the import's table locks), and it runs again once imports are quiet.
 */
@Injectable()
export class DealFactsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DealFacts');
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private waitingForTimer: Promise<void> | null = null;
  private wakeTimer: (() => void) | null = null;
  private stopping = false;

  constructor(private readonly db: DataSource) {}

  onApplicationBootstrap(): void {
    this.refreshSoon();
  }

  /** No rebuild is left running or waiting when the database connections close. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.again = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.wakeTimer?.();
    this.wakeTimer = null;
    this.waitingForTimer = null;
    await this.interrupt();
    await this.idle();
  }

  /** Asks for a rebuild (after an import has committed), once imports are quiet; returns at once. */
  refreshSoon(): void {
    if (this.stopping) return;
    if (this.timer) clearTimeout(this.timer);
    this.waitingForTimer ??= new Promise<void>((resolve) => (this.wakeTimer = resolve));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.start();
      this.wakeTimer?.();
      this.waitingForTimer = null;
      this.wakeTimer = null;
    }, REBUILD_QUIET_MS);
    this.timer.unref();
  }

  /** Cancels the rebuild in progress, if any (an import is about to start); it runs again later. */
  async interrupt(): Promise<void> {
    if (!this.running) return;
    // By the connection's name, not a pid: a pid may already serve another request.
    await this.db
      .query(`SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()`, [APPLICATION_NAME])
      .catch(() => undefined);
  }

  private start(): void {
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
          // The figures stay right (the base tables answer meanwhile). A rebuild cancelled for an
          // import runs again once imports are quiet (the import may fail and not ask for one).
          if ((err as { code?: string }).code === '57014') {
            if (this.db.isInitialized) this.refreshSoon();
          } else if (this.db.isInitialized) {
            this.logger.error(`deal facts rebuild failed: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
      } while (this.again && !this.stopping && this.timer === null);
      this.running = null;
    })();
  }

  /** Resolves when no rebuild is running or asked for (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.waitingForTimer || this.running) await (this.waitingForTimer ?? this.running);
  }

  /** Rebuilds the table unless it is already built from the current data version. */
  private async refresh(): Promise<void> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SET application_name = '${APPLICATION_NAME}'`);
      // The locks first, then the snapshot: a rebuild sees what the previous one committed, and
      // it waits for a running import (sharing the import lock), so that it never holds table
      // locks an import waits for; an import that starts meanwhile cancels it (interrupt).
      await runner.query(`SELECT pg_advisory_lock(${LOCK})`);
      await runner.query(`SELECT pg_advisory_lock_shared(${IMPORT_LOCK_KEY})`);
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
        await runner.query(`SELECT pg_advisory_unlock_shared(${IMPORT_LOCK_KEY})`).catch(() => undefined);
        await runner.query(`SELECT pg_advisory_unlock(${LOCK})`).catch(() => undefined);
      }
    } finally {
      await runner.query('RESET application_name').catch(() => undefined);
      await runner.release();
    }
  }
}

@Global()
@Module({ providers: [DealFactsService], exports: [DealFactsService] })
export class DealFactsModule {}
