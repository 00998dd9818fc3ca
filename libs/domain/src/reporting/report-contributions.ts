import type { CaseFacts } from './case-facts';

/**
 * What one case, one payment or one deadline adds to the reporting aggregates (DOMAIN §6), by legal
 * day and by where it is counted. The command transaction retracts what the case contributed before
 * a transition and adds what it contributes after, so the aggregates stay exact whatever changes —
 * a later confirmation, a transfer to another region, a payment dated last month.
 *
 * Contract: counter names are columns of `report_aggregates` (camelCase here, snake_case there).
 */
export const REPORT_COUNTERS = [
  'casesAccepted',
  'workers',
  'claimedFen',
  'entrusted',
  'migrant',
  'platform',
  'collective',
  'fromOutreach',
  'casesClosed',
  'routeMediation',
  'routeArbitration',
  'routeLitigation',
  'routeOther',
  'mediationsConcluded',
  'mediationSuccesses',
  'agreements',
  'agreedFen',
  'confirmationRequested',
  'confirmed',
  'payments',
  'paidFen',
  'deadlinesMet',
  'deadlinesExpired',
] as const;
export type ReportCounter = (typeof REPORT_COUNTERS)[number];
export type Counters = Record<ReportCounter, number>;

/** Integer-day histograms, from which medians and 90th percentiles are exact. */
export const DURATION_STAGES = ['CLOSE', 'MEDIATION'] as const;
export type DurationStage = (typeof DURATION_STAGES)[number];

/** Where a figure is counted: the aggregates' key (agency and tier follow from the organisation). */
export interface ReportDims {
  regionCode: string;
  orgId: string;
  agency: string;
  tier: string;
  disputeType: string;
}

export interface Contribution {
  day: string;
  dims: ReportDims;
  counters: Partial<Counters>;
  duration?: { stage: DurationStage; days: number };
}

export const emptyCounters = (): Counters => Object.fromEntries(REPORT_COUNTERS.map((k) => [k, 0])) as Counters;

export const dimsOf = (f: Pick<CaseFacts, 'regionCode' | 'orgId' | 'agency' | 'tier' | 'disputeType'>): ReportDims => ({
  regionCode: f.regionCode,
  orgId: f.orgId,
  agency: f.agency,
  tier: f.tier,
  disputeType: f.disputeType,
});

const ROUTE_COUNTER = { MEDIATION: 'routeMediation', ARBITRATION: 'routeArbitration', LITIGATION: 'routeLitigation', OTHER: 'routeOther' } as const;

/** The case's own contributions (payments and deadlines are counted by their own rows). */
export function caseContributions(f: CaseFacts): Contribution[] {
  const dims = dimsOf(f);
  const out: Contribution[] = [];
  if (f.acceptedOn) {
    out.push({
      day: f.acceptedOn,
      dims,
      counters: {
        casesAccepted: 1,
        workers: f.workers,
        claimedFen: f.claimedFen,
        entrusted: +f.entrusted,
        migrant: +f.migrant,
        platform: +f.platform,
        collective: +f.collective,
        fromOutreach: +f.fromOutreach,
      },
    });
  }
  if (f.closedOn && f.daysToClose !== null) {
    out.push({ day: f.closedOn, dims, counters: { casesClosed: 1, [ROUTE_COUNTER[f.route]]: 1 }, duration: { stage: 'CLOSE', days: f.daysToClose } });
  }
  if (f.mediationConcludedOn && f.daysToConclude !== null) {
    out.push({
      day: f.mediationConcludedOn,
      dims,
      counters: { mediationsConcluded: 1, mediationSuccesses: f.mediationSucceeded ? 1 : 0 },
      duration: { stage: 'MEDIATION', days: f.daysToConclude },
    });
  }
  if (f.agreementSignedOn) {
    out.push({
      day: f.agreementSignedOn,
      dims,
      counters: { agreements: 1, agreedFen: f.agreedFen, confirmationRequested: +f.confirmationRequested, confirmed: +f.confirmed },
    });
  }
  return out;
}

export function paymentContribution(dims: ReportDims, paidOn: string, amountFen: number): Contribution {
  return { day: paidOn, dims, counters: { payments: 1, paidFen: amountFen } };
}

export function deadlineContribution(dims: ReportDims, resolvedOn: string, status: 'MET' | 'EXPIRED'): Contribution {
  return { day: resolvedOn, dims, counters: status === 'MET' ? { deadlinesMet: 1 } : { deadlinesExpired: 1 } };
}

/** One row of change to the aggregates: counters (and a histogram bucket) to add under a key. */
export interface AggregateDelta {
  day: string;
  dims: ReportDims;
  counters: Partial<Counters>;
}

export interface DurationDelta {
  day: string;
  dims: ReportDims;
  stage: DurationStage;
  days: number;
  n: number;
}

const keyOf = (day: string, d: ReportDims) => `${day}|${d.regionCode}|${d.orgId}|${d.disputeType}`;

/**
 * `added` minus `removed`, netted per key; rows that net to zero are dropped. Sorted by key, so
 * concurrent transactions lock aggregate rows in one order (no deadlocks).
 */
export function netDeltas(removed: readonly Contribution[], added: readonly Contribution[]): { aggregates: AggregateDelta[]; durations: DurationDelta[] } {
  const agg = new Map<string, AggregateDelta>();
  const dur = new Map<string, DurationDelta>();
  const apply = (c: Contribution, sign: 1 | -1) => {
    const k = keyOf(c.day, c.dims);
    const row = agg.get(k) ?? { day: c.day, dims: c.dims, counters: {} };
    for (const [name, v] of Object.entries(c.counters) as [ReportCounter, number][]) {
      row.counters[name] = (row.counters[name] ?? 0) + sign * v;
    }
    agg.set(k, row);
    if (c.duration) {
      const dk = `${k}|${c.duration.stage}|${c.duration.days}`;
      const d = dur.get(dk) ?? { day: c.day, dims: c.dims, stage: c.duration.stage, days: c.duration.days, n: 0 };
      d.n += sign;
      dur.set(dk, d);
    }
  };
  removed.forEach((c) => apply(c, -1));
  added.forEach((c) => apply(c, 1));
  const aggregates = [...agg.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, row]) => ({ ...row, counters: Object.fromEntries(Object.entries(row.counters).filter(([, v]) => v !== 0)) }))
    .filter((row) => Object.keys(row.counters).length > 0);
  const durations = [...dur.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => d)
    .filter((d) => d.n !== 0);
  return { aggregates, durations };
}
