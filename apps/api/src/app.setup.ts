import fs from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from './config/config.js';

/** Everything main.ts and the tests both need on top of the module: body parsing, docs, the SPA. */
export function setupApp(app: NestExpressApplication, config: AppConfig): void {
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
