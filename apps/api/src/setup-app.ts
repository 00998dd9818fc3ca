import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@tiaojie/config';
import { json, type NextFunction, type Request, type Response } from 'express';
import { ProblemDetailsFilter } from './http/problem-details.filter';

/** Everything about the HTTP app that tests and main.ts share. */
export function setupApp(app: INestApplication, _config: AppConfig): void {
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  app.use(json({ limit: '1mb' }));
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
}
