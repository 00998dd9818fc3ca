import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** The parts of `npm run bench`, in the order they run. */
/** Issue 8 numbers them 1–6; reports (the 1M-case generation, the longest) runs last. */
export const PARTS = ['transitions', 'peer', 'timers', 'recovery', 'footprint', 'reports'] as const;
export type PartName = (typeof PARTS)[number];

/** Redis database indexes the bench may use (the Redis server is shared: FLUSHDB of these only, never FLUSHALL). */
export const REDIS_DB = { transitions: 10, timers: 11, footprint: 12 } as const;

/** What one bench run uses, from the environment (all optional). */
export interface BenchSettings {
  /** Base bench database URL; each part uses its own database named after it (`<base>_<part>`). */
  databaseUrl: string;
  /** Redis server URL without a database index; parts pick theirs from REDIS_DB. */
  redisUrl: string;
  /** BENCH_QUICK=1: smaller sizes and shorter windows for a smoke run. */
  quick: boolean;
  parts: PartName[];
  /** Pending deadlines for the timers part, and how many of them fall due during the run. */
  timerDeadlines: number;
  timerDue: number;
  timerDueWindowMs: number;
  /** Longest wait for every due deadline to fire before the timers part gives up and reports what it saw. */
  timerDrainTimeoutMs: number;
  /** Pending deadlines for the recovery part. */
  recoveryDeadlines: number;
  /** Seconds the peer comparison runs each side. */
  peerMeasureMs: number;
  queuePrefix: string;
  poolSize: number;
  concurrencies: number[];
  warmupMs: number;
  measureMs: number;
  pgbenchClients: number;
  /** Transitions a command-path slot makes on one case before moving to a fresh one (0: never). */
  transitionsPerCase: number;
  /** Rounds of the transitions part at each concurrency (command bus, HTTP, bare pg back to back): rows are their medians. */
  rounds: number;
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv.slice(2)): BenchSettings {
  const databaseUrl = env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tiaojie_bench';
  assertBenchDatabase(databaseUrl);
  const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true' || argv.includes('--quick');
  const redis = new URL(env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379');
  redis.pathname = '';
  const timerDeadlines = positiveInt(env.BENCH_TIMER_DEADLINES, quick ? 10_000 : 100_000);
  return {
    databaseUrl,
    redisUrl: redis.toString().replace(/\/$/, ''),
    quick,
    parts: parseParts(argv, env.BENCH_PARTS),
    timerDeadlines,
    timerDue: Math.min(timerDeadlines, positiveInt(env.BENCH_TIMER_DUE, quick ? 1_000 : 10_000)),
    timerDueWindowMs: Math.round(positiveNumber(env.BENCH_TIMER_WINDOW_SECONDS, 20) * 1000),
    timerDrainTimeoutMs: Math.round(positiveNumber(env.BENCH_TIMER_DRAIN_SECONDS, quick ? 60 : 240) * 1000),
    recoveryDeadlines: positiveInt(env.BENCH_RECOVERY_DEADLINES, quick ? 10_000 : 100_000),
    peerMeasureMs: Math.round(positiveNumber(env.BENCH_PEER_SECONDS, quick ? 10 : 20) * 1000),
    queuePrefix: '{tiaojie-bench}',
    poolSize: positiveInt(env.BENCH_POOL_SIZE, 16),
    concurrencies: (env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map((c) => positiveInt(c.trim(), 1)),
    warmupMs: Math.round(positiveNumber(env.BENCH_WARMUP_SECONDS, quick ? 1 : 1.5) * 1000),
    measureMs: Math.round(positiveNumber(env.BENCH_SECONDS, quick ? 3 : 10) * 1000),
    pgbenchClients: 8,
    transitionsPerCase: env.BENCH_TRANSITIONS_PER_CASE === '0' ? 0 : positiveInt(env.BENCH_TRANSITIONS_PER_CASE, 40),
    rounds: positiveInt(env.BENCH_ROUNDS, quick ? 1 : 3),
  };
}

/** `--only timers,recovery` (or `--only=…`), else BENCH_PARTS, else every part. */
export function parseParts(argv: string[], fromEnv: string | undefined): PartName[] {
  const i = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  const raw = i < 0 ? fromEnv : argv[i].startsWith('--only=') ? argv[i].slice('--only='.length) : argv[i + 1];
  if (raw === undefined || raw.trim() === '') return [...PARTS];
  const wanted = raw.split(',').map((p) => p.trim()).filter(Boolean);
  const unknown = wanted.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length) throw new Error(`unknown bench part(s): ${unknown.join(', ')} (parts: ${PARTS.join(', ')})`);
  return PARTS.filter((p) => wanted.includes(p));
}

/** The database a part works in: the base name with the part's name appended (still containing "bench"). */
export function partDatabaseUrl(base: string, part: string): string {
  const u = new URL(base);
  u.pathname = `/${databaseName(base)}_${part.replace(/[^A-Za-z0-9_]/g, '_')}`;
  assertBenchDatabase(u.toString());
  return u.toString();
}

/** The bench Redis server with a database index (10–12 are the bench's). */
export function redisDbUrl(server: string, db: number): string {
  if (db < 10 || db > 12) throw new Error(`the bench uses Redis databases 10–12 only, not ${db}`);
  const u = new URL(server);
  u.pathname = `/${db}`;
  return u.toString();
}

/** The bench drops and recreates its database: refuse any name that does not say "bench". */
export function assertBenchDatabase(url: string): string {
  const name = databaseName(url);
  if (!/bench/i.test(name)) throw new Error(`refusing to use database "${name}": its name must contain "bench"`);
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`refusing database name "${name}": letters, digits and _ only`);
  return name;
}

export const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));

/** The same server's maintenance database, to drop and create the bench database from. */
export function maintenanceUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

export interface MachineInfo {
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  postgres: string;
  pgbench: string | null;
  /** 1/5/15-minute load average when the run started: other work on the machine skews the figures. */
  loadAverage: number[];
}

export function machineInfo(postgresVersion: string): MachineInfo {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    postgres: postgresVersion,
    pgbench: pgbenchVersion(),
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** `pgbench --version`, or null when it is not on PATH. */
export function pgbenchVersion(): string | null {
  try {
    return execFileSync('pgbench', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function positiveInt(v: string | undefined, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected a positive integer, got "${v}"`);
  return n;
}

function positiveNumber(v: string | undefined, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`expected a non-negative number, got "${v}"`);
  return n;
}
