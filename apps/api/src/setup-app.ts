import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@tiaojie/config';
import { json, static as serveStatic, type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rejectUnstorableInput } from './http/unstorable-input';
import { ProblemDetailsFilter } from './http/problem-details.filter';

/**
 * Where the web console's build (apps/web/dist, `npm run build:web`) is: beside the sources when
 * the API runs from TypeScript (tests), four levels up when it runs from dist/apps/api/src.
 */
export function findWebBuild(): string | undefined {
  return [resolve(__dirname, '..', '..', 'web', 'dist'), resolve(__dirname, '..', '..', '..', '..', 'apps', 'web', 'dist')].find((dir) =>
    existsSync(join(dir, 'index.html')),
  );
}

/** The console's page: no caching (it names the current hashed assets) and a strict content policy. */
const INDEX_HEADERS: Record<string, string> = {
  'Cache-Control': 'no-cache',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/**
 * Serves the web console at `/` with plain Express middleware (no Nest routes, so the OpenAPI
 * document and the route policy stay about the API alone): hashed assets cached for a year, and
 * every other GET outside /api and /metrics answered with index.html for the client-side router.
 */
function serveWebConsole(app: INestApplication, dir: string): void {
  const index = join(dir, 'index.html');
  app.use(
    '/assets',
    serveStatic(join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }),
  );
  app.use(
    serveStatic(dir, {
      index: false,
      maxAge: '1h',
      setHeaders: (res, path) => {
        if (path === index) res.set(INDEX_HEADERS);
      },
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || /^\/(api|metrics)(\/|$)/.test(req.path)) return next();
    res.set(INDEX_HEADERS);
    res.sendFile(index);
  });
}

/** Everything about the HTTP app that tests and main.ts share. */
export function setupApp(app: INestApplication, _config: AppConfig): void {
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  app.use(json({ limit: '1mb' }));
  app.use(rejectUnstorableInput);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  const doc = new DocumentBuilder()
    .setTitle('Tiaojie API')
    .setDescription('Joint labor-dispute mediation: cases, deadlines, referrals. Errors are application/problem+json.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
  const web = findWebBuild();
  if (web) serveWebConsole(app, web);
}
