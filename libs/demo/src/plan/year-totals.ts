import { SHIYAN_COUNTIES } from '@tiaojie/identity/seed/demo-org-tree';
import type { PlannedCase, PlannedOutreach, PlannedStep, YearPlan } from './plan.types';

/**
 * The figures of a demo year, counted from the steps that ran (or, for a plan, that will run): every
 * count is a count of commands, every amount a sum of what those commands carried.
 */
export interface YearTotals {
  intakes: number;
  /** Intakes that name the outreach activity they came from. */
  fromOutreach: number;
  accepted: number;
  /** Accepted cases per county code. */
  acceptedByCounty: Record<string, number>;
  refused: number;
  withdrawn: number;
  /** Cases closed by CLOSE, REJECT or WITHDRAW (a case also ends in `closed` no other way). */
  closed: number;
  agreements: number;
  agreedFen: number;
  payments: number;
  paidFen: number;
  /** Accepted cases with these traits. */
  collective: number;
  collectiveWorkers: number;
  entrusted: number;
  station: number;
  migrant: number;
  platform: number;
  confirmationsRequested: number;
  confirmed: number;
  paymentOrders: number;
  enforcements: number;
  arbitrationReferrals: number;
  awards: number;
  lawsuits: number;
  supportProsecutions: number;
  legalAidRequests: number;
  laborInspections: number;
  escalations: number;
  transfers: number;
  outreachActivities: number;
  outreachPeopleReached: number;
}

export function emptyTotals(): YearTotals {
  return {
    intakes: 0,
    fromOutreach: 0,
    accepted: 0,
    acceptedByCounty: Object.fromEntries(SHIYAN_COUNTIES.map((c) => [c.code, 0])),
    refused: 0,
    withdrawn: 0,
    closed: 0,
    agreements: 0,
    agreedFen: 0,
    payments: 0,
    paidFen: 0,
    collective: 0,
    collectiveWorkers: 0,
    entrusted: 0,
    station: 0,
    migrant: 0,
    platform: 0,
    confirmationsRequested: 0,
    confirmed: 0,
    paymentOrders: 0,
    enforcements: 0,
    arbitrationReferrals: 0,
    awards: 0,
    lawsuits: 0,
    supportProsecutions: 0,
    legalAidRequests: 0,
    laborInspections: 0,
    escalations: 0,
    transfers: 0,
    outreachActivities: 0,
    outreachPeopleReached: 0,
  };
}

/** Counts one step that ran. */
export function countStep(t: YearTotals, c: PlannedCase, s: PlannedStep): void {
  switch (s.type) {
    case 'OPEN':
      t.intakes++;
      if (s.body.outreachActivityId !== undefined) t.fromOutreach++;
      return;
    case 'ACCEPT':
      t.accepted++;
      t.acceptedByCounty[c.county] = (t.acceptedByCounty[c.county] ?? 0) + 1;
      if (c.tags.includes('collective')) {
        t.collective++;
        t.collectiveWorkers += c.workers;
      }
      if (c.tags.includes('entrusted')) t.entrusted++;
      if (c.tags.includes('station')) t.station++;
      if (c.tags.includes('migrant')) t.migrant++;
      if (c.tags.includes('platform')) t.platform++;
      return;
    case 'REJECT':
      t.refused++;
      t.closed++;
      return;
    case 'WITHDRAW':
      t.withdrawn++;
      t.closed++;
      return;
    case 'CLOSE':
      t.closed++;
      return;
    case 'REACH_AGREEMENT':
      t.agreements++;
      t.agreedFen += (s.body.items as { agreedFen: number }[]).reduce((sum, i) => sum + i.agreedFen, 0);
      return;
    case 'RECORD_PAYMENT':
      t.payments++;
      t.paidFen += s.body.amountFen as number;
      return;
    case 'REQUEST_JUDICIAL_CONFIRMATION':
      t.confirmationsRequested++;
      return;
    case 'JC_CONFIRM':
      t.confirmed++;
      return;
    case 'APPLY_PAYMENT_ORDER':
      t.paymentOrders++;
      return;
    case 'APPLY_ENFORCEMENT':
      t.enforcements++;
      return;
    case 'REFER_ARBITRATION':
      t.arbitrationReferrals++;
      return;
    case 'AWARD_SERVED':
      t.awards++;
      return;
    case 'FILE_LAWSUIT':
    case 'SUE_AFTER_AWARD':
      t.lawsuits++;
      return;
    case 'REQUEST_SUPPORT_PROSECUTION':
      t.supportProsecutions++;
      return;
    case 'REQUEST_LEGAL_AID':
      t.legalAidRequests++;
      return;
    case 'REFER_LABOR_INSPECTION':
      t.laborInspections++;
      return;
    case 'ESCALATE':
      t.escalations++;
      return;
    case 'TRANSFER':
      t.transfers++;
      return;
    default:
      return;
  }
}

export function countOutreach(t: YearTotals, o: PlannedOutreach): void {
  t.outreachActivities++;
  t.outreachPeopleReached += o.peopleReached;
}

/** What the plan will add up to if every step runs on its day. */
export function planTotals(plan: YearPlan): YearTotals {
  const t = emptyTotals();
  for (const c of plan.cases) for (const s of c.steps) countStep(t, c, s);
  for (const o of plan.outreach) countOutreach(t, o);
  return t;
}
