import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** What one bench run uses, from the environment (all optional). */
export interface BenchSettings {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  poolSize: number;
  concurrencies: number[];
  warmupMs: number;
  measureMs: number;
  pgbenchClients: number;
  /** Transitions a command-path slot makes on one case before moving to a fresh one (0: never). */
  transitionsPerCase: number;
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const databaseUrl = env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tiaojie_bench';
  assertBenchDatabase(databaseUrl);
  return {
    databaseUrl,
    redisUrl: env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    queuePrefix: '{tiaojie-bench}',
    poolSize: positiveInt(env.BENCH_POOL_SIZE, 16),
    concurrencies: (env.BENCH_CONCURRENCY ?? '1,8,32').split(',').map((c) => positiveInt(c.trim(), 1)),
    warmupMs: Math.round(positiveNumber(env.BENCH_WARMUP_SECONDS, 1.5) * 1000),
    measureMs: Math.round(positiveNumber(env.BENCH_SECONDS, 10) * 1000),
    pgbenchClients: 8,
    transitionsPerCase: env.BENCH_TRANSITIONS_PER_CASE === '0' ? 0 : positiveInt(env.BENCH_TRANSITIONS_PER_CASE, 40),
  };
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
