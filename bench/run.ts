/**
 * `npm run bench` (issue 8): runs each part, prints a table per part with the targets, and writes
 * bench/results/<timestamp>.json and .md and bench/results/latest.md. Each part makes its own
 * database (a name containing "bench") and Redis database (10–12) and cleans up after itself.
 *
 *   npm run bench                                  every part
 *   npm run bench -- --only timers,recovery        a subset (or BENCH_PARTS=timers,recovery)
 *   BENCH_QUICK=1 npm run bench                    smaller sizes, shorter windows: a smoke run
 *
 * Parts: transitions (HTTP, command bus, bare pg, pgbench), peer (bpmn-engine), timers, recovery,
 * reports, footprint. Reports numbers; asserts nothing. Other env: BENCH_DATABASE_URL,
 * BENCH_REDIS_URL, BENCH_SECONDS, BENCH_WARMUP_SECONDS, BENCH_ROUNDS (transitions: rounds per concurrency, default 3), BENCH_POOL_SIZE, BENCH_CONCURRENCY,
 * BENCH_TRANSITIONS_PER_CASE, BENCH_PEER_SECONDS, BENCH_TIMER_DEADLINES, BENCH_TIMER_DUE,
 * BENCH_TIMER_WINDOW_SECONDS, BENCH_TIMER_DRAIN_SECONDS, BENCH_RECOVERY_DEADLINES, BENCH_RESULTS_DIR.
 */
import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { footprintPart } from './parts/footprint';
import { peerPart } from './parts/peer';
import { recoveryPart } from './parts/recovery';
import { timersPart } from './parts/timers';
import { transitionsPart } from './parts/transitions';
import { runReportsPart } from './modes/reports-summary';
import { machineLines, writeResults, type BenchReport, type PartOutcome } from './lib/report';
import { loadSettings, machineInfo, maintenanceUrl, type BenchSettings, type PartName } from './lib/settings';

const log = (msg: string) => console.log(msg);

type PartRunner = (s: BenchSettings, log: (m: string) => void, pgbench: boolean) => Promise<PartOutcome>;

const RUNNERS: Record<PartName, PartRunner> = {
  transitions: (s, l, pgbench) => transitionsPart(s, l, pgbench),
  peer: (s, l) => peerPart(s, l),
  timers: (s, l) => timersPart(s, l),
  recovery: (s, l) => recoveryPart(s, l),
  // Part 5 is the reports engineer's mode (bench/modes/reports-summary.ts), run as is.
  reports: (s, l) => runReportsPart(s, l),
  footprint: (s, l) => footprintPart(s, l),
};

async function postgresVersion(url: string): Promise<string> {
  const c = new Client({ connectionString: maintenanceUrl(url) });
  await c.connect();
  try {
    return (await c.query<{ v: string }>('SELECT version() AS v')).rows[0].v;
  } finally {
    await c.end();
  }
}

async function main(): Promise<number> {
  const s = loadSettings();
  const startedAt = new Date().toISOString();
  // The command as run, with the BENCH_* settings that were given (not the URLs).
  const given = Object.entries(process.env)
    .filter(([k]) => k.startsWith('BENCH_') && !k.endsWith('_URL'))
    .map(([k, v]) => `${k}=${v}`);
  const command = [...given, 'npm run bench', process.argv.slice(2).length ? `-- ${process.argv.slice(2).join(' ')}` : '']
    .filter(Boolean)
    .join(' ');
  log(`tiaojie bench${s.quick ? ' (quick)' : ''}: parts ${s.parts.join(', ')}`);
  const machine = machineInfo(await postgresVersion(s.databaseUrl));
  log(machineLines(machine));

  const parts: PartOutcome[] = [];
  const failed: BenchReport['failed'] = [];
  const dir = process.env.BENCH_RESULTS_DIR ?? path.resolve(process.cwd(), 'bench', 'results');
  const { databaseUrl: _d, redisUrl: _r, ...settings } = s;
  const report = (): BenchReport => ({
    startedAt,
    finishedAt: new Date().toISOString(),
    command,
    machine,
    loadAverageAtEnd: os.loadavg().map((l) => Math.round(l * 100) / 100),
    settings,
    parts,
    skipped: s.parts.filter((p) => !parts.some((x) => x.part === p) && !failed.some((x) => x.part === p)).map((part) => ({ part, reason: 'not run yet (the run stopped before it)' })),
    failed,
  });
  for (const name of s.parts) {
    log(`\n== ${name} (load average ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')})`);
    try {
      const outcome = await RUNNERS[name](s, log, machine.pgbench !== null);
      parts.push(outcome);
      log(`\n${outcome.console}\n`);
      for (const t of outcome.targets) log(`  ${t.met === null ? '·' : t.met ? '✓' : '✗'} ${t.text}`);
    } catch (e) {
      const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
      log(`  ${name} FAILED: ${error}`);
      failed.push({ part: name, error });
    }
    // Written after every part, so a run stopped half-way keeps what it measured.
    await writeResults(dir, report());
  }

  const targets = parts.flatMap((p) => p.targets);
  log('\n== targets');
  for (const t of targets) log(`  ${t.met === null ? '·' : t.met ? '✓' : '✗'} ${t.text}`);
  const written = await writeResults(dir, report());
  log(`\nwrote ${written.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
