import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module.js';
import { setupApp } from '../src/app.setup.js';
import { DealFactsService } from '../src/metrics/deal-facts.service.js';
import type { AppConfig } from '../src/config/config.js';
import { testDatabaseUrl } from './test-database.js';

/** KPI_ADMIN_TOKEN of the test apps: `t.http()` sends it; the auth tests call without it. */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestApp {
  app: NestExpressApplication;
  db: DataSource;
  /** A supertest agent that authenticates as admin with TEST_ADMIN_TOKEN. */
  http(): request.Agent;
  /** A supertest agent without credentials. */
  anonymous(): request.Agent;
  /** Empties every data table and restores default settings. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export const TEST_IMPORT_MAX_BYTES = 4 * 1024 * 1024;

/** The real AppModule on the real test database (embedded, or DATABASE_URL's server). */
export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const config: AppConfig = {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: null,
    dataDir: '',
    importMaxBytes: TEST_IMPORT_MAX_BYTES,
    jsonMaxBytes: 1024 * 1024,
    webDir: null,
    loadDemo: false,
    adminToken: TEST_ADMIN_TOKEN,
    cookieSecure: null,
    trustProxy: null,
    logLevel: 'silent',
    ...overrides,
  };
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config, testDatabaseUrl())] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error'] });
  setupApp(app, config);
  await app.init();
  const db = app.get(DataSource);
  return {
    app,
    db,
    http: () => request.agent(app.getHttpServer()).set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`),
    anonymous: () => request.agent(app.getHttpServer()),
    reset: async () => {
      // A deal-facts rebuild reads these tables: let it finish (TRUNCATE would deadlock with it).
      await app.get(DealFactsService).idle();
      await db.query('TRUNCATE spend, attachments, arr, touches, deals, accounts, partners');
      // Data changed outside the import path: tell the result cache, as an import would.
      await db.query('UPDATE data_state SET version = version + 1');
      await db.query(`UPDATE settings SET reporting_currency = 'USD', fiscal_year_start_month = 1, gross_margin = 0.8`);
    },
    close: () => app.close(),
  };
}

/** Builds a CSV body from a header and rows (cells are written as given: quote them yourself). */
export function csv(lines: string[], eol = '\n'): string {
  return lines.join(eol) + eol;
}

export async function count(db: DataSource, table: string): Promise<number> {
  const [{ n }] = await db.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${table}`);
  return Number(n);
}
