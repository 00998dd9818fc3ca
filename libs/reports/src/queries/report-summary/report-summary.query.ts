import { Query } from '@nestjs/cqrs';
import type { Caller } from '@tiaojie/cases';
import type { ReportSummary } from './report-summary';
import type { ReportSummaryParams } from './report-summary.params';

export * from './report-summary.params';

/** `GET /api/reports/summary` (API.md "Reports"): managers' figures over a period and a region subtree. */
export class GetReportSummaryQuery extends Query<ReportSummary> {
  constructor(
    readonly caller: Caller,
    readonly params: ReportSummaryParams,
  ) {
    super();
  }
}
