import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuditModule } from '@tiaojie/audit';
import { CasesModule } from '@tiaojie/cases';
import { ConfigModule, loggerParams, type AppConfig } from '@tiaojie/config';
import { RedisModule } from '@tiaojie/deadlines';
import { IdentityModule } from '@tiaojie/identity';
import { PersistenceModule } from '@tiaojie/persistence';
import { ReportsModule } from '@tiaojie/reports';
import { LoggerModule } from 'nestjs-pino';
import { AdminAuditController } from './admin/admin-audit.controller';
import { AdminClockController } from './admin/admin-clock.controller';
import { AdminUsersController } from './admin/admin-users.controller';
import { AuthController } from './auth/auth.controller';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { PolicyGuard } from './auth/policy.guard';
import { ConflictsController } from './auth/conflicts.controller';
import { CasesController } from './cases/cases.controller';
import { DemoSeeder } from './demo-seeder';
import { HealthController } from './ops/health.controller';
import { MetricsController } from './ops/metrics.controller';
import { WorkflowController } from './ops/workflow.controller';
import { CaseMessagesController, NotificationsController } from './notifications/notifications.controller';
import { ReferralsController } from './referrals/referrals.controller';
import { OutreachController } from './reports/outreach.controller';
import { ReportsController } from './reports/reports.controller';

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
        AuditModule,
        RedisModule,
        IdentityModule,
        CasesModule,
        ReportsModule,
      ],
      controllers: [AuthController, ConflictsController, CasesController, ReferralsController, NotificationsController, CaseMessagesController, HealthController, MetricsController, WorkflowController, AdminClockController, AdminAuditController, AdminUsersController, ReportsController, OutreachController],
      providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: PolicyGuard }, DemoSeeder],
    };
  }
}
