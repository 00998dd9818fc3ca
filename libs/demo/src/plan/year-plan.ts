import type { Channel } from '@tiaojie/domain';
import { planCase, type CaseSetup } from './case-planner';
import type { PlanContext } from './plan-context';
import { DayCalendar } from './day-calendar';
import { COUNTY_NAMES, LOWER_TIER_POINTS, STATIONS } from './demo-cast';
import { EmployerPool, type IntakeKind } from './intake';
import { planOutreach } from './outreach-plan';
import type { PlannedCase, YearPlan, YearPlanOptions } from './plan.types';
import { Rng } from './prng';

/**
 * Plans the demo year of the city of DOMAIN.md §5 from one seed: about 2,500 accepted cases over the
 * eight counties (more in the two city districts), the mix of dispute types, channels and outcomes a
 * year of joint mediation has, about ¥65 million recovered on the paid basis, and 100+ outreach
 * activities. Pure and deterministic: the same options give the same plan.
 */
export const DEMO_SEED = 6;
/** ¥65 million, the city's reported year (DOMAIN.md §1), in fen. */
export const DEMO_TARGET_PAID_FEN = 6_500_000_000;

const COUNTY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['420302', 22], ['420303', 21], ['420304', 11], ['420322', 9], ['420323', 9], ['420324', 8], ['420325', 8], ['420381', 12],
];
/** Migrant workers at the stations come mostly from the rural counties. */
const HOME_COUNTY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['420302', 4], ['420303', 5], ['420304', 18], ['420322', 16], ['420323', 16], ['420324', 13], ['420325', 16], ['420381', 12],
];
/** Month of intake → relative volume: wage claims peak before the Spring Festival and dip during it. */
const MONTH_VOLUME = [0, 1.4, 0.7, 1.05, 0.95, 0.95, 1.0, 0.9, 0.9, 0.95, 0.85, 1.0, 1.25];

export function planYear(options: YearPlanOptions): YearPlan {
  // Amounts are aimed at the target by planning twice: the seed decides everything but the money's
  // scale, so the second plan is the first with every amount multiplied by one factor.
  const first = buildYear(options, 1);
  const paid = paidFen(first.cases);
  const factor = paid > 0 ? (options.targetPaidFen * options.scale) / paid : 1;
  return buildYear(options, factor);
}

function buildYear(options: YearPlanOptions, factor: number): YearPlan {
  const master = new Rng(options.seed);
  const cal = new DayCalendar(options.startDate);
  const lastDay = options.days - 1;
  const setupRng = master.fork('setup');
  const outreachCount = Math.max(1, Math.round((104 + setupRng.int(0, 10)) * options.scale));
  const outreach = planOutreach(master.fork('outreach'), cal, options.days, outreachCount);
  const ctx: Omit<PlanContext, 'rng'> = { cal, employers: new EmployerPool(master.fork('employers')), phones: new Set(), factor, outreach };

  const accepted = Math.round((2_480 + setupRng.int(0, 80)) * options.scale);
  const refused = Math.round(accepted * 0.035);
  const intakeDays = drawIntakeDays(setupRng, cal, options.days, accepted + refused);
  const setups: Omit<CaseSetup, 'ref'>[] = intakeDays.map((day, i) => drawSetup(setupRng, day, i < refused));
  setups.sort((a, b) => a.intakeDay - b.intakeDay);

  const cases: PlannedCase[] = setups.map((setup, i) => {
    const ref = `D${String(i + 1).padStart(5, '0')}`;
    const planned = planCase({ ...ctx, rng: master.fork(`case:${ref}`) }, { ...setup, ref });
    // The year ends on its last day: what would come later has not happened yet.
    return { ...planned, steps: planned.steps.filter((s) => s.day <= lastDay) };
  });
  return { options, cases, outreach, moneyFactor: factor };
}

function drawIntakeDays(rng: Rng, cal: DayCalendar, days: number, count: number): number[] {
  const weights = Array.from({ length: days }, (_, d) => MONTH_VOLUME[cal.monthOf(d)] * (cal.isWorkingDay(d) ? 1 : 0.25));
  const total = weights.reduce((s, w) => s + w, 0);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    let x = rng.next() * total;
    let d = 0;
    while (d < days - 1 && x >= weights[d]) x -= weights[d++];
    out.push(d);
  }
  return out;
}

/** Where a case comes in and what kind it is. `refused` cases are refused at intake (out of scope, elsewhere already). */
function drawSetup(rng: Rng, intakeDay: number, refused: boolean): Omit<CaseSetup, 'ref'> {
  const base = { intakeDay, refused };
  if (refused) {
    return { ...base, county: rng.weighted(COUNTY_WEIGHTS), route: 'COUNTY', channel: rng.weighted(COUNTY_CHANNELS), intakeKind: rng.chance(0.35) ? 'LABOR_SERVICE' : 'INDIVIDUAL' };
  }
  const route = rng.weighted<CaseSetup['route']>([['COUNTY', 835], ['ENTRUSTED', 55], ['STATION', 60], ['LOWER_TIER', 50]]);
  if (route === 'STATION') {
    return { ...base, county: rng.weighted(HOME_COUNTY_WEIGHTS), route, channel: 'STATION', intakeKind: 'STATION', station: rng.pick(STATIONS) };
  }
  if (route === 'LOWER_TIER') {
    const point = rng.pick(LOWER_TIER_POINTS);
    return { ...base, county: point.countyCode, route, channel: rng.chance(0.8) ? 'WALK_IN' : 'HOTLINE', intakeKind: 'INDIVIDUAL', point };
  }
  if (route === 'ENTRUSTED') {
    return { ...base, county: rng.weighted(COUNTY_WEIGHTS), route, channel: 'COURT_ENTRUSTED', intakeKind: rng.chance(0.1) ? 'PLATFORM' : 'INDIVIDUAL' };
  }
  const county = rng.weighted(COUNTY_WEIGHTS);
  const intakeKind = rng.weighted<IntakeKind>([['INDIVIDUAL', 866], ['PLATFORM', 98], ['COLLECTIVE', 36]]);
  const transfer = rng.chance(0.012);
  const openedIn = transfer ? rng.pick(Object.keys(COUNTY_NAMES).filter((c) => c !== county)) : undefined;
  return { ...base, county, route, channel: rng.weighted(COUNTY_CHANNELS), intakeKind, ...(openedIn ? { openedIn } : {}) };
}

const COUNTY_CHANNELS: readonly (readonly [Channel, number])[] = [['WALK_IN', 58], ['HOTLINE', 14], ['ONLINE', 16], ['INSPECTION_REFERRAL', 12]];

export function paidFen(cases: readonly PlannedCase[]): number {
  let sum = 0;
  for (const c of cases) for (const s of c.steps) if (s.type === 'RECORD_PAYMENT') sum += s.body.amountFen as number;
  return sum;
}
