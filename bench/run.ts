/**
 * First benchmark: state transitions per second through the real command path (CommandBus →
 * SendCaseEventHandler, one transaction) against a bare `pg` floor and pgbench, at several
 * concurrencies. Reports numbers; asserts nothing. `npm run bench`; env: BENCH_DATABASE_URL,
 * BENCH_REDIS_URL, BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_POOL_SIZE, BENCH_CONCURRENCY,
 * BENCH_TRANSITIONS_PER_CASE.
 */
import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { CpuMeter } from './lib/cpu';
import { dropBenchDatabase, recreateBenchDatabase } from './lib/database';
import { runClosedLoop } from './lib/load';
import { machineLines, resultsTable, withRatios, writeResults, type BenchReport, type Row } from './lib/report';
import { databaseName, loadSettings, machineInfo, type BenchSettings } from './lib/settings';
import { BarePg } from './modes/bare-pg';
import { CommandPath, type BenchCase } from './modes/command-path';
import { pgbenchVariables, runPgbench } from './modes/pgbench';
import { profileSql } from './modes/sql-profile';

const PGBENCH_FIRST_ID = 100_001;
const PROFILE_OPERATIONS = 200;
const log = (msg: string) => console.log(msg);

async function main(): Promise<void> {
  const s = loadSettings();
  const startedAt = new Date().toISOString();
  log(`tiaojie bench: ${databaseName(s.databaseUrl)}, pool ${s.poolSize}, levels ${s.concurrencies.join('/')}, ` +
    `${s.warmupMs / 1000} s warm-up + ${s.measureMs / 1000} s each, ${s.transitionsPerCase || '∞'} transitions per case`);
  const machine = machineInfo(await recreateBenchDatabase(s.databaseUrl));
  log(machineLines(machine));

  let command: CommandPath | undefined;
  let bare: BarePg | undefined;
  let meter: CpuMeter | undefined;
  try {
    meter = await CpuMeter.connect(s.databaseUrl);
    command = await CommandPath.boot(s);
    const snapshot = await typicalSnapshot(command, s.transitionsPerCase || 40);
    bare = new BarePg(s.databaseUrl, s.poolSize, snapshot);
    await bare.createSchema();

    const rows: Omit<Row, 'ratioToBarePg'>[] = [];
    const levels: BenchReport['levels'] = {};
    let nextBareId = 1;
    for (const c of s.concurrencies) {
      const cases: BenchCase[] = [];
      const first = await Promise.all(Array.from({ length: c }, () => command!.openActiveCase()));
      const slots = first.map((k) => command!.slot(k, s.transitionsPerCase, (x) => cases.push(x)));
      const cmd = await runClosedLoop(slots, s.warmupMs, s.measureMs, meter);
      rows.push({ mode: 'command bus', ...cmd });
      levels[c] = { casesUsed: cases.length, ...(await command.snapshotSizes(cases.map((k) => k.id))) };
      log(`  command bus c=${c}: ${cmd.perSecond.toFixed(0)}/s (per second: ${cmd.timeline.join(' ')})`);

      await bare.seedCases(nextBareId, c);
      const bareSlots = Array.from({ length: c }, (_, i) => bare!.slot(nextBareId + i));
      const raw = await runClosedLoop(bareSlots, s.warmupMs, s.measureMs, meter);
      nextBareId += c;
      rows.push({ mode: 'bare pg', ...raw });
      log(`  bare pg     c=${c}: ${raw.perSecond.toFixed(0)}/s (per second: ${raw.timeline.join(' ')})`);
    }

    log('  profiling statements per operation…');
    await bare.seedCases(nextBareId, 1);
    const sqlProfile = {
      commandBus: await profileSql(command.slot(await command.openActiveCase(), s.transitionsPerCase), PROFILE_OPERATIONS),
      barePg: await profileSql(bare.slot(nextBareId), PROFILE_OPERATIONS),
    };

    const pgbench = await pgbenchRow(s, bare, snapshot, machine.pgbench !== null);
    if (pgbench.row) rows.push(pgbench.row);

    const report: BenchReport = {
      startedAt,
      finishedAt: new Date().toISOString(),
      machine,
      loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
      settings: { ...settingsWithoutUrls(s), database: databaseName(s.databaseUrl) },
      rows: withRatios(rows),
      baselineSnapshotBytes: Buffer.byteLength(JSON.stringify(snapshot)),
      levels,
      sqlProfile,
      pgbench: pgbench.info,
    };
    log('\n' + resultsTable(report.rows) + '\n');
    for (const [name, p] of Object.entries(sqlProfile)) {
      log(`${name}: ${p.statementsPerOp.toFixed(1)} statements/op, ${p.dbMsPerOp.toFixed(3)} ms inside pg queries of ${p.totalMsPerOp.toFixed(3)} ms/op`);
    }
    const written = await writeResults(path.resolve(__dirname, '../../bench/results'), report);
    log(`\nwrote ${written.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
  } finally {
    await command?.close().catch((e) => log(`closing the app failed: ${e}`));
    await bare?.close().catch((e) => log(`closing the pool failed: ${e}`));
    await meter?.close().catch((e) => log(`closing the CPU meter failed: ${e}`));
    await dropBenchDatabase(s.databaseUrl).catch((e) => log(`dropping the bench database failed: ${e}`));
  }
}

/** The snapshot of a real case halfway through its bench life: what the command path writes on average. */
async function typicalSnapshot(command: CommandPath, perCase: number): Promise<unknown> {
  const probe = await command.openActiveCase();
  const slot = command.slot(probe, 0);
  for (let i = 0; i < Math.floor(perCase / 2); i++) await slot.step();
  return command.snapshotOf(probe.id);
}

interface PgbenchOutcome {
  info: BenchReport['pgbench'];
  row?: Omit<Row, 'ratioToBarePg'>;
}

async function pgbenchRow(s: BenchSettings, bare: BarePg, snapshot: unknown, available: boolean): Promise<PgbenchOutcome> {
  if (!available) return { info: { skipped: 'skipped: pgbench is not on PATH' } };
  await bare.seedCases(PGBENCH_FIRST_ID, s.pgbenchClients);
  const seconds = Math.max(1, Math.round(s.measureMs / 1000));
  const pb = await runPgbench(s.databaseUrl, s.pgbenchClients, seconds, pgbenchVariables(PGBENCH_FIRST_ID, snapshot));
  if (!pb) return { info: { skipped: 'skipped: pgbench is not on PATH' } };
  log(`  pgbench     c=${pb.clients}: ${pb.tps.toFixed(0)} tps`);
  const row: Omit<Row, 'ratioToBarePg'> = {
    mode: 'pgbench', concurrency: pb.clients, operations: pb.transactions, seconds: pb.seconds, perSecond: pb.tps,
    p50Ms: pb.p50Ms, p99Ms: pb.p99Ms, maxMs: NaN, betweenSeconds: 0, timeline: [], nodeCpuMsPerOp: null, postgresCpuMsPerOp: null,
  };
  const note = 'same tables and snapshot; UPDATE … RETURNING version \\gset, then the INSERT; no warm-up';
  return { row, info: { command: pb.command, note } };
}

function settingsWithoutUrls({ databaseUrl: _d, redisUrl: _r, ...rest }: BenchSettings) {
  return rest;
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
