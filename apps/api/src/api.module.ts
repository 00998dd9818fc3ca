import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ThrottlerModule } from '@nestjs/throttler';
import { CasesModule } from '@tiaojie/cases';
import { ConfigModule, loggerParams, type AppConfig } from '@tiaojie/config';
import { RedisModule } from '@tiaojie/deadlines';
import { IdentityModule } from '@tiaojie/identity';
import { PersistenceModule } from '@tiaojie/persistence';
import { LoggerModule } from 'nestjs-pino';
import { AdminClockController } from './admin/admin-clock.controller';
import { AuthController } from './auth/auth.controller';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { CasesController } from './cases/cases.controller';
import { DemoSeeder } from './demo-seeder';
import { HealthController } from './ops/health.controller';
import { MetricsController } from './ops/metrics.controller';
import { WorkflowController } from './ops/workflow.controller';
import { ReferralsController } from './referrals/referrals.controller';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, 'api')),
        CqrsModule.forRoot(),
        ThrottlerModule.forRoot([{ name: 'default', ttl: 60_000, limit: 30 }]),
        PersistenceModule,
        RedisModule,
        IdentityModule,
        CasesModule,
      ],
      controllers: [AuthController, CasesController, ReferralsController, HealthController, MetricsController, WorkflowController, AdminClockController],
      providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }, DemoSeeder],
    };
  }
}
