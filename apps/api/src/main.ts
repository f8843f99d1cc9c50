import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { setupApp } from './app.setup.js';
import { createLogger, PinoNestLogger } from './common/logging.js';
import { ConfigError, loadConfig, type AppConfig } from './config/config.js';
import { startEmbeddedPostgres } from './database/embedded-postgres.js';
import { DemoService } from './demo/demo.service.js';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env, process.argv.slice(2));
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const pinoLogger = createLogger(config.logLevel);
  Logger.overrideLogger(new PinoNestLogger(pinoLogger));
  const logger = new Logger('Partner KPI');

  let stopDatabase: () => Promise<void> = () => Promise.resolve();
  let databaseUrl: string;
  if (config.databaseUrl !== null) {
    databaseUrl = config.databaseUrl;
  } else {
    logger.log(`no DATABASE_URL: starting the embedded PostgreSQL in ${config.dataDir}`);
    try {
      const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log: (m: string) => logger.log(m) });
      databaseUrl = embedded.url;
      stopDatabase = () => embedded.stop();
    } catch (err) {
      logger.error(`the embedded PostgreSQL did not start: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    }
  }

  let app: NestExpressApplication | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    try {
      await app?.close();
    } finally {
      await stopDatabase();
    }
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void shutdown(signal));
  }

  try {
    app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
      bodyParser: false,
      logger: new PinoNestLogger(pinoLogger),
    });
    setupApp(app, config, pinoLogger);
    await app.listen(config.port, config.host);
  } catch (err) {
    logger.error(err instanceof Error ? err.message : String(err));
    await app?.close().catch(() => undefined);
    await stopDatabase();
    process.exit(1);
  }
  logger.log(`listening on http://localhost:${config.port} (API docs at /api/docs)`);
  if (config.loadDemo) {
    await app.get(DemoService).loadIfEmpty(new Date().toISOString().slice(0, 10));
  }
}

void main();
