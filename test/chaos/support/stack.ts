import { LegalCalendar } from '@tiaojie/domain';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { LocalSmsGateway } from '../../support/local-sms-gateway';
import { ensureChaosBuild } from './build';
import { eventually, notificationStates, outboxPending, overduePending } from './checker';
import { freshDatabase } from './databases';
import { Http } from './http';
import { ClockModel } from './mediators';
import { appEnv, spawnApi, spawnWorkerProcess, stopAll, type AppProcess } from './processes';
import { PrivatePostgres, PrivateRedis } from './private-services';

/**
 * One scenario's world: its own database (on the shared test server or a private PostgreSQL), a
 * private Redis, a local SMS gateway (so a text sent twice would show), API and worker processes.
 */
export interface StackOptions {
  name: string;
  apis: number;
  workers: number;
  /** A private PostgreSQL (for restarts) instead of a database on the shared test server. */
  privatePostgres?: boolean;
  clockStart: string;
  extraEnv?: Record<string, string>;
}

export class ChaosStack {
  readonly apis: AppProcess[] = [];
  readonly workers: AppProcess[] = [];
  readonly clock = new ClockModel();
  admin!: Http;
  db!: Client;
  databaseUrl = '';
  pg?: PrivatePostgres;
  redis!: PrivateRedis;
  gateway!: LocalSmsGateway;
  env: Record<string, string> = {};

  constructor(readonly options: StackOptions) {}

  static async start(options: StackOptions): Promise<ChaosStack> {
    const s = new ChaosStack(options);
    try {
      await s.boot();
    } catch (e) {
      await s.stop();
      throw e;
    }
    return s;
  }

  private async boot(): Promise<void> {
    ensureChaosBuild();
    if (this.options.privatePostgres) this.pg = await PrivatePostgres.start();
    this.redis = await PrivateRedis.start();
    this.gateway = await new LocalSmsGateway().start();
    this.databaseUrl = await freshDatabase(this.options.name, this.pg?.url);
    this.env = appEnv({
      databaseUrl: this.databaseUrl,
      redisUrl: this.redis.url,
      queuePrefix: `{chaos-${this.options.name}}`,
      clockStart: this.options.clockStart,
      extra: { SMS_PROVIDER: 'http', SMS_GATEWAY_URL: this.gateway.url, ...this.options.extraEnv },
    });
    // The first API alone (it seeds the accounts and sets the clock's origin), then the rest at once.
    this.apis.push(await spawnApi(this.env));
    const rest = await Promise.all([
      ...Array.from({ length: this.options.apis - 1 }, () => spawnApi(this.env)),
      ...Array.from({ length: this.options.workers }, () => spawnWorkerProcess(this.env)),
    ]);
    for (const p of rest) (p.kind === 'api' ? this.apis : this.workers).push(p);
    this.db = new Client({ connectionString: this.databaseUrl });
    this.db.on('error', () => undefined);
    await this.db.connect();
    this.admin = await Http.login(this.apis[0].url, 'admin', 'tiaojie-demo');
    await this.clock.sync(this.admin);
  }

  /** A new connection for the checks (after a PostgreSQL restart the old one is gone). */
  async reconnect(): Promise<void> {
    await this.db?.end().catch(() => undefined);
    this.db = new Client({ connectionString: this.databaseUrl });
    this.db.on('error', () => undefined);
    await this.db.connect();
  }

  async addWorker(): Promise<AppProcess> {
    const w = await spawnWorkerProcess(this.env);
    this.workers.push(w);
    return w;
  }

  liveWorkers(): AppProcess[] {
    return this.workers.filter((w) => w.alive());
  }

  async stop(): Promise<void> {
    await stopAll([...this.apis, ...this.workers]);
    await this.db?.end().catch(() => undefined);
    await this.gateway?.close().catch(() => undefined);
    await this.redis?.stop().catch(() => undefined);
    await this.pg?.stop().catch(() => undefined);
  }

  /** Where the work stands, for a failure message: what is overdue, unrelayed or unsent, and its jobs. */
  async diagnose(): Promise<string> {
    const now = this.clock.now();
    const q = async (sql: string, params: unknown[] = []) => (await this.db.query(sql, params).catch((e: Error) => ({ rows: [{ error: e.message }] }))).rows;
    const overdue = await q(`SELECT id, kind, generation, due_at, status FROM deadlines WHERE status = 'PENDING' AND due_at <= $1 ORDER BY due_at LIMIT 10`, [now]);
    const outbox = await q(`SELECT id, topic, created_at, attempts, last_error FROM outbox WHERE processed_at IS NULL ORDER BY id LIMIT 10`);
    const notes = await q(`SELECT id, channel, template, status, attempts, last_error, created_at FROM notifications WHERE status IN ('PENDING','SENDING','FAILED') LIMIT 10`);
    const connection = new IORedis(this.redis.url, { maxRetriesPerRequest: 1 });
    const jobs: string[] = [];
    try {
      for (const name of ['deadlines', 'notifications']) {
        const queue = new Queue(name, { connection, prefix: this.env.QUEUE_PREFIX });
        jobs.push(`${name}: ${JSON.stringify(await queue.getJobCounts())}`);
        if (name === 'deadlines') {
          // One wake-up job per due instant (`due-<epochMs>`, or `due-<epochMs>-<suffix>`): those of the overdue deadlines' instants.
          const instants = [...new Set((overdue as { due_at: Date }[]).map((d) => d.due_at?.getTime?.()).filter((t) => t !== undefined))];
          const wakeUps = await queue.getJobs(['delayed', 'waiting', 'active', 'prioritized', 'failed']);
          for (const t of instants) {
            const mine = wakeUps.filter((j) => j?.id === `due-${t}` || j?.id?.startsWith(`due-${t}-`));
            if (mine.length === 0) jobs.push(`  due-${t}: no wake-up`);
            for (const job of mine) jobs.push(`  ${job.id}: ${await job.getState()} attempts ${job.attemptsMade} ${job.failedReason ?? ''}`);
          }
        }
        await queue.close();
      }
    } catch (e) {
      jobs.push(`redis: ${(e as Error).message}`);
    } finally {
      connection.disconnect();
    }
    return [`now ${now.toISOString()}`, `overdue: ${JSON.stringify(overdue)}`, `outbox: ${JSON.stringify(outbox)}`, `notifications: ${JSON.stringify(notes)}`, ...jobs].join('\n');
  }

  /**
   * Waits until the workers have caught up: no deadline due (a second ago) still pending, the outbox
   * empty, no notification pending or sending. Throws with `diagnose()` when that does not happen.
   */
  async settle(timeoutMs: number): Promise<{ outboxMs: number; notifications: Record<string, number> }> {
    const started = Date.now();
    let outboxMs = -1;
    try {
      const settled = await eventually(async () => {
        const outbox = await outboxPending(this.db);
        if (outbox === 0 && outboxMs < 0) outboxMs = Date.now() - started;
        if (outbox > 0) return null;
        if ((await overduePending(this.db, new Date(this.clock.now().getTime() - 1000))) > 0) return null;
        const s = await notificationStates(this.db);
        if (s.PENDING || s.SENDING) return null;
        // All three at once: a firing may have written new outbox rows meanwhile.
        return (await outboxPending(this.db)) === 0 ? s : null;
      }, timeoutMs, 100);
      return { outboxMs, notifications: settled.value };
    } catch (e) {
      throw new Error(`${(e as Error).message}\n${await this.diagnose()}\n${this.logs(15)}`);
    }
  }

  /** Last lines of every process, for a failure message. */
  logs(lines = 30): string {
    return [...this.apis, ...this.workers]
      .map((p, i) => `--- ${p.kind} ${i} (${p.alive() ? 'alive' : 'exited'})\n${p.output().trim().split('\n').slice(-lines).join('\n')}`)
      .join('\n');
  }
}

/** 24:00 Asia/Shanghai of `day` (YYYY-MM-DD): when a period whose last day is `day` ends. */
export const endOfDay = (day: string) => LegalCalendar.endOfShanghaiDay(day);
