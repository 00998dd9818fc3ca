import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { CLOCK, type Clock } from '@tiaojie/domain';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { REDIS } from './redis.module';

/**
 * Contract: the queue name, job names, job id formats and payloads are shared with jobs already
 * waiting in Redis. No colons in ids (BullMQ uses them in keys).
 *
 * Since issue 8 a deadline has no job of its own: there is one **wake-up** per distinct due instant
 * (`due-<epochMs>`, payload `{ dueAt: epochMs }`), shared by every deadline due then — legal deadlines
 * fall on few instants (the end of a day, Asia/Shanghai). A wake-up fires every pending deadline due
 * by the clock's now (FireDueDeadlines); PostgreSQL alone says what is due.
 */
export const DEADLINE_QUEUE = 'deadlines';
export const WAKE_UP_JOB = 'wake-up';
export interface WakeUpJobData {
  /** The instant this wake-up is for, epoch milliseconds (the deadlines' `due_at`, truncated to ms). */
  dueAt: number;
}
export const wakeUpJobId = (dueAtMs: number) => `due-${dueAtMs}`;
/** The instant a wake-up id is for (`due-<ms>` or `due-<ms>-<suffix>`), or null for another job. */
export const wakeUpInstant = (jobId: string): number | null => {
  const m = /^due-(\d+)(?:-|$)/.exec(jobId);
  return m ? Number(m[1]) : null;
};

/**
 * Before issue 8: one job per deadline. Jobs of this kind may still wait in Redis after an upgrade;
 * the processor still runs them (FireDeadline re-reads the row, so a stale one is a no-op), and the
 * reconciler arms a wake-up for every pending deadline whatever old jobs exist, so none is needed.
 */
export const FIRE_DEADLINE_JOB = 'fire-deadline';
export interface FireDeadlineJobData {
  deadlineId: string;
  generation: number;
}
export const deadlineJobId = (deadlineId: string, generation: number) => `deadline-${deadlineId}-g${generation}`;
export type DeadlineJobData = WakeUpJobData | FireDeadlineJobData;

/**
 * A deadline due sooner than this (by the arming process's clock) gets a wake-up of its own instead
 * of the shared one — see `armMany` for why. Larger than the test clock's sync lag between processes (1 s).
 */
export const SHARED_WAKE_UP_LEAD_MS = 2_000;

/**
 * Lock settings for the workers that fire deadlines and deliver notifications. A job whose worker
 * was killed is only retried once its lock has expired and the stalled-job check has seen it:
 * BullMQ's defaults (30 s + 30 s) would leave a deadline up to a minute late after a crash. These
 * put it back within about 12 s. The jobs are idempotent (a wake-up's sweep fires through
 * FireDeadline, which re-reads the row under lock; a notification is sent under its dedupe key), so a
 * job mistaken for stalled costs nothing but a repeat. A job stalled more often than BullMQ allows
 * ends `failed`; the reconcilers re-arm those.
 */
export const JOB_LOCK_OPTIONS = { lockDuration: 8_000, stalledInterval: 4_000 } as const;

/** When a deadline is due, for arming. */
export interface DueInstant {
  dueAt: Date;
}

/** The state of the wake-ups for some instants, as the reconciler needs it. */
export interface WakeUpCheck {
  /** No job with the instant's shared id. */
  missing: number[];
  /** The shared job failed for good: nothing will run it again. */
  failed: number[];
  /** Delayed until a real time later than the instant by the current clock (the clock moved forward). */
  late: number[];
}

/** The wake-up calls for deadlines, kept in a BullMQ delayed queue. PostgreSQL holds the deadlines themselves. */
@Injectable()
export class DeadlineTimers implements OnModuleDestroy {
  readonly queue: Queue<DeadlineJobData>;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.queue = new Queue<DeadlineJobData>(DEADLINE_QUEUE, {
      connection: redis,
      prefix: config.queuePrefix,
      defaultJobOptions: {
        removeOnComplete: true,
        removeOnFail: { count: 10_000 },
        attempts: 10,
        backoff: { type: 'exponential', delay: 1000 },
      },
    });
  }

  async arm(d: DueInstant): Promise<void> {
    await this.armMany([d]);
  }

  /**
   * Ensures a wake-up exists for each deadline's due instant. Call only once the deadlines' rows are
   * committed (the outbox relay runs after the command's commit; the reconciler reads committed rows).
   *
   * Why no deadline is missed although BullMQ ignores an add whose id it already holds: a wake-up's
   * sweep (FireDueDeadlines) reads, after it starts, every pending deadline due by then. So a deadline
   * committed before the add is fired by any wake-up for its instant whose sweep *starts* after the
   * add — and the add can be ignored only when a job with that id exists:
   * - waiting or delayed: it has not started, so its sweep starts after the add and sees the row;
   * - active: its sweep may have read before our commit and be finishing — this is the one case to
   *   avoid. A shared wake-up is delayed until its instant, so it can be active only once its instant
   *   has come (a wake-up woken early by a clock mismatch goes back to the delayed set without
   *   sweeping). We use the shared id only when the instant is more than SHARED_WAKE_UP_LEAD_MS away
   *   by our clock, more than the clocks of two processes can disagree (the test clock syncs every
   *   second; the system clock is one clock), so that job cannot be active yet. A deadline due sooner,
   *   or already due, gets a wake-up of its own (`due-<ms>-<uuid>`, one per instant per call): a
   *   fresh id is never ignored, and the job starts after the add.
   * - completed: removed on completion (`removeOnComplete`), so the add creates a new job;
   * - failed for good: kept, so the add is ignored; the reconciler finds it failed, removes it and
   *   adds it again (within RECONCILE_INTERVAL_MS).
   * And a wake-up that finds nothing due (its deadlines met, extended or cancelled) costs one query.
   */
  async armMany(ds: readonly DueInstant[]): Promise<void> {
    if (ds.length === 0) return;
    const now = this.clock.now().getTime();
    const instants = [...new Set(ds.map((d) => d.dueAt.getTime()))];
    await this.queue.addBulk(
      instants.map((t) => ({
        name: WAKE_UP_JOB,
        data: { dueAt: t },
        opts: { jobId: t - now > SHARED_WAKE_UP_LEAD_MS ? wakeUpJobId(t) : `${wakeUpJobId(t)}-${randomUUID()}`, delay: Math.max(0, t - now) },
      })),
    );
  }

  /** A wake-up of its own that runs at once: fires whatever is due (the reconciler's answer to overdue pending deadlines). */
  async wakeNow(): Promise<void> {
    const now = this.clock.now().getTime();
    await this.queue.add(WAKE_UP_JOB, { dueAt: now }, { jobId: `${wakeUpJobId(now)}-${randomUUID()}` });
  }

  /**
   * For each instant (epoch ms), whether its shared wake-up is missing, failed for good, or delayed
   * until later than the instant by the current clock. One pipeline of three commands per instant.
   */
  async checkWakeUps(instants: readonly number[], tolerateMs = 1_000): Promise<WakeUpCheck> {
    const out: WakeUpCheck = { missing: [], failed: [], late: [] };
    if (instants.length === 0) return out;
    const client = (await this.queue.client) as unknown as Redis;
    const failedKey = this.queue.toKey('failed');
    const delayedKey = this.queue.toKey('delayed');
    // Real time (Redis' delayed scores are real epoch ms) minus clock time: non-zero under the test clock.
    const shift = Date.now() - this.clock.now().getTime();
    for (let i = 0; i < instants.length; i += 5_000) {
      const chunk = instants.slice(i, i + 5_000);
      const pipeline = client.pipeline();
      for (const t of chunk) {
        const id = wakeUpJobId(t);
        pipeline.exists(this.queue.toKey(id));
        pipeline.zscore(failedKey, id);
        pipeline.zscore(delayedKey, id);
      }
      const r = (await pipeline.exec()) ?? [];
      chunk.forEach((t, j) => {
        const [exists, failed, delayed] = [r[3 * j]?.[1], r[3 * j + 1]?.[1], r[3 * j + 2]?.[1]];
        if (exists !== 1) out.missing.push(t);
        else if (failed !== null && failed !== undefined) out.failed.push(t);
        // BullMQ's delayed score is timestamp * 0x1000 + a counter.
        else if (delayed !== null && delayed !== undefined && Math.floor(Number(delayed) / 0x1000) > t + shift + tolerateMs) out.late.push(t);
      });
    }
    return out;
  }

  /** Removes the shared wake-up of an instant (one failed for good, or delayed too long), so it can be added again. */
  async drop(instant: number): Promise<void> {
    await this.queue.remove(wakeUpJobId(instant)).catch(() => 0);
  }

  /**
   * The given pending deadlines that no live wake-up will fire: a deadline is covered by a waiting,
   * delayed, active, prioritized or paused wake-up for its own instant, or — once it is due by the
   * clock — by any such wake-up for an instant already come (it sweeps everything due). Reads the
   * queue's job lists; for tests, benchmarks and diagnostics, not for the reconciler.
   */
  async withoutWakeUp<T extends DueInstant>(ds: readonly T[]): Promise<T[]> {
    if (ds.length === 0) return [];
    const client = (await this.queue.client) as unknown as Redis;
    const ids = new Set<string>();
    const p = client.pipeline();
    p.zrange(this.queue.toKey('delayed'), 0, -1);
    p.zrange(this.queue.toKey('prioritized'), 0, -1);
    p.lrange(this.queue.toKey('wait'), 0, -1);
    p.lrange(this.queue.toKey('active'), 0, -1);
    p.lrange(this.queue.toKey('paused'), 0, -1);
    for (const [, list] of (await p.exec()) ?? []) for (const id of (list as string[]) ?? []) ids.add(id);
    return deadlinesWithoutWakeUp(ds, ids, this.clock.now());
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }
}

/** `withoutWakeUp` on a set of live job ids: also used by the chaos suite on its own connection. */
export function deadlinesWithoutWakeUp<T extends DueInstant>(ds: readonly T[], liveJobIds: Iterable<string>, now: Date): T[] {
  const instants = new Set<number>();
  for (const id of liveJobIds) {
    const t = wakeUpInstant(id);
    if (t !== null) instants.add(t);
  }
  const earliest = Math.min(...instants);
  return ds.filter((d) => {
    const t = d.dueAt.getTime();
    if (instants.has(t)) return false;
    return !(t <= now.getTime() && earliest <= now.getTime());
  });
}
