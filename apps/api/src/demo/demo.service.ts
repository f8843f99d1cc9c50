import { ConflictException, Injectable, Logger } from '@nestjs/common';
import { ENTITY_NAMES, ENTITY_SPECS, type EntityName } from '../imports/entity-specs.js';
import type { ImportSummary } from '../imports/importer.js';
import { ImportsService } from '../imports/imports.service.js';
import { rowsSource, type RecordSource } from '../imports/sources.js';
import { generateRows } from './generate.js';

/** The demo: a seeded company dataset, about three years up to today. */
export const DEMO_DEALS = 4000;
export const DEMO_SEED = 20261121;

export interface DemoResult {
  end_date: string;
  entities: ImportSummary[];
}

@Injectable()
export class DemoService {
  private readonly logger = new Logger('Demo');
  constructor(private readonly imports: ImportsService) {}

  /**
   * Loads the demo through the same import path as user data, all seven entities in one
   * transaction. Refuses (409) when data is present unless `replace` is set, which first
   * empties every entity.
   */
  async load(endDate: string, replace: boolean): Promise<DemoResult> {
    const entities = await this.imports.inTransaction(async (client) => {
      const present = await client.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM partners) + (SELECT count(*) FROM accounts) + (SELECT count(*) FROM spend) AS n`,
      );
      if (Number(present.rows[0].n) > 0 && !replace) {
        throw new ConflictException('the database already holds data; load the demo with replace=true to wipe it first');
      }
      for (const entity of [...ENTITY_NAMES].reverse()) await client.query(`DELETE FROM ${ENTITY_SPECS[entity].table}`);
      const summaries: ImportSummary[] = [];
      for (const entity of ENTITY_NAMES) {
        const source = generatedSource(entity, { seed: DEMO_SEED, deals: DEMO_DEALS, endDate });
        summaries.push(await this.imports.importWith(client, entity, source, { mode: 'upsert', dryRun: false, onError: 'reject' }));
      }
      return { result: summaries, commit: true };
    }, ENTITY_NAMES);
    this.logger.log(`demo loaded: ${entities.map((e) => `${e.inserted} ${e.entity}`).join(', ')}`);
    return { end_date: endDate, entities };
  }

  /** For `npm start -- --demo`: loads the demo only into an empty database. */
  async loadIfEmpty(endDate: string): Promise<DemoResult | null> {
    try {
      return await this.load(endDate, false);
    } catch (err) {
      if (err instanceof ConflictException) {
        this.logger.log('data present: demo not loaded');
        return null;
      }
      throw err;
    }
  }
}

function generatedSource(entity: EntityName, opts: { seed: number; deals: number; endDate: string }): RecordSource {
  return rowsSource(
    ENTITY_SPECS[entity].fields.map((f) => f.name),
    generateRows(entity, opts),
  );
}
