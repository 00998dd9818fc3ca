import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { CLOCK } from '@tiaojie/domain';
import { PrivacyModule } from '@tiaojie/privacy';
import { DataSource } from 'typeorm';
import { CaseTypeormRepository } from './cases/case.typeorm-repository';
import { SystemClock, TestClock } from './clock/clocks';
import { dataSourceOptions, ORM_ENTITIES } from './data-source';
import { DeadlineTypeormRepository } from './deadlines/deadline.typeorm-repository';
import { IdempotencyTypeormRepository } from './idempotency/idempotency.typeorm-repository';
import { IdentityTypeormRepository } from './identity/identity.typeorm-repository';
import { ConflictTypeormRepository } from './identity/conflict.typeorm-repository';
import { NotificationTypeormRepository } from './notifications/notification.typeorm-repository';
import { OutboxTypeormRepository } from './outbox/outbox.typeorm-repository';
import { OutreachTypeormRepository } from './reporting/outreach.typeorm-repository';
import { ReportingTypeormRepository } from './reporting/reporting.typeorm-repository';
import { TransactionRunner } from './transaction';

const repositories = [
  CaseTypeormRepository,
  DeadlineTypeormRepository,
  OutboxTypeormRepository,
  IdempotencyTypeormRepository,
  IdentityTypeormRepository,
  ConflictTypeormRepository,
  NotificationTypeormRepository,
  ReportingTypeormRepository,
  OutreachTypeormRepository,
  TransactionRunner,
];

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => dataSourceOptions(c.databaseUrl, c.databasePoolSize),
    }),
    TypeOrmModule.forFeature(ORM_ENTITIES),
    PrivacyModule,
  ],
  providers: [
    ...repositories,
    { provide: 'TEST_CLOCK_START', inject: [APP_CONFIG], useFactory: (c: AppConfig) => c.testClockStart },
    {
      provide: CLOCK,
      inject: [APP_CONFIG, DataSource, 'TEST_CLOCK_START'],
      useFactory: async (c: AppConfig, ds: DataSource, start: string | undefined) => {
        if (!c.testClock) return new SystemClock();
        const clock = new TestClock(ds, start);
        await clock.onModuleInit();
        return clock;
      },
    },
  ],
  exports: [...repositories, CLOCK, PrivacyModule],
})
export class PersistenceModule {}
