import { AGENCY_LABELS, FIGURE_DEFINITIONS, yuanDecimal } from '@tiaojie/domain';
import type { ReportFigures, ReportSummary } from '../queries/report-summary/report-summary';

/**
 * The summary as a table for the exports: Chinese headers, one row of totals then one per group.
 * Money stays integer fen until it is written as yuan with two decimals from its digits
 * (`yuanDecimal`): no float ever touches an amount.
 */
export type CellKind = 'text' | 'count' | 'yuan' | 'rate' | 'days';
export interface Cell {
  kind: CellKind;
  /** Counts and days as numbers, money as the exact yuan string ('12500.00'), rates 0..1; null = not applicable. */
  value: string | number | null;
}
export interface Column {
  header: string;
  kind: CellKind;
  get: (f: ReportFigures) => number | null;
}

const fen = (header: string, get: (f: ReportFigures) => number): Column => ({ header, kind: 'yuan', get });
const count = (header: string, get: (f: ReportFigures) => number | null): Column => ({ header, kind: 'count', get });
const rate = (header: string, get: (f: ReportFigures) => number | null): Column => ({ header, kind: 'rate', get });
const days = (header: string, get: (f: ReportFigures) => number | null): Column => ({ header, kind: 'days', get });

export function summaryColumns(s: Pick<ReportSummary, 'basis'>): Column[] {
  return [
    count('受理案件数', (f) => f.casesAccepted),
    count('结案数', (f) => f.casesClosed),
    count('调解终结数', (f) => f.mediationsConcluded),
    count('达成协议数', (f) => f.agreements),
    rate('调解成功率', (f) => f.successRate),
    count('涉及劳动者人数', (f) => f.workersCovered),
    fen('请求金额（元）', (f) => f.claimedFen),
    fen('协议金额（元）', (f) => f.agreedFen),
    fen('实际支付金额（元）', (f) => f.paidFen),
    fen(`追回金额（元，口径：${s.basis === 'paid' ? '实际支付' : '协议金额'}）`, (f) => f.recoveredFen),
    days('结案天数中位数', (f) => f.medianDaysToClose),
    days('结案天数第90百分位', (f) => f.p90DaysToClose),
    days('调解阶段天数中位数', (f) => f.medianDaysToConcludeMediation),
    days('调解阶段天数第90百分位', (f) => f.p90DaysToConcludeMediation),
    count('期限按时完成数', (f) => f.deadlinesMet),
    count('期限逾期数', (f) => f.deadlinesExpired),
    rate('期限遵守率', (f) => f.deadlineCompliance),
    count('以调解结案数', (f) => f.routing.mediation),
    count('以仲裁结案数', (f) => f.routing.arbitration),
    count('以诉讼结案数', (f) => f.routing.litigation),
    count('其他结案数', (f) => f.routing.other),
    rate('调解结案占比', (f) => f.routing.mediationShare),
    rate('仲裁结案占比', (f) => f.routing.arbitrationShare),
    rate('诉讼结案占比', (f) => f.routing.litigationShare),
    count('法院委派调解数', (f) => f.entrusted),
    rate('法院委派占比', (f) => f.entrustedShare),
    count('申请司法确认数', (f) => f.confirmationRequested),
    count('司法确认数', (f) => f.confirmed),
    rate('司法确认率', (f) => f.confirmationRate),
    count('农民工案件数', (f) => f.breakdowns.migrant),
    count('平台用工案件数', (f) => f.breakdowns.platform),
    count('集体争议案件数', (f) => f.breakdowns.collective),
    count('普法活动次数', (f) => f.outreach.activities),
    count('普法覆盖人数', (f) => f.outreach.peopleReached),
    count('咨询人次', (f) => f.outreach.consultations),
    count('由活动引出案件数', (f) => f.outreach.casesFromOutreach),
  ];
}

export const GROUP_HEADERS: Record<string, string> = {
  month: '月份',
  region: '地区',
  agency: '机构类别',
  disputeType: '争议类型',
  yearbookCategory: '年鉴分类',
  tier: '层级',
  org: '机构',
};

export interface SummaryTable {
  headers: string[];
  rows: Cell[][];
}

export function summaryTable(s: ReportSummary): SummaryTable {
  const columns = summaryColumns(s);
  const cells = (label: string, f: ReportFigures): Cell[] => [
    { kind: 'text', value: label },
    ...columns.map((c): Cell => {
      const v = c.get(f);
      return { kind: c.kind, value: v === null ? null : c.kind === 'yuan' ? yuanDecimal(v) : v };
    }),
  ];
  return {
    headers: [s.groupBy ? GROUP_HEADERS[s.groupBy] : '范围', ...columns.map((c) => c.header)],
    rows: [cells('合计', s.totals), ...s.groups.map((g) => cells(g.label, g))],
  };
}

/** What the figures mean and which report this is: the second sheet (XLSX) or the trailing section (CSV). */
export function definitionRows(s: ReportSummary): string[][] {
  const meta: string[][] = [
    ['统计期间（Asia/Shanghai）', `${s.period.from} 至 ${s.period.to}`, `${s.period.from} to ${s.period.to}`],
    ['地区', `${s.region.name}（${s.region.code}）`, s.region.code],
    ['追回金额口径', s.basisLabel.zh, s.basisLabel.en],
    ['生成时间', s.generatedAt, s.generatedAt],
  ];
  const defs = Object.values(FIGURE_DEFINITIONS).map((d) => [d.label.zh, d.definition.zh, d.definition.en]);
  return [['指标', '定义', 'Definition'], ...meta, ...defs];
}

export function complianceRows(s: ReportSummary): { headers: string[]; rows: Cell[][] } {
  return {
    headers: ['机构', '机构类别', '按时完成数', '逾期数', '期限遵守率'],
    rows: s.deadlineComplianceByOrg.map((c) => [
      { kind: 'text', value: c.orgName },
      { kind: 'text', value: AGENCY_LABELS[c.agency]?.zh ?? c.agency },
      { kind: 'count', value: c.met },
      { kind: 'count', value: c.expired },
      { kind: 'rate', value: c.compliance },
    ]),
  };
}

export function exportFileName(s: ReportSummary, ext: 'csv' | 'xlsx'): string {
  return `tiaojie-summary-${s.region.code}-${s.period.from}-${s.period.to}${s.groupBy ? `-by-${s.groupBy}` : ''}-${s.basis}.${ext}`;
}
