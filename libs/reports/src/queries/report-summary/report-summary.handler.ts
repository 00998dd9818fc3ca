import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  AGENCY_LABELS,
  CLOCK,
  cutPeriod,
  DISPUTE_TYPE_NAMES,
  FIGURE_DEFINITIONS,
  parseReportPeriod,
  REGION_NAMES,
  TIER_LABELS,
  toShanghaiIso,
  ValidationError,
  YEARBOOK_CATEGORY_LABELS,
  yearbookCategoryOf,
  type Clock,
  type Counters,
  type ReportPeriod,
} from '@tiaojie/domain';
import {
  ReportingTypeormRepository,
  TransactionRunner,
  type AggregateScope,
  type DurationCube,
  type GroupExpression,
  type OutreachGroup,
  type SummaryRows,
} from '@tiaojie/persistence';
import { childRegionLength, reportScope, type ReportScope } from '../../shared/report-scope';
import {
  addCounters,
  BASIS_LABELS,
  emptyCounters,
  emptyHistograms,
  figuresOf,
  mergeHistograms,
  ratio,
  type Histograms,
  type OutreachSums,
  type ReportGroupFigures,
  type ReportSummary,
} from './report-summary';
import type { ReportGroup } from './report-summary.params';
import { GetReportSummaryQuery } from './report-summary.query';

interface Bucket {
  counters: Counters;
  histograms: Histograms;
  outreach: OutreachSums | null;
}

/**
 * Managers' figures (DOMAIN §6) from the reporting read models only: counters and day histograms of
 * the caller's region subtree, whole months from the monthly rows and the edge days from the daily
 * rows, read by one statement (one round trip, one snapshot). Nothing here reads `case_events`.
 */
@QueryHandler(GetReportSummaryQuery)
export class GetReportSummaryHandler implements IQueryHandler<GetReportSummaryQuery> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly reports: ReportingTypeormRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caller, params }: GetReportSummaryQuery): Promise<ReportSummary> {
    const now = this.clock.now();
    const parsed = parseReportPeriod({ from: params.from, to: params.to }, now);
    if (!parsed.period) throw new ValidationError(parsed.errors);
    const period = parsed.period;
    const scope = reportScope(caller, params.regionCode);
    const group = params.groupBy ?? null;
    const cut = cutPeriod(period, { years: group !== 'month' });
    const aggregateScope: AggregateScope = { regionPrefix: scope.prefix, ranges: cut.ranges };

    const sqlGroup = toSqlGroup(group, scope);
    const outreachApplies = group !== 'disputeType' && group !== 'yearbookCategory';
    // One statement: a consistent snapshot on its own, so no transaction and one round trip.
    const rows = await this.reports.summary(this.tx.reader, {
      scope: aggregateScope,
      group: sqlGroup,
      durations: durationSource(group, scope.prefix),
      outreachGroup: group !== null && outreachApplies ? (sqlGroup as OutreachGroup) : null,
      from: period.from,
      to: period.to,
    });
    const buckets = this.buckets(rows, period, group, outreachApplies);
    const totals = [...buckets.values()].reduce<Bucket>(
      (t, b) => ({ counters: addCounters(t.counters, b.counters), histograms: mergeHistograms(t.histograms, b.histograms), outreach: null }),
      { counters: emptyCounters(), histograms: emptyHistograms(), outreach: null },
    );
    const labels = labelsOf(group, scope, [...buckets.keys()], rows.orgNames);
    const groups: ReportGroupFigures[] =
      group === null
        ? []
        : [...buckets.entries()]
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([key, b]) => ({ key, label: labels.get(key) ?? key, ...figuresOf(b.counters, b.histograms, params.basis, b.outreach) }));
    const outreachTotals = rows.outreachTotals ?? { activities: 0, peopleReached: 0, consultations: 0 };
    return {
      basis: params.basis,
      basisLabel: BASIS_LABELS[params.basis],
      period: { ...period, timeZone: 'Asia/Shanghai' as const },
      region: { code: scope.regionCode, name: scope.name },
      groupBy: group,
      totals: figuresOf(totals.counters, totals.histograms, params.basis, {
        activities: outreachTotals.activities,
        peopleReached: outreachTotals.peopleReached,
        consultations: outreachTotals.consultations,
      }),
      groups,
      deadlineComplianceByOrg: rows.compliance.map((c) => ({ ...c, compliance: ratio(c.met, c.met + c.expired) })),
      definitions: FIGURE_DEFINITIONS,
      generatedAt: toShanghaiIso(now),
    };
  }

  private buckets(rows: SummaryRows, period: ReportPeriod, group: ReportGroup | null, outreachApplies: boolean): Map<string, Bucket> {
    const rekey = group === 'yearbookCategory' ? yearbookCategoryOf : (k: string) => k;
    const buckets = new Map<string, Bucket>();
    const bucket = (key: string) => {
      let b = buckets.get(key);
      if (!b) {
        b = { counters: emptyCounters(), histograms: emptyHistograms(), outreach: outreachApplies ? { activities: 0, peopleReached: 0, consultations: 0 } : null };
        buckets.set(key, b);
      }
      return b;
    };
    if (group === 'month') for (const m of monthsOf(period)) bucket(m);
    for (const row of rows.aggregates) {
      const { key, ...counters } = row;
      addCounters(bucket(rekey(key ?? '')).counters, counters);
    }
    for (const row of rows.durations) {
      const h = bucket(rekey(row.key ?? '')).histograms[row.stage];
      row.days.forEach((days, i) => h.set(days, (h.get(days) ?? 0) + row.n[i]));
    }
    for (const row of rows.outreach) {
      const o = bucket(row.key ?? '').outreach!;
      o.activities += row.activities;
      o.peopleReached += row.peopleReached;
      o.consultations += row.consultations;
    }
    return buckets;
  }
}

function labelsOf(group: ReportGroup | null, scope: ReportScope, keys: string[], orgNames: Map<string, string>): Map<string, string> {
  const zh = (table: Record<string, { zh: string }>) => new Map(keys.map((k) => [k, table[k]?.zh ?? k]));
  switch (group) {
    case 'month':
      return new Map(keys.map((k) => [k, `${k.slice(0, 4)}年${Number(k.slice(5, 7))}月`]));
    case 'region':
      return new Map(keys.map((k) => [k, `${REGION_NAMES[k] ?? k}${k === scope.regionCode ? '（本级）' : ''}`]));
    case 'agency':
      return zh(AGENCY_LABELS);
    case 'tier':
      return zh(TIER_LABELS);
    case 'disputeType':
      return zh(DISPUTE_TYPE_NAMES);
    case 'yearbookCategory':
      return zh(YEARBOOK_CATEGORY_LABELS);
    case 'org':
      return orgNames;
    default:
      return new Map();
  }
}

/**
 * The smallest histogram cube that answers a grouping over a region: COUNTY for totals, months and a
 * city's counties; COUNTY_TYPE for dispute types down to a county; ORG for bodies, tiers,
 * organisations and regions below a county; the case facts for dispute types below a county.
 */
function durationSource(group: ReportGroup | null, prefix: string): DurationCube | 'FACTS' {
  const withinCounty = prefix.length <= 6;
  switch (group) {
    case null:
    case 'month':
      return withinCounty ? 'COUNTY' : 'ORG';
    case 'region':
      return childRegionLength(prefix) <= 6 ? 'COUNTY' : 'ORG';
    case 'disputeType':
    case 'yearbookCategory':
      return withinCounty ? 'COUNTY_TYPE' : 'FACTS';
    default:
      return 'ORG';
  }
}

function toSqlGroup(group: ReportGroup | null, scope: ReportScope): GroupExpression | null {
  switch (group) {
    case null:
      return null;
    case 'region':
      return { regionLength: childRegionLength(scope.prefix) };
    case 'yearbookCategory':
      return 'disputeType';
    default:
      return group;
  }
}

/** 'YYYY-MM' of every month the period touches. */
function monthsOf({ from, to }: ReportPeriod): string[] {
  const out: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  for (let ym = from.slice(0, 7); ym <= to.slice(0, 7); ym = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`) {
    out.push(ym);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}
