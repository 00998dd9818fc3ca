import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '@tiaojie/audit';
import { CasesModule } from '@tiaojie/cases';
import { ConfigModule, type AppConfig } from '@tiaojie/config';
import { PersistenceModule } from '@tiaojie/persistence';
import { ReportsModule } from '@tiaojie/reports';
import { DemoCastSeeder } from './run/demo-cast.seeder';
import { DemoYearRunner } from './run/demo-year.runner';
import { DemoYearStore } from './run/demo-year.store';

/** The command path without HTTP (command bus, persistence, audit, the test clock, cases and outreach) and the demo-year runner on top. */
@Module({})
export class DemoYearModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DemoYearModule,
      imports: [ConfigModule.forRoot(config), CqrsModule.forRoot(), PersistenceModule, AuditModule, CasesModule, ReportsModule],
      providers: [DemoYearRunner, DemoYearStore, DemoCastSeeder],
    };
  }
}
