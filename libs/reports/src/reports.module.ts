import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '@tiaojie/audit';
import { RecordOutreachHandler } from './commands/record-outreach/record-outreach.handler';
import { ListOutreachHandler } from './queries/list-outreach/list-outreach.handler';
import { GetReportSummaryHandler } from './queries/report-summary/report-summary.handler';

/** Managers' figures (DOMAIN §6) and outreach activities (DOMAIN §3.9). */
@Module({
  imports: [CqrsModule, AuditModule],
  providers: [GetReportSummaryHandler, RecordOutreachHandler, ListOutreachHandler],
})
export class ReportsModule {}
