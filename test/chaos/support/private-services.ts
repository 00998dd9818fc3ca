import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';

/**
 * Throwaway PostgreSQL and Redis servers for fault injection. The shared servers on 5432 and 6379
 * belong to everybody: faults (immediate stops, FLUSHALL, kills) are only ever done to these.
 */

const live = new Set<ChildProcess>();
// Last resort: never leave a server behind, even when a suite dies half-way.
process.once('exit', () => {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals, waitMs = 10_000): Promise<void> {
  if (!child) return;
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  await Promise.race([exited(child), sleep(waitMs)]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited(child);
  }
  live.delete(child);
}

// ---------------------------------------------------------------- Redis

/** `redis-server --save '' --appendonly no` on a free port: nothing survives a restart. */
export class PrivateRedis {
  private child?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'tiaojie-chaos-redis-'));

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateRedis> {
    const r = new PrivateRedis(await freePort());
    await r.launch();
    return r;
  }

  private async launch(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, '--protected-mode', 'no', '--maxmemory-policy', 'noeviction', '--loglevel', 'warning'],
      { stdio: 'ignore' },
    );
    live.add(child);
    this.child = child;
    const started = Date.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error(`redis-server on ${this.port} exited at start`);
      if (await this.ping()) return;
      if (Date.now() - started > 20_000) throw new Error(`redis-server on ${this.port} did not start`);
      await sleep(50);
    }
  }

  private async ping(): Promise<boolean> {
    const c = new IORedis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    c.on('error', () => undefined);
    try {
      await c.connect();
      return (await c.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      c.disconnect();
    }
  }

  /** Redis loses everything: every key of every database. */
  async flushAll(): Promise<void> {
    const c = new IORedis(this.url, { maxRetriesPerRequest: 1 });
    try {
      await c.flushall();
    } finally {
      c.disconnect();
    }
  }

  async dbsize(): Promise<number> {
    const c = new IORedis(this.url, { maxRetriesPerRequest: 1 });
    try {
      return await c.dbsize();
    } finally {
      c.disconnect();
    }
  }

  /** kill -9 of the server. */
  async kill(): Promise<void> {
    await stopChild(this.child, 'SIGKILL');
  }

  /** Started again on the same port, empty (no persistence). */
  async restart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  async stop(): Promise<void> {
    await stopChild(this.child, 'SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- PostgreSQL

function postgresBin(name: string): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const p = join(root, v, 'bin', name);
    if (existsSync(p)) return p;
  }
  const which = spawnSync('which', [name], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  throw new Error(`PostgreSQL's ${name} was not found (apt-get install postgresql)`);
}

function osUser(name: string): { uid: number; gid: number } | undefined {
  const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
  if (id.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * A private PostgreSQL cluster (initdb into a temp dir, trust auth, user `postgres`) on a free port.
 * As root it runs as the `postgres` OS user, since PostgreSQL refuses to run as root.
 * `crash()` is an immediate stop (SIGQUIT to the postmaster, as `pg_ctl stop -m immediate`): no
 * checkpoint, crash recovery on the next start from the same data directory.
 */
export class PrivatePostgres {
  private child?: ChildProcess;
  private readonly dir: string;
  private readonly ids = process.getuid?.() === 0 ? osUser('postgres') : undefined;
  private output = '';

  private constructor(readonly port: number) {
    const base = mkdtempSync(join(tmpdir(), 'tiaojie-chaos-pg-'));
    this.dir = join(base, 'data');
    if (this.ids) chownSync(base, this.ids.uid, this.ids.gid);
  }

  /** The server URL (database `postgres`). */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async start(): Promise<PrivatePostgres> {
    const pg = new PrivatePostgres(await freePort());
    const init = spawnSync(postgresBin('initdb'), ['-D', pg.dir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
      encoding: 'utf8',
      uid: pg.ids?.uid,
      gid: pg.ids?.gid,
      env: { PATH: process.env.PATH ?? '', LC_ALL: 'C' },
    });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
    await pg.launch();
    return pg;
  }

  private async launch(): Promise<void> {
    this.output = '';
    const child = spawn(
      postgresBin('postgres'),
      ['-D', this.dir, '-p', String(this.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', '-c', 'shared_buffers=64MB'],
      { uid: this.ids?.uid, gid: this.ids?.gid, env: { PATH: process.env.PATH ?? '', LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    live.add(child);
    this.child = child;
    const keep = (d: Buffer) => (this.output = (this.output + d.toString()).slice(-8000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const started = Date.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error(`postgres exited at start:\n${this.output}`);
      if (await this.accepts()) return;
      if (Date.now() - started > 60_000) throw new Error(`postgres did not start:\n${this.output}`);
      await sleep(100);
    }
  }

  async accepts(): Promise<boolean> {
    const c = new Client({ connectionString: this.url, connectionTimeoutMillis: 1000 });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => undefined);
    }
  }

  /** Immediate stop: SIGQUIT to the postmaster; every backend dies at once, nothing is checkpointed. */
  async crash(): Promise<void> {
    await stopChild(this.child, 'SIGQUIT', 20_000);
  }

  /** Started again on the same data directory (crash recovery replays the WAL). */
  async restart(): Promise<void> {
    await this.launch();
  }

  recentOutput(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    await stopChild(this.child, 'SIGQUIT', 20_000);
    rmSync(join(this.dir, '..'), { recursive: true, force: true });
  }
}
