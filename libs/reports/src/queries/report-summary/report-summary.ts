import {
  emptyCounters,
  FIGURE_DEFINITIONS,
  medianOf,
  mergeHistogram,
  percentileOf,
  REPORT_COUNTERS,
  type Counters,
  type DurationStage,
} from '@tiaojie/domain';
import type { ReportBasis, ReportGroup } from './report-summary.params';

/** One set of figures (the totals, or one group): DOMAIN §6 with every definition in `definitions`. */
export interface ReportFigures {
  casesAccepted: number;
  casesClosed: number;
  agreements: number;
  mediationsConcluded: number;
  /** agreements reached ÷ mediations concluded; null when none concluded. */
  successRate: number | null;
  workersCovered: number;
  claimedFen: number;
  agreedFen: number;
  paidFen: number;
  /** paidFen on basis=paid, agreedFen on basis=agreed. */
  recoveredFen: number;
  medianDaysToClose: number | null;
  p90DaysToClose: number | null;
  medianDaysToConcludeMediation: number | null;
  p90DaysToConcludeMediation: number | null;
  deadlinesMet: number;
  deadlinesExpired: number;
  deadlineCompliance: number | null;
  routing: {
    closed: number;
    mediation: number;
    arbitration: number;
    litigation: number;
    other: number;
    mediationShare: number | null;
    arbitrationShare: number | null;
    litigationShare: number | null;
    otherShare: number | null;
  };
  entrusted: number;
  entrustedShare: number | null;
  confirmationRequested: number;
  confirmed: number;
  confirmationRate: number | null;
  breakdowns: { migrant: number; platform: number; collective: number };
  /** Activities are not typed by dispute: null in a disputeType / yearbookCategory grouping. */
  outreach: { activities: number | null; peopleReached: number | null; consultations: number | null; casesFromOutreach: number };
}

export interface ReportGroupFigures extends ReportFigures {
  key: string;
  label: string;
}

export interface ReportSummary {
  basis: ReportBasis;
  basisLabel: { zh: string; en: string };
  period: { from: string; to: string; timeZone: 'Asia/Shanghai' };
  region: { code: string; name: string };
  groupBy: ReportGroup | null;
  totals: ReportFigures;
  groups: ReportGroupFigures[];
  /** DOMAIN §6: deadline compliance per organisation (the one that answered for each deadline). */
  deadlineComplianceByOrg: { orgId: string; orgName: string; agency: string; met: number; expired: number; compliance: number | null }[];
  definitions: typeof FIGURE_DEFINITIONS;
  generatedAt: string;
}

export const BASIS_LABELS: Record<ReportBasis, { zh: string; en: string }> = {
  paid: { zh: '追回金额口径：实际支付（核实登记的支付）', en: 'Amount recovered on the paid basis: verified payments' },
  agreed: { zh: '追回金额口径：协议金额（非实际支付）', en: 'Amount recovered on the agreed basis: sums agreed, not payments' },
};

/** A share rounded to four decimals (ratios only; money never passes through here). */
export function ratio(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return Math.round((numerator / denominator) * 10000) / 10000;
}

export type Histograms = Record<DurationStage, Map<number, number>>;
export const emptyHistograms = (): Histograms => ({ CLOSE: new Map(), MEDIATION: new Map() });

export function addCounters(into: Counters, from: Partial<Counters>): Counters {
  for (const k of REPORT_COUNTERS) into[k] += from[k] ?? 0;
  return into;
}

export function mergeHistograms(into: Histograms, from: Histograms): Histograms {
  mergeHistogram(into.CLOSE, from.CLOSE);
  mergeHistogram(into.MEDIATION, from.MEDIATION);
  return into;
}

export interface OutreachSums {
  activities: number;
  peopleReached: number;
  consultations: number;
}

/** Figures from summed counters, histograms and outreach sums (null outreach: not applicable to the grouping). */
export function figuresOf(c: Counters, h: Histograms, basis: ReportBasis, outreach: OutreachSums | null): ReportFigures {
  return {
    casesAccepted: c.casesAccepted,
    casesClosed: c.casesClosed,
    agreements: c.agreements,
    mediationsConcluded: c.mediationsConcluded,
    successRate: ratio(c.mediationSuccesses, c.mediationsConcluded),
    workersCovered: c.workers,
    claimedFen: c.claimedFen,
    agreedFen: c.agreedFen,
    paidFen: c.paidFen,
    recoveredFen: basis === 'paid' ? c.paidFen : c.agreedFen,
    medianDaysToClose: medianOf(h.CLOSE),
    p90DaysToClose: percentileOf(h.CLOSE, 90),
    medianDaysToConcludeMediation: medianOf(h.MEDIATION),
    p90DaysToConcludeMediation: percentileOf(h.MEDIATION, 90),
    deadlinesMet: c.deadlinesMet,
    deadlinesExpired: c.deadlinesExpired,
    deadlineCompliance: ratio(c.deadlinesMet, c.deadlinesMet + c.deadlinesExpired),
    routing: {
      closed: c.casesClosed,
      mediation: c.routeMediation,
      arbitration: c.routeArbitration,
      litigation: c.routeLitigation,
      other: c.routeOther,
      mediationShare: ratio(c.routeMediation, c.casesClosed),
      arbitrationShare: ratio(c.routeArbitration, c.casesClosed),
      litigationShare: ratio(c.routeLitigation, c.casesClosed),
      otherShare: ratio(c.routeOther, c.casesClosed),
    },
    entrusted: c.entrusted,
    entrustedShare: ratio(c.entrusted, c.casesAccepted),
    confirmationRequested: c.confirmationRequested,
    confirmed: c.confirmed,
    confirmationRate: ratio(c.confirmed, c.agreements),
    breakdowns: { migrant: c.migrant, platform: c.platform, collective: c.collective },
    outreach: {
      activities: outreach?.activities ?? null,
      peopleReached: outreach?.peopleReached ?? null,
      consultations: outreach?.consultations ?? null,
      casesFromOutreach: c.fromOutreach,
    },
  };
}

export { emptyCounters };
