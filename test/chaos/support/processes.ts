import { TEST_PII_HASH_KEY, TEST_PII_KEY_1, TEST_PII_KEY_2 } from '@tiaojie/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { API_MAIN, WORKER_MAIN } from './build';
import { freePort } from './private-services';

/**
 * API and worker as real child processes (`node …/main.js`), as they run in production: each
 * migrates under the advisory lock, the API seeds the demo accounts, and a kill -9 is a real one.
 */

const ROOT = join(__dirname, '..', '..', '..');
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

export interface AppEnvOptions {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  /** ISO time the shared test clock starts at (first process to start sets it). */
  clockStart?: string;
  extra?: Record<string, string>;
}

/** Production defaults (relay poll, reconcile interval…) except the test clock, test keys and quiet hours. */
export function appEnv(o: AppEnvOptions): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: o.redisUrl,
    QUEUE_PREFIX: o.queuePrefix,
    LOG_LEVEL: 'info',
    DEMO_DATA: 'accounts',
    TEST_CLOCK: 'true',
    ...(o.clockStart ? { TEST_CLOCK_START: o.clockStart } : {}),
    // The shared test clock may stand at night in Shanghai: texts are not deferred here.
    QUIET_HOURS: '00:00-00:00',
    PASSWORD_HASH_COST: '10',
    PII_KEYS: `t1:${TEST_PII_KEY_1},t2:${TEST_PII_KEY_2}`,
    PII_ACTIVE_KEY: 't2',
    PII_HASH_KEY: TEST_PII_HASH_KEY,
    ...o.extra,
  };
}

export interface AppProcess {
  kind: 'api' | 'worker';
  child: ChildProcess;
  /** API: its base URL. */
  url: string;
  output(): string;
  alive(): boolean;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

async function spawnApp(kind: 'api' | 'worker', env: Record<string, string>, readyTimeoutMs: number): Promise<AppProcess> {
  const port = kind === 'api' ? await freePort() : 0;
  const main = kind === 'api' ? API_MAIN : WORKER_MAIN;
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: kind === 'api' ? { ...env, PORT: String(port) } : env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    }),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  const proc: AppProcess = {
    kind,
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => out,
    alive,
    exited,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (alive()) child.kill(signal);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000).unref())]);
      if (alive()) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
  const ready = kind === 'api' ? 'API listening on port' : 'worker started';
  const started = Date.now();
  while (!out.includes(ready)) {
    if (!alive()) throw new Error(`${kind} exited before starting:\n${out.slice(-3000)}`);
    if (Date.now() - started > readyTimeoutMs) {
      await proc.kill();
      throw new Error(`${kind} did not start within ${readyTimeoutMs} ms:\n${out.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return proc;
}

export const spawnApi = (env: Record<string, string>, readyTimeoutMs = 90_000) => spawnApp('api', env, readyTimeoutMs);
export const spawnWorkerProcess = (env: Record<string, string>, readyTimeoutMs = 90_000) => spawnApp('worker', env, readyTimeoutMs);

/** Stops every process given (SIGTERM, then SIGKILL), ignoring those already gone. */
export async function stopAll(processes: readonly (AppProcess | undefined)[], signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  await Promise.all(processes.map((p) => p?.kill(signal).catch(() => undefined)));
}
