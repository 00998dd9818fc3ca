import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, loadConfig } from '@tiaojie/config';
import { ensureDemoYear } from '@tiaojie/demo';
import { createDataSource, runMigrations } from '@tiaojie/persistence';
import { Logger } from 'nestjs-pino';
import { ApiModule } from './api.module';
import { setupApp } from './setup-app';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // Migrations run on start, under an advisory lock shared with other API and worker processes.
  const ds = createDataSource(config.databaseUrl, 2);
  await ds.initialize();
  await runMigrations(ds);
  await ds.destroy();
  // DEMO_DATA=year (the default of `npm start`): the first start on an empty database generates the
  // demo year through the command path before the API answers; later starts find it there.
  if (config.demoData === 'year' && config.nodeEnv !== 'production') {
    await ensureDemoYear(config, (line) => process.stdout.write(`${line}\n`));
  }

  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  setupApp(app, config);
  app.enableShutdownHooks();
  await app.listen(config.port);
  if (config.jwtSecretIsDefault) app.get(Logger).warn('JWT_SECRET is not set: using the development secret');
  app.get(Logger).log(`API listening on port ${config.port}`);
}

bootstrap().catch((e: unknown) => {
  if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\n`);
  } else {
    process.stderr.write(`API failed to start: ${(e as Error)?.message ?? e}\n`);
  }
  process.exit(1);
});
