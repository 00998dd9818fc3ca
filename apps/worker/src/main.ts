import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@tiaojie/config';
import { createDataSource, runMigrations } from '@tiaojie/persistence';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const ds = createDataSource(config.databaseUrl, 2);
  await ds.initialize();
  await runMigrations(ds);
  await ds.destroy();

  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.get(Logger).log('worker started: outbox relay, deadline timers, reconciler');
}

bootstrap().catch((e: unknown) => {
  process.stderr.write(e instanceof ConfigError ? `${e.message}\n` : `worker failed to start: ${(e as Error)?.message ?? e}\n`);
  process.exit(1);
});
