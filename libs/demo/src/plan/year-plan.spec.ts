import { CASE_EVENT_CATALOG, LegalCalendar } from '@tiaojie/domain';
import { DEMO_USERS } from '@tiaojie/identity/seed/demo-accounts';
import { DayCalendar } from './day-calendar';
import { DEMO_CAST } from './demo-cast';
import type { PlannedStep, YearPlan } from './plan.types';
import { Rng } from './prng';
import { DEMO_SEED, DEMO_TARGET_PAID_FEN, paidFen, planYear } from './year-plan';

const OPTIONS = { seed: DEMO_SEED, startDate: '2025-11-25', days: 365, scale: 0.05, targetPaidFen: DEMO_TARGET_PAID_FEN };
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe(planYear.name, () => {
  let plan: YearPlan;
  beforeAll(() => {
    plan = planYear(OPTIONS);
  });

  it('plans the same year from the same options', () => {
    expect(JSON.stringify(planYear(OPTIONS))).toBe(JSON.stringify(plan));
    expect(JSON.stringify(planYear({ ...OPTIONS, seed: DEMO_SEED + 1 }))).not.toBe(JSON.stringify(plan));
  });

  it('aims the money at the target, scaled: integer fen, whole yuan', () => {
    expect(Math.abs(paidFen(plan.cases) - DEMO_TARGET_PAID_FEN * OPTIONS.scale)).toBeLessThan(100_000);
    for (const c of plan.cases) {
      for (const s of c.steps) {
        for (const amount of amountsOf(s)) {
          expect(Number.isInteger(amount)).toBe(true);
          expect(amount % 100).toBe(0);
        }
      }
    }
  });

  it('keeps each case in order and within the year: intake first, nothing after it is closed', () => {
    for (const c of plan.cases) {
      expect(c.steps[0].type).toBe('OPEN');
      c.steps.forEach((s, i) => {
        expect(s.day).toBeGreaterThanOrEqual(0);
        expect(s.day).toBeLessThan(OPTIONS.days);
        if (i > 0) {
          const p = c.steps[i - 1];
          expect(s.day * 10 + s.slot).toBeGreaterThanOrEqual(p.day * 10 + p.slot);
        }
      });
      const closing = c.steps.findIndex((s) => ['CLOSE', 'REJECT', 'WITHDRAW'].includes(s.type));
      if (closing >= 0) expect(closing).toBe(c.steps.length - 1);
    }
  });

  it('agrees schedules that add up to the items, and never records more than was agreed', () => {
    for (const c of plan.cases) {
      const agreement = c.steps.find((s) => s.type === 'REACH_AGREEMENT');
      const paid = sum(c.steps.filter((s) => s.type === 'RECORD_PAYMENT').map((s) => s.body.amountFen as number));
      if (!agreement) {
        expect(paid).toBe(0);
        continue;
      }
      const items = sum((agreement.body.items as { agreedFen: number }[]).map((i) => i.agreedFen));
      expect(sum((agreement.body.schedule as { amountFen: number }[]).map((i) => i.amountFen))).toBe(items);
      expect(paid).toBeLessThanOrEqual(items);
    }
  });

  it('has every step sent by a demo user whose role may send it, waiting only on deadline-driven steps', () => {
    const roles = new Map<string, readonly string[]>([...DEMO_USERS, ...DEMO_CAST].map((u) => [u.username, u.roles]));
    const waits = new Set(['REFER_ARBITRATION', 'FILE_LAWSUIT', 'REQUEST_SUPPORT_PROSECUTION', 'APPLY_ENFORCEMENT', 'CLOSE']);
    for (const c of plan.cases) {
      for (const s of c.steps) {
        const held = roles.get(s.actor);
        expect(held).toBeDefined();
        if (s.type !== 'OPEN') expect(CASE_EVENT_CATALOG[s.type].roles.some((r) => held!.includes(r))).toBe(true);
        if (s.awaits) expect(waits.has(s.type)).toBe(true);
      }
    }
  });
});

describe(DayCalendar.name, () => {
  it('fires a period the day the server says it is due, rolled past the National Day holiday', () => {
    const cal = new DayCalendar('2026-01-01');
    const trigger = 258; // 2026-09-16: 15 days later is 1 October, a holiday
    expect(cal.dateOf(trigger)).toBe('2026-09-16');
    const due = new LegalCalendar().addPeriod(new Date(cal.instant(trigger, '10:00')), 15, 'CALENDAR_DAYS').dueAt;
    expect(cal.dateOf(cal.fireDay(trigger, 15))).toBe(LegalCalendar.shanghaiDate(due));
    expect(cal.fireDay(trigger, 15)).toBeGreaterThan(trigger + 16);
  });
});

describe(Rng.name, () => {
  it('draws the same sequence from the same seed, and forks independent streams', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(new Rng(42).fork('x').next()).toBe(new Rng(42).fork('x').next());
    expect(new Rng(42).fork('x').next()).not.toBe(new Rng(42).fork('y').next());
  });
});

function amountsOf(s: PlannedStep): number[] {
  const b = s.body as Record<string, unknown>;
  if (s.type === 'OPEN') return (b.claims as { claimedFen: number }[]).map((c) => c.claimedFen);
  if (s.type === 'REACH_AGREEMENT') return [...(b.items as { agreedFen: number }[]).map((i) => i.agreedFen), ...(b.schedule as { amountFen: number }[]).map((i) => i.amountFen)];
  if (s.type === 'RECORD_PAYMENT') return [b.amountFen as number];
  if (s.type === 'AWARD_SERVED') return (b.items as { awardedFen: number }[]).map((i) => i.awardedFen);
  return [];
}
