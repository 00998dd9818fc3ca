/**
 * Redis for `npm start` when REDIS_URL is unset: the one on localhost:6379 if it answers, else a
 * `redis-server` from PATH with its data under `.data/redis`, else a clear way to get one.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { relative } from 'node:path';
import { LauncherError, log, prefixedWriter } from './log';
import { commandLineOf, findOnPath, isAlive, spawnManaged, terminatePid, type ManagedProcess, type StopStep } from './process';
import type { RunState } from './run-state';
import { pollUntil } from './wait';

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT = 6379;

export const REDIS_STOP: readonly StopStep[] = [
  { signal: 'SIGTERM', waitMs: 20_000 }, // shutdown with a final fsync/save
  { signal: 'SIGKILL', waitMs: 5_000 },
];

export interface RedisConfig {
  /** Where a spawned redis-server keeps its data (`.data/redis`). */
  dataDir: string;
  /** Port for a spawned redis-server. */
  port: number;
  root: string;
  runState: RunState;
  signal: AbortSignal;
}

export type RedisChoice =
  | { kind: 'existing'; url: string }
  | { kind: 'spawned'; url: string; process: ManagedProcess; stop(): Promise<void> };

/** Whether a Redis answers PING at host:port (a Redis that wants a password does not count). */
export function ping(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    let received = '';
    const socket = createConnection({ host, port });
    const finish = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n')) finish(received.startsWith('+PONG'));
    });
    socket.once('close', () => finish(false));
  });
}

export async function chooseRedis(config: RedisConfig): Promise<RedisChoice> {
  if (await ping(DEFAULT_HOST, DEFAULT_PORT)) {
    return { kind: 'existing', url: `redis://${DEFAULT_HOST}:${DEFAULT_PORT}` };
  }
  const server = findOnPath('redis-server');
  if (!server) {
    throw new LauncherError(
      `No Redis answers on ${DEFAULT_HOST}:${DEFAULT_PORT} and redis-server is not on PATH.`,
      [
        'Get one of these, then run npm start again:',
        '  docker compose up -d redis           (Redis 7 in Docker, on port 6379)',
        '  sudo apt-get install redis-server    (Debian/Ubuntu)',
        '  brew install redis && brew services start redis   (macOS)',
        'or point REDIS_URL at a Redis of your own.',
      ].join('\n'),
    );
  }
  return spawnRedis(server, config);
}

async function spawnRedis(server: string, config: RedisConfig): Promise<RedisChoice> {
  const { dataDir, port } = config;
  const shown = relative(config.root, dataDir) || dataDir;
  const pidFile = `${dataDir}/redis.pid`;
  mkdirSync(dataDir, { recursive: true });

  if (await ping(DEFAULT_HOST, port)) {
    const pid = readPid(pidFile);
    if (pid !== undefined && isAlive(pid) && (commandLineOf(pid) ?? '').includes('redis-server')) {
      log.warn(`Redis from an earlier start is still running on port ${port} (pid ${pid}); stopping it`);
      if (!(await terminatePid(pid, REDIS_STOP))) throw new LauncherError(`Could not stop the Redis left running (pid ${pid}).`, `Stop it by hand: kill -9 ${pid}`);
    } else {
      throw new LauncherError(
        `Port ${port}, where npm start runs its own Redis, is taken by another Redis.`,
        `Use that one with REDIS_URL=redis://${DEFAULT_HOST}:${port}, or choose another port with EMBEDDED_REDIS_PORT=NNNN.`,
      );
    }
  }

  log.info(`Redis: nothing on ${DEFAULT_HOST}:${DEFAULT_PORT}; starting ${server} on port ${port} with data in ${shown}`);
  const writeLine = prefixedWriter('redis', 'magenta', 8);
  let ready = false;
  const child = spawnManaged(
    'redis',
    server,
    [
      '--port', String(port),
      '--bind', DEFAULT_HOST,
      '--dir', dataDir,
      '--appendonly', 'yes',
      '--maxmemory-policy', 'noeviction',
      '--pidfile', pidFile,
      '--daemonize', 'no',
    ],
    {
      // Quiet: once it is up, only show its warnings (lines marked '#').
      onLine: (line, stream) => {
        if (ready && / # /.test(line)) writeLine(line, stream);
      },
    },
  );
  config.runState.record('redis', child.pid, 'redis-server', 'SIGTERM');

  const stop = async (): Promise<void> => {
    ready = false; // its shutdown notes are not news
    const result = await child.stop(REDIS_STOP);
    config.runState.forget(child.pid);
    if (result.forced) log.warn('Redis did not stop in time and was killed');
  };

  try {
    const up = await pollUntil(() => ping(DEFAULT_HOST, port), {
      timeoutMs: 30_000,
      signal: config.signal,
      precondition: () => {
        if (child.hasExited()) {
          log.excerpt('redis', child.recentOutput().slice(-20));
          throw new LauncherError(`redis-server stopped while starting (see its output above).`, `If port ${port} is taken, choose another with EMBEDDED_REDIS_PORT=NNNN.`);
        }
      },
    });
    if (!up) {
      log.excerpt('redis', child.recentOutput().slice(-20));
      throw new LauncherError(`redis-server did not answer on ${DEFAULT_HOST}:${port} within 30 s.`);
    }
    ready = true;
  } catch (error) {
    await stop();
    throw error;
  }
  return { kind: 'spawned', url: `redis://${DEFAULT_HOST}:${port}`, process: child, stop };
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
