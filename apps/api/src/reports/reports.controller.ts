import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Caller } from '@tiaojie/cases';
import { ValidationError, zodFieldErrors } from '@tiaojie/domain';
import {
  exportFileName,
  GetReportSummaryQuery,
  REPORT_BASES,
  REPORT_GROUPS,
  summaryCsv,
  summaryXlsx,
  type ReportSummary,
  type ReportSummaryParams,
} from '@tiaojie/reports';
import type { Response } from 'express';
import { CurrentUser } from '../auth/auth.decorators';
import { reportSummaryQuerySchema } from './reports.schemas';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function SummaryParams(): MethodDecorator {
  return (target, key, descriptor) => {
    ApiQuery({ name: 'from', required: false, description: 'first day, YYYY-MM-DD (Asia/Shanghai); default 1 January of this year' })(target, key, descriptor);
    ApiQuery({ name: 'to', required: false, description: 'last day, YYYY-MM-DD, included; default 31 December of this year' })(target, key, descriptor);
    ApiQuery({ name: 'regionCode', required: false, description: 'a region inside your own (404 outside it); default your region' })(target, key, descriptor);
    ApiQuery({ name: 'groupBy', required: false, enum: REPORT_GROUPS })(target, key, descriptor);
    ApiQuery({ name: 'basis', required: false, enum: REPORT_BASES, description: 'amount recovered: verified payments (paid, default) or sums agreed' })(target, key, descriptor);
    ApiBadRequestResponse({ description: 'problem+json naming each invalid parameter' })(target, key, descriptor);
    ApiNotFoundResponse({ description: 'the region is outside yours' })(target, key, descriptor);
  };
}

/** Managers' figures (API.md "Reports"; DOMAIN §6), as JSON, CSV or XLSX. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('summary')
  @ApiOperation({ summary: "Managers' figures over a period for your region subtree, with each figure's definition" })
  @SummaryParams()
  @ApiOkResponse({ description: '{ basis, period, region, totals, groups, deadlineComplianceByOrg, definitions }' })
  summary(@CurrentUser() caller: Caller, @Query() query: Record<string, unknown>): Promise<ReportSummary> {
    return this.run(caller, query);
  }

  @Get('summary.csv')
  @ApiOperation({ summary: 'The summary as CSV (UTF-8 with BOM; money in yuan; definitions after the table)' })
  @ApiProduces('text/csv')
  @SummaryParams()
  async csv(@CurrentUser() caller: Caller, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const s = await this.run(caller, query);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(s, 'csv')}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(summaryCsv(s));
  }

  @Get('summary.xlsx')
  @ApiOperation({ summary: 'The summary as XLSX: 汇总, 口径说明 (definitions), 期限遵守（按机构）' })
  @ApiProduces(XLSX_TYPE)
  @SummaryParams()
  async xlsx(@CurrentUser() caller: Caller, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const s = await this.run(caller, query);
    const body = await summaryXlsx(s);
    res.setHeader('Content-Type', XLSX_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(s, 'xlsx')}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  }

  private run(caller: Caller, query: Record<string, unknown>): Promise<ReportSummary> {
    const parsed = reportSummaryQuerySchema.safeParse(query);
    if (!parsed.success) throw new ValidationError(zodFieldErrors(parsed.error));
    return this.queries.execute(new GetReportSummaryQuery(caller, parsed.data as ReportSummaryParams));
  }
}
