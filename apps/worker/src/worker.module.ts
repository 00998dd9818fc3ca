import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CasesModule } from '@tiaojie/cases';
import { ConfigModule, loggerParams, type AppConfig } from '@tiaojie/config';
import { DeadlinesModule, RedisModule } from '@tiaojie/deadlines';
import { NotificationPipelineModule, RemindersModule } from '@tiaojie/notifications';
import { PersistenceModule } from '@tiaojie/persistence';
import { LoggerModule } from 'nestjs-pino';
import { DeadlineProcessor } from './deadline.processor';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, 'worker')),
        CqrsModule.forRoot(),
        PersistenceModule,
        RedisModule,
        CasesModule,
        DeadlinesModule,
        NotificationPipelineModule,
        RemindersModule,
      ],
      providers: [DeadlineProcessor],
    };
  }
}
