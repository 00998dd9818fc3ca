import { NestFactory } from '@nestjs/core';
import type { AppConfig } from '@tiaojie/config';
import { CLOCK, LegalCalendar, type Clock } from '@tiaojie/domain';
import { createDataSource, txOf } from '@tiaojie/persistence';
import { DataSource } from 'typeorm';
import { DemoYearModule } from './demo-year.module';
import { DayCalendar } from './plan/day-calendar';
import { SLOT_TIMES, type YearPlan } from './plan/plan.types';
import { DEMO_SEED, DEMO_TARGET_PAID_FEN, planYear } from './plan/year-plan';
import { planTotals, type YearTotals } from './plan/year-totals';
import { DemoYearRunner, type DemoYearProgress, type RunReport } from './run/demo-year.runner';
import { DemoYearStore, readDemoYearState, withDemoYearLock, type DatabaseCheck, type DemoYearState } from './run/demo-year.store';

const DAY_MS = 86_400_000;

export interface DemoYearOptions {
  seed?: number;
  /** The last day of the year, YYYY-MM-DD (Asia/Shanghai). Default: the day before `now`. */
  endDate?: string;
  /** "Now": where the test clock is left afterwards. Default: TEST_CLOCK_START if set, else the real time. */
  now?: Date;
  /** 1 = the full year; less for quick runs and tests. */
  scale?: number;
  concurrency?: number;
  /** Generate even if the database already has cases (never twice into one database). */
  force?: boolean;
  onStart?: (startDate: string, endDate: string) => void;
  onProgress?: (p: DemoYearProgress) => void;
}

export type DemoYearOutcome =
  /** CLOCK_AHEAD: the database's test clock already stands after the year's first day (it never goes back). */
  | { generated: false; state: DemoYearState | 'CLOCK_AHEAD'; clock?: string }
  | { generated: true; plan: YearPlan; expected: YearTotals; report: RunReport; check: DatabaseCheck; startDate: string; endDate: string };

/** The year's dates and the plan's options, from the options given (pure). */
export function demoYearPlanOptions(options: Pick<DemoYearOptions, 'seed' | 'endDate' | 'now' | 'scale'>, testClockStart?: string) {
  const now = options.now ?? (testClockStart ? new Date(testClockStart) : new Date());
  const endDate = options.endDate ?? LegalCalendar.shanghaiDate(new Date(now.getTime() - DAY_MS));
  const startDate = new Date(Date.parse(`${endDate}T00:00:00Z`) - 364 * DAY_MS).toISOString().slice(0, 10);
  return { now, endDate, plan: { seed: options.seed ?? DEMO_SEED, startDate, days: 365, scale: options.scale ?? 1, targetPaidFen: DEMO_TARGET_PAID_FEN } };
}

/**
 * Generates the demo year into the database of `config` (DEMO_DATA=year, `npm run seed:demo`): seeds
 * the demo accounts and staff, plans the year from the seed, and runs it through the command path on
 * the test clock, which it leaves at "now". Does nothing when the database already has cases (or a
 * demo year), unless `force`. Never in production.
 */
export async function generateDemoYear(config: AppConfig, options: DemoYearOptions = {}): Promise<DemoYearOutcome> {
  if (config.nodeEnv === 'production') throw new Error('the demo year is never generated in production');
  const { now, endDate, plan: planOptions } = demoYearPlanOptions(options, config.testClockStart);
  const cal = new DayCalendar(planOptions.startDate);
  const concurrency = options.concurrency ?? 8;
  // Most starts find the year there already: answer that without booting the command path.
  const before = await stateOf(config.databaseUrl);
  if (!mayGenerate(before, options.force)) return { generated: false, state: before };
  const app = await NestFactory.createApplicationContext(
    DemoYearModule.forRoot({
      ...config,
      databaseUrl: withoutWaitingForFlush(config.databaseUrl),
      testClock: true,
      testClockStart: cal.instant(0, '00:00'),
      databasePoolSize: Math.max(config.databasePoolSize, concurrency + 4),
    }),
    { logger: ['error', 'warn'] },
  );
  try {
    const store = app.get(DemoYearStore);
    return await withDemoYearLock(app.get(DataSource), async () => {
      const state = await store.state();
      if (!mayGenerate(state, options.force)) return { generated: false, state };
      const clock = app.get<Clock>(CLOCK).now();
      if (clock.getTime() > Date.parse(cal.instant(0, SLOT_TIMES[0]))) return { generated: false, state: 'CLOCK_AHEAD', clock: clock.toISOString() };
      options.onStart?.(planOptions.startDate, endDate);
      await store.markStarted(planOptions.seed);
      const plan = planYear(planOptions);
      const expected = planTotals(plan);
      // "Now" is after the year's last working slot unless --end names a day still to come.
      const endAt = new Date(Math.max(now.getTime(), Date.parse(cal.instant(planOptions.days - 1, SLOT_TIMES[SLOT_TIMES.length - 1])) + 60_000));
      const report = await app.get(DemoYearRunner).run(plan, { concurrency, endAt, onProgress: options.onProgress });
      await store.markFinished(report.totals.intakes);
      const check = await store.databaseCheck(report.totals);
      return { generated: true, plan, expected, report, check, startDate: planOptions.startDate, endDate };
    });
  } finally {
    await app.close();
  }
}

/**
 * The generator's own connections commit without waiting for the WAL flush (synchronous_commit=off,
 * a per-session PostgreSQL setting): a crash may lose its last few commits, which the "started but
 * not finished" mark reports, and each of its ~25,000 commits no longer waits for the disk. Every
 * command still runs in its own transaction, all or nothing.
 */
function withoutWaitingForFlush(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const options = url.searchParams.get('options');
  url.searchParams.set('options', `${options ? `${options} ` : ''}-c synchronous_commit=off`);
  return url.toString();
}

/** An empty database, or (with --force) one with other cases; never a second or half-made year. */
function mayGenerate(state: DemoYearState, force?: boolean): boolean {
  return state === 'EMPTY' || (force === true && state === 'HAS_CASES');
}

async function stateOf(databaseUrl: string): Promise<DemoYearState> {
  const ds = createDataSource(databaseUrl, 1);
  await ds.initialize();
  try {
    return await readDemoYearState(txOf(ds.manager));
  } finally {
    await ds.destroy();
  }
}
