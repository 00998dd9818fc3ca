/**
 * Part 3 — timers: 100,000 pending deadlines (bulk SQL), 10,000 of them falling due within 20 s of
 * real time, fired by the real worker process while command-bus transition load runs. Lateness
 * (fired_at − due_at, from PostgreSQL) p50/p99/max; none early; none fired twice.
 */
import os from 'node:os';
import path from 'node:path';
import { FireDeadlineCommand } from '@tiaojie/cases';
import { loadConfig } from '@tiaojie/config';
import { DeadlineTimers } from '@tiaojie/deadlines';
import { REMINDER_QUEUE } from '@tiaojie/notifications';
import { Queue } from 'bullmq';
import { SystemClock } from '@tiaojie/persistence';
import { CommandBus } from '@nestjs/cqrs';
import { dropBenchDatabase, recreateBenchDatabase } from '../lib/database';
import { WaitSampler, waitsMarkdown, type WaitSummary } from '../lib/pg-waits';
import { percentile, type Slot } from '../lib/load';
import { processCpuMs } from '../lib/cpu';
import { PROFILE_PRELOAD, profileChild, profileMarkdown, type ProfileSummary } from '../lib/cpu-profile';
import { benchRedis, flushBenchRedis } from '../lib/redis';
import { checkTarget, f, markdownTable, profileTable, type PartOutcome } from '../lib/report';
import { partDatabaseUrl, REDIS_DB, redisDbUrl, type BenchSettings } from '../lib/settings';
import { pollFor, rssMb, sleep, spawnNode, WORKER_MAIN, type Child } from '../lib/processes';
import { CommandPath } from '../modes/command-path';
import { DeadlineSeed } from '../modes/deadline-seed';
import { profileSql, type SqlProfile } from '../modes/sql-profile';

const LOAD_CONCURRENCY = 8;
/** Seconds between arming the due deadlines and the first of them falling due. */
const LEAD_MS = 3_000;
const PROFILE_FIRINGS = 100;
/**
 * Deadlines fired just before the measured ones, at the same rate, and not counted: until then the
 * worker has fired nothing, and its firing path is still being compiled (a worker that has been
 * running is not). Without them the first seconds of the window measured the JIT.
 */
const WARMUP_FIRINGS = 1_000;
/**
 * Deadlines fired after the measured window, at the same rate, under the same transition load, with
 * the worker's sampling profiler on: its profile. The lateness is measured without the profiler,
 * which takes a share of the worker's CPU (a sample every 0.5 ms) that a production worker does not pay.
 */
const PROFILE_WINDOW_FIRINGS = 2_000;
/** SQL (of the series' `g`) for a due time at the end of a day (Asia/Shanghai) 20–50 days out, as legal deadlines fall: 30 distinct instants. */
export const END_OF_DAY_20_TO_50_DAYS = `((((now() AT TIME ZONE 'Asia/Shanghai')::date + 21 + (g % 30))::timestamp) AT TIME ZONE 'Asia/Shanghai')`;

export interface TimersData {
  pending: number;
  due: number;
  windowSeconds: number;
  startupArm: { seconds: number; armed: number };
  /** The worker's start-up reminder sweep: reminder jobs for the far-future deadlines, and seconds from start until all were there. */
  startupReminders: { seconds: number; jobs: number };
  dueArm: { seconds: number; armedAfterFirstDueMs: number };
  fired: number;
  notFired: number;
  lateness: { p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number; meanMs: number };
  earlyCount: number;
  firedTwice: number;
  farFutureFired: number;
  lastFiredAfterWindowEndSeconds: number | null;
  firingsPerSecond: number;
  loadDuringWindow: { concurrency: number; transitionsPerSecond: number; operations: number; p50Ms: number; p99Ms: number };
  /** PostgreSQL checkpoints (timed or requested, pg_stat_bgwriter) counted while the due deadlines fired. */
  checkpointsInWindow: number;
  worker: { cpuSeconds: number | null; rssMaxMb: number | null };
  latenessByDueSecond: { second: number; due: number; p50Ms: number; maxMs: number }[];
  fireProfile: SqlProfile;
  /** CPU profile of the worker process in a window of its own after the measured one (PROFILE_WINDOW_FIRINGS). */
  workerProfile: ProfileSummary | null;
  pgWaits: WaitSummary;
  /** True when some due deadlines had not fired when the bench stopped waiting: lateness figures are then lower bounds. */
  latenessIsLowerBound: boolean;
}

export function workerEnv(databaseUrl: string, redisUrl: string, queuePrefix: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'development',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: 'warn',
    TEST_CLOCK: 'false',
    DEMO_DATA: 'none',
  };
}

/** Runs slots back to back until `stop()` is called; latencies of every step. */
function openLoop(slots: Slot[]) {
  const latencies: number[] = [];
  let stopped = false;
  let failure: unknown;
  const t0 = Date.now();
  const loops = slots.map(async (slot) => {
    try {
      while (!stopped) {
        await slot.between?.();
        const a = process.hrtime.bigint();
        await slot.step();
        latencies.push(Number(process.hrtime.bigint() - a) / 1e6);
      }
    } catch (e) {
      failure ??= e;
      stopped = true;
    }
  });
  return {
    async stop() {
      stopped = true;
      await Promise.all(loops);
      if (failure) throw failure;
      const ms = latencies.sort((a, b) => a - b);
      const seconds = (Date.now() - t0) / 1000;
      return { operations: ms.length, seconds, perSecond: ms.length / seconds, p50Ms: percentile(ms, 0.5), p99Ms: percentile(ms, 0.99) };
    },
  };
}

export async function timersPart(s: BenchSettings, log: (m: string) => void): Promise<PartOutcome<TimersData>> {
  const t0 = Date.now();
  const profileFile = path.join(os.tmpdir(), `tiaojie-bench-worker-${process.pid}.cpuprofile`);
  const databaseUrl = partDatabaseUrl(s.databaseUrl, 'timers');
  const redisUrl = redisDbUrl(s.redisUrl, REDIS_DB.timers);
  const prefix = s.queuePrefix;
  await recreateBenchDatabase(databaseUrl);
  await flushBenchRedis(redisUrl);
  const total = s.timerDeadlines;
  const due = s.timerDue;
  const background = total - due;

  let command: CommandPath | undefined;
  let seed: DeadlineSeed | undefined;
  let worker: Child | undefined;
  let timers: DeadlineTimers | undefined;
  const redis = benchRedis(redisUrl);
  try {
    command = await CommandPath.boot(s, databaseUrl, redisUrl);
    const template = await command.openActiveCase();
    seed = new DeadlineSeed(databaseUrl, template.id, 'timers');
    log(`  seeding ${total.toLocaleString()} cases and ${background.toLocaleString()} far-future deadlines…`);
    await seed.cloneCases(1, total + PROFILE_FIRINGS + WARMUP_FIRINGS + PROFILE_WINDOW_FIRINGS);
    // Far future: the end of a day 20–50 days out (one wake-up job per distinct instant: 30).
    await seed.insertDeadlines(1, background, END_OF_DAY_20_TO_50_DAYS);
    // The clones counted in the managers' figures, as live cases are: their firings then move real counts.
    await seed.rebuildAggregates();
    await seed.analyze();
    // The seeding wrote about a gigabyte of WAL: checkpoint now rather than in the measured window.
    await seed.pool.query('CHECKPOINT');

    // The real worker process: its reconciler arms a wake-up for every pending deadline's instant at start.
    const config = loadConfig({ ...workerEnv(databaseUrl, redisUrl, prefix) });
    timers = new DeadlineTimers(redis, config, new SystemClock());
    const armStart = Date.now();
    worker = spawnNode(WORKER_MAIN, { ...workerEnv(databaseUrl, redisUrl, prefix), BENCH_CPU_PROFILE_FILE: profileFile }, undefined, process.cwd(), ['-r', PROFILE_PRELOAD]);
    // Every pending deadline (the template case's own too), one per distinct instant: covering these covers all.
    const { rows: perInstant } = await seed.pool.query<{ dueAt: Date }>(`SELECT DISTINCT due_at AS "dueAt" FROM deadlines WHERE status = 'PENDING'`);
    const expectedArmed = background + 2; // the template case's own two pending deadlines
    const armed = await pollFor(async () => {
      if (!worker!.isRunning()) throw new Error(`the worker exited:\n${worker!.output().slice(-2000)}`);
      return (await timers!.withoutWakeUp(perInstant)).length === 0 ? expectedArmed : null;
    }, 900_000, 200);
    if (armed === null) throw new Error(`the worker's reconciler did not arm wake-ups for ${expectedArmed} deadlines within 900 s`);
    const startupArm = { seconds: (Date.now() - armStart) / 1000, armed };
    log(`  worker armed ${perInstant.length} wake-ups for ${armed.toLocaleString()} deadlines at start in ${f(startupArm.seconds, 1)} s`);
    // The worker's reminder scheduler also sweeps at start: a reminder job per far-future deadline and
    // offset (REMINDER_OFFSETS_DAYS). That start-up work is not what this part measures; run over the
    // window it had taken a share of Redis and of the worker (about 200,000 script calls) from the firings.
    const reminders = new Queue(REMINDER_QUEUE, { connection: redis, prefix });
    const expectedReminders = background * config.notifications.reminderOffsetsDays.filter((o) => o > 0).length;
    const reminderJobs = await pollFor(async () => {
      if (!worker!.isRunning()) throw new Error(`the worker exited:\n${worker!.output().slice(-2000)}`);
      const n = await reminders.getDelayedCount();
      return n >= expectedReminders ? n : null;
    }, 900_000, 250);
    await reminders.close();
    if (reminderJobs === null) throw new Error(`the worker's reminder sweep did not arm ${expectedReminders} reminders within 900 s`);
    const startupReminders = { seconds: (Date.now() - armStart) / 1000, jobs: reminderJobs };
    log(`  worker armed ${reminderJobs.toLocaleString()} reminders at start in ${f(startupReminders.seconds, 1)} s`);

    // Transition load, then the due deadlines: inserted and armed through the real DeadlineTimers.
    const loadCases = await Promise.all(Array.from({ length: LOAD_CONCURRENCY }, () => command!.openActiveCase()));
    const load = openLoop(loadCases.map((c) => command!.slot(c, s.transitionsPerCase)));
    await sleep(2_000);
    const firedOf = async (ids: string[]) =>
      Number((await seed!.pool.query(`SELECT count(*) AS n FROM deadlines WHERE id = ANY($1) AND status <> 'PENDING'`, [ids])).rows[0].n);
    // Deadlines for cases first…first+count-1, one every stepMs from firstDueMs: the measured rate.
    const stepMs = s.timerDueWindowMs / due;
    const insertAtRate = async (first: number, count: number, firstDueMs: number) => {
      await seed!.insertDeadlines(first, count, `to_timestamp($4::bigint / 1000.0) + (g - ${first}) * interval '${stepMs} milliseconds'`, firstDueMs);
      return seed!.armable(first, count);
    };
    // Deadlines not measured (warm-up, profile): inserted at the rate, armed, and waited for until all fired.
    const fireUnmeasured = async (first: number, count: number, firstDueMs: number) => {
      const rows = await insertAtRate(first, count, firstDueMs);
      await timers!.armMany(rows);
      const ids = rows.map((r) => r.id);
      return pollFor(async () => ((await firedOf(ids)) >= count ? count : null), 120_000, 200);
    };
    const warmed = await fireUnmeasured(total + PROFILE_FIRINGS + 1, WARMUP_FIRINGS, Date.now() + 500);
    if (warmed === null) throw new Error(`the ${WARMUP_FIRINGS} warm-up deadlines did not all fire within 120 s`);
    log(`  warm-up: ${WARMUP_FIRINGS.toLocaleString()} deadlines fired at the same rate before the window (not counted)`);
    const firstDue = Date.now() + LEAD_MS;
    const dueRows = await insertAtRate(background + 1, due, firstDue);
    const armDueStart = Date.now();
    for (let i = 0; i < dueRows.length; i += 1000) await timers.armMany(dueRows.slice(i, i + 1000));
    const dueArm = { seconds: (Date.now() - armDueStart) / 1000, armedAfterFirstDueMs: Math.max(0, Date.now() - firstDue) };
    log(`  ${due.toLocaleString()} deadlines due between +${LEAD_MS / 1000} s and +${(LEAD_MS + s.timerDueWindowMs) / 1000} s armed in ${f(dueArm.seconds, 2)} s; transition load c=${LOAD_CONCURRENCY} running`);
    const checkpointsNow = async () =>
      Number((await seed!.pool.query(`SELECT checkpoints_timed + checkpoints_req AS n FROM pg_stat_bgwriter`)).rows[0].n);
    const checkpoints0 = await checkpointsNow();
    const workerCpu0 = processCpuMs(worker.pid);
    let rssMax = 0;
    const windowEnd = firstDue + s.timerDueWindowMs;
    const dueIds = dueRows.map((r) => r.id);
    const countFired = () => firedOf(dueIds);
    let fired = 0;
    const drain = async () => {
      const deadline = windowEnd + s.timerDrainTimeoutMs;
      let lastReport = Date.now();
      while (Date.now() < deadline) {
        await sleep(500);
        rssMax = Math.max(rssMax, rssMb(worker!.pid) ?? 0);
        fired = await countFired();
        if (Date.now() - lastReport > 10_000) {
          log(`    ${fired.toLocaleString()} of ${due.toLocaleString()} fired (${f((Date.now() - windowEnd) / 1000, 0)} s after the window's end)`);
          lastReport = Date.now();
        }
        if (fired >= due && Date.now() > windowEnd) break;
        if (!worker!.isRunning()) throw new Error(`the worker exited:\n${worker!.output().slice(-2000)}`);
      }
    };
    const waits = await WaitSampler.connect(databaseUrl);
    waits.start(100);
    await drain();
    const pgWaits = waits.stop();
    await waits.close();
    const measuredUntil = Date.now();
    const workerCpu1 = processCpuMs(worker.pid);
    const checkpointsInWindow = (await checkpointsNow()) - checkpoints0;

    // The worker's profile, in a window of its own after the measured one (same rate, same load).
    const { result: profiledFired, profile: workerProfile } = await profileChild(worker.pid, profileFile, () =>
      fireUnmeasured(total + PROFILE_FIRINGS + WARMUP_FIRINGS + 1, PROFILE_WINDOW_FIRINGS, Date.now() + 1_000),
    );
    if (profiledFired === null) log(`  the ${PROFILE_WINDOW_FIRINGS} profiled deadlines did not all fire within 120 s`);
    const loadResult = await load.stop();
    await worker.stop('SIGTERM', 30_000);
    worker = undefined;

    // Measurements from PostgreSQL.
    const { rows: late } = await seed.pool.query<{ ms: number; due_ms: number }>(
      `SELECT extract(epoch FROM (fired_at - due_at)) * 1000 AS ms, extract(epoch FROM due_at) * 1000 AS due_ms
       FROM deadlines WHERE id = ANY($1) AND fired_at IS NOT NULL`,
      [dueIds],
    );
    // A deadline still not fired when the bench stopped waiting is at least (end − due) late: counted
    // so, the percentiles are lower bounds whenever anything is left unfired.
    const firedMs = late.map((r) => Number(r.ms));
    const unfiredDue = (
      await seed.pool.query<{ due_ms: number }>(`SELECT extract(epoch FROM due_at) * 1000 AS due_ms FROM deadlines WHERE id = ANY($1) AND fired_at IS NULL`, [dueIds])
    ).rows.map((r) => measuredUntil - Number(r.due_ms));
    const ms = [...firedMs, ...unfiredDue].sort((a, b) => a - b);
    const earlyAll = Number((await seed.pool.query(`SELECT count(*) AS n FROM deadlines WHERE fired_at < due_at`)).rows[0].n);
    const farFutureFired = Number(
      (await seed.pool.query(`SELECT count(*) AS n FROM deadlines WHERE due_at > now() + interval '1 day' AND status NOT IN ('PENDING', 'MET', 'CANCELLED')`)).rows[0].n,
    );
    const firedTwice = Number(
      (
        await seed.pool.query(
          `SELECT count(*) AS n FROM (SELECT payload->>'deadlineId' AS d FROM case_events WHERE type = 'DEADLINE_EXPIRED'
             GROUP BY 1 HAVING count(*) > 1) x`,
        )
      ).rows[0].n,
    );
    const lastFired = Number(
      (await seed.pool.query(`SELECT extract(epoch FROM max(fired_at)) * 1000 AS t FROM deadlines WHERE id = ANY($1)`, [dueIds])).rows[0].t,
    );
    const bySecond = new Map<number, number[]>();
    for (const r of late) {
      const sec = Math.floor((Number(r.due_ms) - firstDue) / 1000);
      (bySecond.get(sec) ?? bySecond.set(sec, []).get(sec)!).push(Number(r.ms));
    }
    const latenessByDueSecond = [...bySecond.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([second, list]) => {
        list.sort((a, b) => a - b);
        return { second, due: list.length, p50Ms: percentile(list, 0.5), maxMs: list[list.length - 1] };
      });

    // Where a firing's time goes: FireDeadline in this process, one at a time, on fresh clones (the worker is stopped).
    log('  profiling FireDeadline…');
    await seed.insertDeadlines(total + 1, PROFILE_FIRINGS, `now() - interval '1 second'`);
    const profileIds = (await seed.armable(total + 1, PROFILE_FIRINGS)).map((r) => r.id);
    const bus = command.app.get(CommandBus);
    let next = 0;
    const fireProfile = await profileSql({ step: async () => void (await bus.execute(new FireDeadlineCommand(profileIds[next++]))) }, PROFILE_FIRINGS);

    const windowSeconds = s.timerDueWindowMs / 1000;
    const lastFiredAfter = Number.isFinite(lastFired) ? (lastFired - windowEnd) / 1000 : null;
    const firingSpan = Number.isFinite(lastFired) ? (lastFired - firstDue) / 1000 : NaN;
    const data: TimersData = {
      pending: total,
      due,
      windowSeconds,
      startupArm,
      startupReminders,
      dueArm,
      fired: firedMs.length,
      notFired: unfiredDue.length,
      lateness: {
        p50Ms: percentile(ms, 0.5),
        p90Ms: percentile(ms, 0.9),
        p99Ms: percentile(ms, 0.99),
        maxMs: ms.length ? ms[ms.length - 1] : NaN,
        meanMs: ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length),
      },
      earlyCount: earlyAll,
      firedTwice,
      farFutureFired,
      lastFiredAfterWindowEndSeconds: lastFiredAfter,
      firingsPerSecond: firedMs.length / Math.max(firingSpan, windowSeconds),
      loadDuringWindow: { concurrency: LOAD_CONCURRENCY, transitionsPerSecond: loadResult.perSecond, operations: loadResult.operations, p50Ms: loadResult.p50Ms, p99Ms: loadResult.p99Ms },
      checkpointsInWindow,
      worker: { cpuSeconds: workerCpu0 !== null && workerCpu1 !== null ? (workerCpu1 - workerCpu0) / 1000 : null, rssMaxMb: rssMax || null },
      latenessByDueSecond: compactSeconds(latenessByDueSecond),
      fireProfile,
      workerProfile,
      pgWaits,
      latenessIsLowerBound: unfiredDue.length > 0,
    };
    const targets = [
      checkTarget('timers', `timer lateness p99${data.latenessIsLowerBound ? ' (lower bound)' : ''}`, ms.length ? data.lateness.p99Ms : null, 'ms', '≤', 150),
      checkTarget('timers', 'deadlines fired early', earlyAll + farFutureFired, '', '=', 0),
      checkTarget('timers', 'deadlines fired twice', firedTwice, '', '=', 0),
      checkTarget('timers', 'due deadlines not fired', data.notFired, '', '=', 0),
    ];
    const table = markdownTable(
      ['figure', 'value'],
      [
        ['pending deadlines', total.toLocaleString()],
        [`due within ${windowSeconds} s`, due.toLocaleString()],
        ['fired / not fired', `${data.fired.toLocaleString()} / ${data.notFired.toLocaleString()}`],
        [`lateness p50 / p90 / p99 / max${data.latenessIsLowerBound ? ' (lower bounds: unfired counted as late as the wait)' : ''}`, `${data.latenessIsLowerBound ? '≥ ' : ''}${f(data.lateness.p50Ms, 0)} / ${f(data.lateness.p90Ms, 0)} / ${f(data.lateness.p99Ms, 0)} / ${f(data.lateness.maxMs, 0)} ms`],
        ['fired early (any deadline) / far-future fired', `${earlyAll} / ${farFutureFired}`],
        ['fired twice (DEADLINE_EXPIRED events per deadline > 1)', String(firedTwice)],
        ['firings per second (worker)', f(data.firingsPerSecond, 0)],
        ['last firing after the window ended', lastFiredAfter === null ? '—' : `${f(lastFiredAfter, 1)} s`],
        [`transition load meanwhile (command bus c=${LOAD_CONCURRENCY}; over the measured and the profiled windows)`, `${f(loadResult.perSecond, 0)}/s, p50 ${f(loadResult.p50Ms, 1)} ms, p99 ${f(loadResult.p99Ms, 1)} ms`],
        ['PostgreSQL checkpoints while the deadlines fired (one was taken before)', String(data.checkpointsInWindow)],
        ['worker CPU during the window / max RSS', `${f(data.worker.cpuSeconds, 1)} s / ${f(data.worker.rssMaxMb, 0)} MiB`],
        ['worker start: reconciler armed (deadlines / wake-ups)', `${startupArm.armed.toLocaleString()} / ${perInstant.length} in ${f(startupArm.seconds, 1)} s`],
        ['worker start: reminder jobs armed (before the window)', `${startupReminders.jobs.toLocaleString()} in ${f(startupReminders.seconds, 1)} s`],
        ['due deadlines armed (DeadlineTimers.armMany)', `${f(dueArm.seconds, 2)} s${dueArm.armedAfterFirstDueMs ? ` (finished ${dueArm.armedAfterFirstDueMs} ms after the first was due)` : ''}`],
      ],
    );
    const perSecond = markdownTable(
      ['due second', 'deadlines', 'lateness p50 ms', 'max ms'],
      data.latenessByDueSecond.map((b) => [String(b.second), String(b.due), f(b.p50Ms, 0), f(b.maxMs, 0)]),
    );
    const markdown = `Database \`${databaseUrl.replace(/^.*\//, '')}\`, Redis DB ${REDIS_DB.timers}, system clock (TEST_CLOCK=false).
${total.toLocaleString()} cases cloned with SQL from one real case in \`mediation.active\` (row, snapshot, parties, claims, reporting facts; aggregates rebuilt from them), each with one
pending MEDIATION_PERIOD deadline cloned from the real one; ${background.toLocaleString()} fall due at the end of a day 20–50 days out
(${perInstant.length} distinct instants) and were armed by the worker's own reconciler at start; ${due.toLocaleString()} were inserted once the
transition load ran, due evenly from +${LEAD_MS / 1000} s to +${(LEAD_MS + s.timerDueWindowMs) / 1000} s (each at its own millisecond: as many
wake-up jobs as deadlines, the worst case), and armed with the real \`DeadlineTimers.armMany\`. The worker is the real one
(\`node dist/apps/worker/src/main.js\`, its own process; pool ${config.databasePoolSize}): a wake-up runs \`FireDueDeadlines\` (wake-ups
in the process share sweeps; a running sweep also wakes for the next deadline falling due), which fires the due deadlines in
batches of several cases (\`DeadlineFiring.fireBatch\`, up to 4 transactions at once): the case really fails mediation
(DEADLINE_EXPIRED event, termination note, notifications planned and delivered by the same worker, reporting).
Before the window: the seeding is checkpointed, the worker's start-up reminder sweep has armed its reminders, and
${WARMUP_FIRINGS.toLocaleString()} other deadlines fire at the same rate (not counted) so the worker's firing path is compiled, as in a worker that has been running.
Lateness = \`deadlines.fired_at − due_at\` (fired_at is the worker's clock inside the firing transaction).

${table}

Lateness by the second the deadlines fell due in (0 = the first second):

${perSecond}

### Where a firing's time goes

\`FireDeadlineCommand\` run ${PROFILE_FIRINGS} times one after another in the bench process (worker stopped):
${f(fireProfile.statementsPerOp, 1)} statements per firing in ${f(fireProfile.waitsPerOp, 1)} waits (pipelined), ${f(fireProfile.dbMsPerOp, 2)} of ${f(fireProfile.totalMsPerOp, 2)} ms with a \`pg\` query outstanding (per-statement times overlap).

${profileTable(fireProfile)}

${workerProfile ? profileMarkdown(`worker process in a separate window after the measured one (${PROFILE_WINDOW_FIRINGS.toLocaleString()} more deadlines at the same rate, the same transition load; lateness is measured without the profiler)`, workerProfile) : '(no worker profile)'}

${waitsMarkdown('PostgreSQL while the due deadlines fired (worker firings and the transition load together)', pgWaits)}
`;
    return { part: 'timers', title: 'Part 3 — timers under load', markdown, console: table, targets, data, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await worker?.stop('SIGKILL').catch(() => undefined);
    await timers?.queue.close().catch(() => undefined);
    redis.disconnect();
    await seed?.close().catch(() => undefined);
    await command?.close().catch((e) => log(`closing the app failed: ${e}`));
    await dropBenchDatabase(databaseUrl).catch((e) => log(`dropping the bench database failed: ${e}`));
    await flushBenchRedis(redisUrl).catch(() => undefined);
  }
}

/** At most ~40 rows: buckets of several seconds when the drain ran long. */
function compactSeconds(rows: { second: number; due: number; p50Ms: number; maxMs: number }[]) {
  if (rows.length <= 40) return rows;
  const width = Math.ceil(rows.length / 40);
  const out: typeof rows = [];
  for (let i = 0; i < rows.length; i += width) {
    const group = rows.slice(i, i + width);
    out.push({
      second: group[0].second,
      due: group.reduce((a, b) => a + b.due, 0),
      p50Ms: group[Math.floor(group.length / 2)].p50Ms,
      maxMs: Math.max(...group.map((g) => g.maxMs)),
    });
  }
  return out;
}
