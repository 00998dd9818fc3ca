/**
 * Part 1 — transitions: case events through the full HTTP path (the API as its own process) and
 * through the command bus, against a bare `pg` transaction of the same shape (and pgbench with the
 * same SQL), at each concurrency. Throughput, p50/p99, ratios, CPU per operation, and where one
 * command's time goes (statements per operation).
 */
import os from 'node:os';
import path from 'node:path';
import { CpuMeter } from '../lib/cpu';
import { profileChild, profileHere, profileMarkdown, type ProfileSummary } from '../lib/cpu-profile';
import { dropBenchDatabase, recreateBenchDatabase } from '../lib/database';
import { WaitSampler, waitsMarkdown, type WaitSummary } from '../lib/pg-waits';
import { runClosedLoop, type LoadResult } from '../lib/load';
import { flushBenchRedis } from '../lib/redis';
import { checkTarget, f, profileSummary, resultsTable, withRatios, type PartOutcome, type Row } from '../lib/report';
import { partDatabaseUrl, REDIS_DB, redisDbUrl, type BenchSettings } from '../lib/settings';
import { BarePg } from '../modes/bare-pg';
import { CommandPath, type BenchCase } from '../modes/command-path';
import { ApiProcess, HttpPath } from '../modes/http-path';
import { pgbenchVariables, runPgbench } from '../modes/pgbench';
import { profileSql, type SqlProfile } from '../modes/sql-profile';

const PGBENCH_FIRST_ID = 100_001;
const PROFILE_OPERATIONS = 200;

export interface TransitionsData {
  database: string;
  rows: Row[];
  baselineSnapshotBytes: number;
  levels: Record<string, { casesUsed: number; avgBytes: number; maxBytes: number }>;
  sqlProfile: { commandBus: SqlProfile; barePg: SqlProfile };
  pgbench: { command: string; note: string } | { skipped: string };
  apiStartMs: number;
  /** CPU profiles of a separate window at c=8 (not the measured one): where the time goes. */
  profiles: { commandBus: ProfileSummary | null; httpApi: ProfileSummary | null; commandBusWaits?: WaitSummary; httpWaits?: WaitSummary };
}

export async function transitionsPart(s: BenchSettings, log: (m: string) => void, pgbenchAvailable: boolean): Promise<PartOutcome<TransitionsData>> {
  const t0 = Date.now();
  const profileFile = path.join(os.tmpdir(), `tiaojie-bench-api-${process.pid}.cpuprofile`);
  const databaseUrl = partDatabaseUrl(s.databaseUrl, 'transitions');
  const redisUrl = redisDbUrl(s.redisUrl, REDIS_DB.transitions);
  await recreateBenchDatabase(databaseUrl);
  await flushBenchRedis(redisUrl);

  let command: CommandPath | undefined;
  let bare: BarePg | undefined;
  let meter: CpuMeter | undefined;
  let api: ApiProcess | undefined;
  let http: HttpPath | undefined;
  try {
    meter = await CpuMeter.connect(databaseUrl);
    command = await CommandPath.boot(s, databaseUrl, redisUrl);
    const snapshot = await typicalSnapshot(command, s.transitionsPerCase || 40);
    bare = new BarePg(databaseUrl, s.poolSize, snapshot);
    await bare.createSchema();
    api = await ApiProcess.start({ databaseUrl, redisUrl, queuePrefix: s.queuePrefix, poolSize: s.poolSize, profileFile });
    log(`  API process up in ${api.startMs} ms (pid ${api.proc.pid})`);
    http = await HttpPath.connect(api.url);

    const rows: Omit<Row, 'ratioToBarePg'>[] = [];
    const profiles: TransitionsData['profiles'] = { commandBus: null, httpApi: null };
    const profileMs = Math.max(3_000, Math.round(s.measureMs / 2));
    const levels: TransitionsData['levels'] = {};
    let nextBareId = 1;
    for (const c of s.concurrencies) {
      // Rounds: the three modes back to back, `s.rounds` times; each row is its median window, and the
      // ratio the median of the rounds' own ratios (a round's windows share the machine's load).
      const windows: Record<'command bus' | 'http' | 'bare pg', LoadResult[]> = { 'command bus': [], http: [], 'bare pg': [] };
      const cases: BenchCase[] = [];
      for (let round = 1; round <= s.rounds; round++) {
        const tag = s.rounds > 1 ? ` (round ${round}/${s.rounds})` : '';
        const first = await Promise.all(Array.from({ length: c }, () => command!.openActiveCase()));
        const slots = first.map((k) => command!.slot(k, s.transitionsPerCase, (x) => cases.push(x)));
        meter.extraPids = [];
        const cmd = await runClosedLoop(slots, s.warmupMs, s.measureMs, meter);
        windows['command bus'].push(cmd);
        log(`  command bus c=${c}: ${cmd.perSecond.toFixed(0)}/s p50 ${f(cmd.p50Ms)} p99 ${f(cmd.p99Ms)} ms${tag}`);

        const httpFirst = await http.openActiveCases(c);
        const httpSlots = httpFirst.map((k) => http!.slot(k, s.transitionsPerCase));
        meter.extraPids = [api.proc.pid];
        const viaHttp = await runClosedLoop(httpSlots, s.warmupMs, s.measureMs, meter);
        meter.extraPids = [];
        windows.http.push(viaHttp);
        log(`  http        c=${c}: ${viaHttp.perSecond.toFixed(0)}/s p50 ${f(viaHttp.p50Ms)} p99 ${f(viaHttp.p99Ms)} ms${tag}`);

        if (c === 8 && round === 1) {
          log('  profiling the command bus and the API at c=8 (a separate window)…');
          const cmdCases = await Promise.all(Array.from({ length: c }, () => command!.openActiveCase()));
          const sampler = await WaitSampler.connect(databaseUrl);
          try {
            sampler.start();
            profiles.commandBus = (await profileHere(() => runClosedLoop(cmdCases.map((k) => command!.slot(k, s.transitionsPerCase)), 500, profileMs))).profile;
            profiles.commandBusWaits = sampler.stop();
            const httpCases = await http!.openActiveCases(c);
            sampler.start();
            profiles.httpApi = (
              await profileChild(api.proc.pid, profileFile, () => runClosedLoop(httpCases.map((k) => http!.slot(k, s.transitionsPerCase)), 500, profileMs))
            ).profile;
            profiles.httpWaits = sampler.stop();
          } finally {
            await sampler.close();
          }
        }

        await bare.seedCases(nextBareId, c);
        const bareSlots = Array.from({ length: c }, (_, i) => bare!.slot(nextBareId + i));
        const raw = await runClosedLoop(bareSlots, s.warmupMs, s.measureMs, meter);
        nextBareId += c;
        windows['bare pg'].push(raw);
        log(`  bare pg     c=${c}: ${raw.perSecond.toFixed(0)}/s p50 ${f(raw.p50Ms)} p99 ${f(raw.p99Ms)} ms${tag}`);
      }
      for (const mode of ['command bus', 'http', 'bare pg'] as const) {
        const all = windows[mode];
        const mid = [...all].sort((a, b) => a.perSecond - b.perSecond)[Math.floor((all.length - 1) / 2)];
        rows.push({ mode, ...mid, apiCpuMsPerOp: mode === 'http' ? mid.apiCpuMsPerOp : null, ...(all.length > 1 ? { rounds: { perSecond: all.map((w) => w.perSecond) } } : {}) });
      }
      levels[c] = { casesUsed: cases.length, ...(await command.snapshotSizes(cases.map((k) => k.id))) };
    }

    log('  profiling statements per operation…');
    await bare.seedCases(nextBareId, 1);
    const sqlProfile = {
      commandBus: await profileSql(command.slot(await command.openActiveCase(), s.transitionsPerCase), PROFILE_OPERATIONS),
      barePg: await profileSql(bare.slot(nextBareId), PROFILE_OPERATIONS),
    };

    const pgbench = await pgbenchRow(s, databaseUrl, bare, snapshot, pgbenchAvailable, log);
    if (pgbench.row) rows.push(pgbench.row);

    const withR = withRatios(rows);
    const at8 = (mode: Row['mode']) => withR.find((r) => r.mode === mode && r.concurrency === 8)?.ratioToBarePg ?? null;
    const targets = [
      checkTarget('transitions', 'command bus ÷ bare pg at c=8', at8('command bus'), '×', '≥', 0.5, 2),
      checkTarget('transitions', 'full HTTP path ÷ bare pg at c=8', at8('http'), '×', '≥', 0.3, 2),
    ];
    const data: TransitionsData = {
      database: databaseUrl.replace(/^.*\//, ''),
      rows: withR.map((r) => ({ ...r, timeline: r.timeline })),
      baselineSnapshotBytes: Buffer.byteLength(JSON.stringify(snapshot)),
      levels,
      sqlProfile,
      pgbench: pgbench.info,
      apiStartMs: api.startMs,
      profiles,
    };
    const table = resultsTable(withR);
    return { part: 'transitions', title: 'Part 1 — transitions', markdown: transitionsMarkdown(s, data, table), console: table, targets, data, seconds: (Date.now() - t0) / 1000 };
  } finally {
    http?.close();
    await api?.stop().catch((e) => log(`stopping the API failed: ${e}`));
    await command?.close().catch((e) => log(`closing the app failed: ${e}`));
    await bare?.close().catch((e) => log(`closing the pool failed: ${e}`));
    await meter?.close().catch((e) => log(`closing the CPU meter failed: ${e}`));
    await dropBenchDatabase(databaseUrl).catch((e) => log(`dropping the bench database failed: ${e}`));
    await flushBenchRedis(redisUrl).catch((e) => log(`flushing bench Redis failed: ${e}`));
  }
}

/** The snapshot of a real case halfway through its bench life: what the command path writes on average. */
async function typicalSnapshot(command: CommandPath, perCase: number): Promise<unknown> {
  const probe = await command.openActiveCase();
  const slot = command.slot(probe, 0);
  for (let i = 0; i < Math.floor(perCase / 2); i++) await slot.step();
  return command.snapshotOf(probe.id);
}

async function pgbenchRow(
  s: BenchSettings,
  databaseUrl: string,
  bare: BarePg,
  snapshot: unknown,
  available: boolean,
  log: (m: string) => void,
): Promise<{ info: TransitionsData['pgbench']; row?: Omit<Row, 'ratioToBarePg'> }> {
  const skipped = { info: { skipped: 'skipped: pgbench is not on PATH' } };
  if (!available) return skipped;
  await bare.seedCases(PGBENCH_FIRST_ID, s.pgbenchClients);
  const seconds = Math.max(1, Math.round(s.measureMs / 1000));
  const pb = await runPgbench(databaseUrl, s.pgbenchClients, seconds, pgbenchVariables(PGBENCH_FIRST_ID, snapshot));
  if (!pb) return skipped;
  log(`  pgbench     c=${pb.clients}: ${pb.tps.toFixed(0)} tps`);
  const row: Omit<Row, 'ratioToBarePg'> = {
    mode: 'pgbench', concurrency: pb.clients, operations: pb.transactions, seconds: pb.seconds, perSecond: pb.tps,
    p50Ms: pb.p50Ms, p99Ms: pb.p99Ms, maxMs: NaN, betweenSeconds: 0, timeline: [], nodeCpuMsPerOp: null, postgresCpuMsPerOp: null, apiCpuMsPerOp: null,
  };
  const note = 'same tables and snapshot; UPDATE … RETURNING version \\gset, then the INSERT; no warm-up';
  return { row, info: { command: pb.command, note } };
}

function transitionsMarkdown(s: BenchSettings, d: TransitionsData, table: string): string {
  const levels = Object.entries(d.levels)
    .map(([c, l]) => `c=${c}: ${l.casesUsed} cases, snapshots avg ${l.avgBytes} B / max ${l.maxBytes} B`)
    .join('; ');
  const perCase = s.transitionsPerCase
    ? `after ${s.transitionsPerCase} transitions a slot moves to a freshly opened case (open + ACCEPT + ASSIGN, untimed; ` +
      "throughput is divided by the window minus each slot's average time spent opening)"
    : 'slots never change case, so snapshots grow all run long';
  const rounds =
    s.rounds > 1
      ? ` ${s.rounds} rounds at each concurrency — command bus, HTTP and bare pg back to back — each row the median round's window,
and "÷ bare pg" the median of the rounds' own ratios (a round's windows share the machine's load; rounds are listed).`
      : '';
  return `Database \`${d.database}\`, pool size ${s.poolSize} (command path, API and bare pg alike); warm-up ${s.warmupMs / 1000} s then
${s.measureMs / 1000} s measured per window; closed loop, one case per slot.${rounds}

${table}

- **command bus**: \`CommandBus.execute(new SendCaseEventCommand(...))\` in this process, alternating SCHEDULE_SESSION /
  RECORD_SESSION: the one-transaction command path without HTTP, auth or idempotency key.
- **http**: the real API as its own process (\`node dist/apps/api/src/main.js\`, up in ${d.apiStartMs} ms), logged in as the demo
  mediator; \`POST /api/cases/{id}/events\` with \`If-Match\` and a fresh \`Idempotency-Key\` per request (stored in the
  command's transaction), keep-alive connections; the same event loop as the command bus rows. "API CPU" is that process.
- **bare pg**: \`pg.Pool\`, per operation BEGIN; INSERT bench_events; UPDATE bench_cases … WHERE version = $2 RETURNING; COMMIT,
  with a fixed ${d.baselineSnapshotBytes}-byte snapshot (a real bench case's, halfway through its life).
- **pgbench**: ${'command' in d.pgbench ? `\`${d.pgbench.command}\`; ${d.pgbench.note}` : d.pgbench.skipped}

CPU columns: the bench process (load generator; for the command bus rows it also runs the command path), the API process
(http rows), and the bench database's PostgreSQL backends (from /proc), over the measured window ÷ operations.

Every scheduled session stays in a case's snapshot, so ${perCase}. ${levels}.

### Where a command's time goes

${profileSummary('command bus', d.sqlProfile.commandBus)}

${profileSummary('bare pg', d.sqlProfile.barePg)}

### CPU profiles at c=8

A separate window (not the measured one) with V8's sampling profiler on. The command bus runs in the bench process, so its
profile includes the load generator; the API profile is the API process alone.

${d.profiles.commandBus ? profileMarkdown('command bus (bench process)', d.profiles.commandBus) : '(no command bus profile)'}

${d.profiles.httpApi ? profileMarkdown('API process under HTTP load', d.profiles.httpApi) : '(no API profile)'}

### What PostgreSQL's backends wait for at c=8

${d.profiles.commandBusWaits ? waitsMarkdown('command bus window', d.profiles.commandBusWaits) : ''}

${d.profiles.httpWaits ? waitsMarkdown('HTTP window', d.profiles.httpWaits) : ''}
`;
}
