import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_DATABASE_URL, TEST_PII_HASH_KEY, TEST_PII_KEY_1, TEST_PII_KEY_2, TEST_QUEUE_PREFIX, TEST_REDIS_URL } from '@tiaojie/testing';

const ROOT = join(__dirname, '..', '..');
export const WORKER_MAIN = join(ROOT, 'dist', 'apps', 'worker', 'src', 'main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'web') continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist (npm run build) when the worker's entry point is missing or older than any source file. */
export function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(WORKER_MAIN).mtimeMs;
  } catch {
    built = 0;
  }
  const sources = Math.max(newestSource(join(ROOT, 'apps')), newestSource(join(ROOT, 'libs')));
  if (built > sources) return;
  execSync('npm run build', { cwd: ROOT, stdio: 'pipe', timeout: 180_000 });
}

/** The environment of testConfig(), as variables for a worker process. */
export function workerEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: TEST_QUEUE_PREFIX,
    LOG_LEVEL: 'info',
    DEMO_DATA: 'accounts',
    TEST_CLOCK: 'true',
    RELAY_POLL_MS: '100',
    RECONCILE_INTERVAL_MS: '3600000',
    PII_KEYS: `t1:${TEST_PII_KEY_1},t2:${TEST_PII_KEY_2}`,
    PII_ACTIVE_KEY: 't2',
    PII_HASH_KEY: TEST_PII_HASH_KEY,
    ...overrides,
  };
}

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** `node dist/apps/worker/src/main.js` as a separate process; resolves once it logs that it started. */
export async function spawnWorker(env: Record<string, string>, readyTimeoutMs = 30_000): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [WORKER_MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d.toString()));
  child.stderr!.on('data', (d) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const proc: WorkerProcess = {
    child,
    output: () => out,
    exited,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    },
  };
  const started = Date.now();
  while (!out.includes('worker started')) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`worker exited before starting:\n${out.slice(-2000)}`);
    if (Date.now() - started > readyTimeoutMs) {
      await proc.kill();
      throw new Error(`worker did not start within ${readyTimeoutMs} ms:\n${out.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return proc;
}
