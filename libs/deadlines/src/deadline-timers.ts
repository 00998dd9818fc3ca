import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { CLOCK, type Clock } from '@tiaojie/domain';
import type { ArmableDeadline } from '@tiaojie/persistence';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { REDIS } from './redis.module';

/**
 * Contract: the queue name, job name, job id format and payload are shared with jobs already waiting
 * in Redis. Ids carry the deadline's generation, because BullMQ ignores an id it already holds and an
 * extended deadline needs a new timer. No colons in ids (BullMQ uses them in keys).
 */
export const DEADLINE_QUEUE = 'deadlines';
export const FIRE_DEADLINE_JOB = 'fire-deadline';
export interface FireDeadlineJobData {
  deadlineId: string;
  generation: number;
}
export const deadlineJobId = (deadlineId: string, generation: number) => `deadline-${deadlineId}-g${generation}`;

/**
 * Lock settings for the workers that fire deadlines and deliver notifications. A job whose worker
 * was killed is only retried once its lock has expired and the stalled-job check has seen it:
 * BullMQ's defaults (30 s + 30 s) would leave a deadline up to a minute late after a crash. These
 * put it back within about 12 s. The jobs are idempotent (FireDeadline re-reads the row under lock;
 * a notification is sent under its dedupe key), so a job mistaken for stalled costs nothing but a
 * repeat. A job stalled more often than BullMQ allows ends `failed`; the reconcilers re-arm those.
 */
export const JOB_LOCK_OPTIONS = { lockDuration: 8_000, stalledInterval: 4_000 } as const;

/** The wake-up calls for deadlines, kept in a BullMQ delayed queue. PostgreSQL holds the deadlines themselves. */
@Injectable()
export class DeadlineTimers implements OnModuleDestroy {
  readonly queue: Queue<FireDeadlineJobData>;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.queue = new Queue<FireDeadlineJobData>(DEADLINE_QUEUE, {
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

  private options(d: ArmableDeadline) {
    return { jobId: deadlineJobId(d.id, d.generation), delay: Math.max(0, d.dueAt.getTime() - this.clock.now().getTime()) };
  }

  async arm(d: ArmableDeadline): Promise<void> {
    await this.queue.add(FIRE_DEADLINE_JOB, { deadlineId: d.id, generation: d.generation }, this.options(d));
  }

  async armMany(ds: readonly ArmableDeadline[]): Promise<void> {
    if (ds.length === 0) return;
    await this.queue.addBulk(ds.map((d) => ({ name: FIRE_DEADLINE_JOB, data: { deadlineId: d.id, generation: d.generation }, opts: this.options(d) })));
  }

  /** Removes a timer no longer needed. A timer already running is left alone: FireDeadline will find the deadline settled. */
  async disarm(deadlineId: string, generation: number): Promise<void> {
    await this.queue.remove(deadlineJobId(deadlineId, generation)).catch(() => 0);
  }

  /** Which of these deadlines have no job in Redis (one round trip per batch). */
  async withoutJob(ds: readonly ArmableDeadline[]): Promise<ArmableDeadline[]> {
    if (ds.length === 0) return [];
    const client = (await this.queue.client) as unknown as Redis;
    const pipeline = client.pipeline();
    for (const d of ds) pipeline.exists(this.queue.toKey(deadlineJobId(d.id, d.generation)));
    const results = (await pipeline.exec()) ?? [];
    return ds.filter((_, i) => results[i]?.[1] !== 1);
  }

  /**
   * Which of these deadlines have a job that failed for good (its attempts used up while PostgreSQL
   * was down, or stalled by crashed workers more often than BullMQ allows). BullMQ keeps a failed
   * job, so `withoutJob` does not list it, but nothing will ever run it again.
   */
  async withFailedJob(ds: readonly ArmableDeadline[]): Promise<ArmableDeadline[]> {
    if (ds.length === 0) return [];
    const client = (await this.queue.client) as unknown as Redis;
    const failed = this.queue.toKey('failed');
    const pipeline = client.pipeline();
    for (const d of ds) pipeline.zscore(failed, deadlineJobId(d.id, d.generation));
    const results = (await pipeline.exec()) ?? [];
    return ds.filter((_, i) => results[i]?.[1] !== null && results[i]?.[1] !== undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }
}
