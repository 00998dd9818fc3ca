/**
 * Part 4 — recovery: 100,000 pending deadlines armed, then the bench Redis database is flushed
 * (FLUSHDB of its own index) and the worker's connection drops as it would when Redis restarts
 * empty. Seconds until every deadline has a wake-up again (one wake-up job per distinct due instant):
 * the reconciler's own sweep, and the wall time until an independent check finds every pending
 * deadline covered by a live wake-up.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@tiaojie/config';
import { DeadlineReconciler, DeadlineTimers, REDIS } from '@tiaojie/deadlines';
import type { Redis } from 'ioredis';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { profileHere, profileMarkdown, type ProfileSummary } from '../lib/cpu-profile';
import { dropBenchDatabase, recreateBenchDatabase } from '../lib/database';
import { pollFor } from '../lib/processes';
import { benchRedis, flushBenchRedis } from '../lib/redis';
import { checkTarget, f, markdownTable, type PartOutcome } from '../lib/report';
import { partDatabaseUrl, REDIS_DB, redisDbUrl, type BenchSettings } from '../lib/settings';
import { CommandPath } from '../modes/command-path';
import { DeadlineSeed } from '../modes/deadline-seed';
import { END_OF_DAY_20_TO_50_DAYS, workerEnv } from './timers';

async function redisCpuSeconds(r: Redis): Promise<number> {
  const info = await r.info('cpu');
  const num = (k: string) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  return num('used_cpu_sys') + num('used_cpu_user');
}

export interface RecoveryData {
  pending: number;
  instants: number;
  firstArm: { seconds: number };
  afterFlush: {
    sweepStartedAfterSeconds: number | null;
    sweepSeconds: number | null;
    checked: number | null;
    rearmed: number | null;
    allPresentAfterSeconds: number | null;
  };
  checkOnlySweep: { seconds: number; checked: number; rearmed: number };
  missingAtEnd: number;
  /** CPU used from FLUSHDB until every job was back: this process (worker in process + checker) and the Redis server. */
  cpu: { nodeSeconds: number; redisSeconds: number };
  sweepProfile: ProfileSummary;
}

export async function recoveryPart(s: BenchSettings, log: (m: string) => void): Promise<PartOutcome<RecoveryData>> {
  const t0 = Date.now();
  const databaseUrl = partDatabaseUrl(s.databaseUrl, 'recovery');
  const redisUrl = redisDbUrl(s.redisUrl, REDIS_DB.timers);
  await recreateBenchDatabase(databaseUrl);
  await flushBenchRedis(redisUrl);
  const n = s.recoveryDeadlines;
  let command: CommandPath | undefined;
  let seed: DeadlineSeed | undefined;
  let worker: INestApplicationContext | undefined;
  const checker = benchRedis(redisUrl);
  try {
    command = await CommandPath.boot(s, databaseUrl, redisUrl);
    const template = await command.openActiveCase();
    seed = new DeadlineSeed(databaseUrl, template.id, 'recovery');
    log(`  seeding ${n.toLocaleString()} cases with a pending deadline each…`);
    await seed.cloneCases(1, n);
    // Due at the end of a day (Asia/Shanghai) 20–50 days out, as legal deadlines are: 30 distinct instants.
    await seed.insertDeadlines(1, n, END_OF_DAY_20_TO_50_DAYS);
    await seed.analyze();
    await command.close();
    command = undefined;
    const pendingIds = (
      await seed.pool.query<{ id: string; generation: number; dueAt: Date }>(`SELECT id, generation, due_at AS "dueAt" FROM deadlines WHERE status = 'PENDING'`)
    ).rows;
    // One deadline per distinct due instant: covering these is covering them all (cheap to poll).
    const perInstant = [...new Map(pendingIds.map((d) => [d.dueAt.getTime(), d])).values()];

    // The real worker (WorkerModule) in this process, so its reconciler can be timed from the inside.
    const config = loadConfig({ ...workerEnv(databaseUrl, redisUrl, s.queuePrefix), LOG_LEVEL: 'error' });
    const armStart = Date.now();
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
    await worker.init();
    const reconciler = worker.get(DeadlineReconciler);
    const timers = worker.get(DeadlineTimers);
    const allPresent = async () => ((await timers.withoutWakeUp(perInstant)).length === 0 ? true : null);
    if (!(await pollFor(allPresent, 900_000, 50))) throw new Error('the reconciler did not arm every deadline at start within 900 s');
    const firstArm = { seconds: (Date.now() - armStart) / 1000 };
    log(`  worker start: ${pendingIds.length.toLocaleString()} deadlines armed in ${f(firstArm.seconds, 1)} s`);

    await reconciler.reconcile(); // let the start-up sweep finish (it is shared if still running)

    // Time every sweep from here on.
    const sweeps: { startedAt: number; endedAt: number; checked: number; rearmed: number }[] = [];
    const original = reconciler.reconcile.bind(reconciler);
    let current: Promise<{ checked: number; rearmed: number }> | null = null;
    reconciler.reconcile = () => {
      if (current) return current;
      const startedAt = Date.now();
      current = original().then((r) => {
        sweeps.push({ startedAt, endedAt: Date.now(), ...r });
        current = null;
        return r;
      });
      return current;
    };

    // A sweep with nothing missing: what the minute-by-minute check costs.
    const c0 = Date.now();
    const checkOnly = await reconciler.reconcile();
    const checkOnlySweep = { seconds: (Date.now() - c0) / 1000, ...checkOnly };
    sweeps.length = 0;

    // Redis loses everything: FLUSHDB of the bench database, and the worker's connection drops and
    // comes back (as on a Redis restart), which is what tells the reconciler to sweep.
    const redisCpu0 = await redisCpuSeconds(checker);
    const nodeCpu0 = process.cpuUsage();
    const flushAt = Date.now();
    await checker.flushdb();
    worker.get<Redis>(REDIS).disconnect(true);
    const present = await pollFor(allPresent, 600_000, 20);
    const allPresentAt = present ? Date.now() : null;
    await pollFor(async () => (sweeps.length > 0 ? true : null), 600_000, 20);
    const sweep = sweeps[0];
    const nodeCpu = process.cpuUsage(nodeCpu0);
    const cpu = { nodeSeconds: (nodeCpu.user + nodeCpu.system) / 1e6, redisSeconds: (await redisCpuSeconds(checker)) - redisCpu0 };

    // The same again under the profiler (not the measured round): where a re-arm sweep's time goes.
    await checker.flushdb();
    const profiled = await profileHere(() => original());
    log(
      `  after FLUSHDB: sweep started +${sweep ? f((sweep.startedAt - flushAt) / 1000, 2) : '?'} s, took ${sweep ? f((sweep.endedAt - sweep.startedAt) / 1000, 2) : '?'} s; ` +
        `all ${pendingIds.length.toLocaleString()} deadlines covered by wake-ups after ${allPresentAt ? f((allPresentAt - flushAt) / 1000, 2) : '—'} s`,
    );

    // Exact check: every pending deadline is covered by a live wake-up (its instant's, or one already due).
    const missing = (await timers.withoutWakeUp(pendingIds)).length;

    const data: RecoveryData = {
      pending: pendingIds.length,
      instants: perInstant.length,
      firstArm,
      afterFlush: {
        sweepStartedAfterSeconds: sweep ? (sweep.startedAt - flushAt) / 1000 : null,
        sweepSeconds: sweep ? (sweep.endedAt - sweep.startedAt) / 1000 : null,
        checked: sweep?.checked ?? null,
        rearmed: sweep?.rearmed ?? null,
        allPresentAfterSeconds: allPresentAt ? (allPresentAt - flushAt) / 1000 : null,
      },
      checkOnlySweep,
      missingAtEnd: missing,
      cpu,
      sweepProfile: profiled.profile,
    };
    const targets = [
      checkTarget('recovery', `re-arm ${pendingIds.length.toLocaleString()} deadlines after FLUSHDB`, data.afterFlush.allPresentAfterSeconds, 's', '≤', 10, 1),
      checkTarget('recovery', 'deadlines without a wake-up at the end', missing, '', '=', 0),
    ];
    const table = markdownTable(
      ['figure', 'value'],
      [
        ['pending deadlines / distinct due instants (wake-up jobs)', `${pendingIds.length.toLocaleString()} / ${perInstant.length.toLocaleString()}`],
        ['FLUSHDB → every deadline has a wake-up (wall)', `${f(data.afterFlush.allPresentAfterSeconds, 2)} s`],
        ['FLUSHDB → reconciler sweep starts (reconnect)', `${f(data.afterFlush.sweepStartedAfterSeconds, 2)} s`],
        ['reconciler sweep (checked / re-armed)', `${f(data.afterFlush.sweepSeconds, 2)} s (${data.afterFlush.checked?.toLocaleString() ?? '—'} / ${data.afterFlush.rearmed?.toLocaleString() ?? '—'})`],
        ['deadlines without a live wake-up at the end', String(missing)],
        ['CPU meanwhile: worker (Node) / Redis server', `${f(cpu.nodeSeconds, 2)} s / ${f(cpu.redisSeconds, 2)} s`],
        ['worker start with empty Redis: all armed', `${f(firstArm.seconds, 2)} s`],
        ['sweep with nothing missing (the per-minute check)', `${f(checkOnlySweep.seconds, 2)} s for ${checkOnlySweep.checked.toLocaleString()}`],
      ],
    );
    const markdown = `Database \`${databaseUrl.replace(/^.*\//, '')}\`, Redis DB ${REDIS_DB.timers} (FLUSHDB of that index only).
${n.toLocaleString()} cases and pending deadlines cloned with SQL as in part 3, due at the end of a day (Asia/Shanghai) 20–50 days out,
as legal deadlines are: ${perInstant.length} distinct instants, so ${perInstant.length} wake-up jobs (one per instant). The worker (\`WorkerModule\`,
the real relay, processor and \`DeadlineReconciler\`) runs in the bench process so the sweep can be timed from inside; the check
polls the queue's live jobs (\`DeadlineTimers.withoutWakeUp\`) for one deadline per instant, then for every pending deadline.
After FLUSHDB the worker's Redis connection is dropped and re-established (\`disconnect(true)\`), as a Redis restart does:
the reconciler sweeps on \`ready\`. A FLUSHDB without a reconnect is only noticed by the scheduled sweep
(RECONCILE_INTERVAL_MS, default 60 s).

${table}

Redis server CPU is from \`INFO cpu\` (the server is shared: other users' work is in it too).

${profileMarkdown(`a second re-arm sweep of ${pendingIds.length.toLocaleString()} deadlines after FLUSHDB, profiled (worker in the bench process)`, profiled.profile)}
`;
    return { part: 'recovery', title: 'Part 4 — recovery after Redis loses every timer', markdown, console: table, targets, data, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await worker?.close().catch((e) => log(`closing the worker failed: ${e}`));
    checker.disconnect();
    await seed?.close().catch(() => undefined);
    await command?.close().catch(() => undefined);
    await dropBenchDatabase(databaseUrl).catch((e) => log(`dropping the bench database failed: ${e}`));
    await flushBenchRedis(redisUrl).catch(() => undefined);
  }
}
