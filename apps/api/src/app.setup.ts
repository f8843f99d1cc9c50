import fs from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { httpLogger, requestId } from './common/logging.js';
import type { AppConfig } from './config/config.js';

/** Everything main.ts and the tests both need on top of the module: body parsing, docs, the SPA. */
export function setupApp(app: NestExpressApplication, config: AppConfig, logger?: Logger): void {
  if (config.trustProxy !== null) app.set('trust proxy', parseTrustProxy(config.trustProxy));
  app.use(requestId);
  if (logger) app.use(httpLogger(logger));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          // Recharts and React set style attributes; no inline script is allowed.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          // Served over plain HTTP on a workstation: do not send the browser to https://.
          upgradeInsecureRequests: null,
        },
      },
      // HSTS only matters (and only should be sent) behind HTTPS, which a proxy terminates.
      strictTransportSecurity: false,
    }),
  );
  // No CORS: the SPA is served from the same origin, and nothing else should call with cookies.
  app.use(cookieParser());
  app.useBodyParser('json', { limit: config.jsonMaxBytes });
  app.disable('x-powered-by');

  const doc = new DocumentBuilder()
    .setTitle('Partner KPI API')
    .setDescription('Import CRM, partner and finance data; read the partner metrics of docs/spec/metrics.md.')
    .setVersion('1')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc));

  const webDir = config.webDir;
  if (webDir && fs.existsSync(path.join(webDir, 'index.html'))) {
    app.useStaticAssets(webDir, { index: false, maxAge: '1h', immutable: false });
    const index = path.join(webDir, 'index.html');
    // Client-side routes: any GET outside /api that asks for HTML gets the SPA shell.
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' || req.path.startsWith('/api') || !req.accepts('html')) {
        next();
        return;
      }
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  }
}

/** TRUST_PROXY: `true`, a hop count, or Express's list of addresses / names (loopback, uniquelocal...). */
function parseTrustProxy(raw: string): boolean | number | string {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}
