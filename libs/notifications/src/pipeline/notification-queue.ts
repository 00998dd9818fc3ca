import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { REDIS } from '@tiaojie/deadlines';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * Contract with jobs already waiting in Redis: queue name, job name, id format and payload. The
 * payload is the notification's id only — never a phone, an address or a rendered text. No colons
 * in ids (BullMQ uses them in keys).
 */
export const NOTIFICATION_QUEUE = 'notifications';
export const DELIVER_NOTIFICATION_JOB = 'deliver-notification';
export const NOTIFICATION_JOB_ATTEMPTS = 6;
export interface DeliverNotificationJobData {
  notificationId: string;
}
export const notificationJobId = (notificationId: string) => `notification-${notificationId}`;

export interface EnqueuedNotification {
  id: string;
  notBefore?: Date | null;
}

/** The wake-up calls for notifications; PostgreSQL holds the messages themselves. */
@Injectable()
export class NotificationQueue implements OnModuleDestroy {
  readonly queue: Queue<DeliverNotificationJobData>;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.queue = new Queue<DeliverNotificationJobData>(NOTIFICATION_QUEUE, {
      connection: redis,
      prefix: config.queuePrefix,
      defaultJobOptions: {
        removeOnComplete: true,
        removeOnFail: { count: 10_000 },
        attempts: NOTIFICATION_JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: 1000 },
      },
    });
  }

  /** Adds one job per notification (an id BullMQ already holds is ignored). */
  async enqueueMany(ns: readonly EnqueuedNotification[], now: Date = new Date()): Promise<void> {
    if (ns.length === 0) return;
    await this.queue.addBulk(
      ns.map((n) => ({
        name: DELIVER_NOTIFICATION_JOB,
        data: { notificationId: n.id },
        opts: { jobId: notificationJobId(n.id), delay: n.notBefore ? Math.max(0, n.notBefore.getTime() - now.getTime()) : 0 },
      })),
    );
  }

  /** Which of these notifications have no job in Redis (one round trip per batch). */
  async withoutJob<T extends { id: string }>(ns: readonly T[]): Promise<T[]> {
    if (ns.length === 0) return [];
    const client = (await this.queue.client) as unknown as Redis;
    const pipeline = client.pipeline();
    for (const n of ns) pipeline.exists(this.queue.toKey(notificationJobId(n.id)));
    const results = (await pipeline.exec()) ?? [];
    return ns.filter((_, i) => results[i]?.[1] !== 1);
  }

  /**
   * Which of these notifications have a job that failed for good without the dispatcher recording it
   * (stalled by crashed workers more often than BullMQ allows): the row is still open, the job kept.
   */
  async withFailedJob<T extends { id: string }>(ns: readonly T[]): Promise<T[]> {
    if (ns.length === 0) return [];
    const client = (await this.queue.client) as unknown as Redis;
    const failed = this.queue.toKey('failed');
    const pipeline = client.pipeline();
    for (const n of ns) pipeline.zscore(failed, notificationJobId(n.id));
    const results = (await pipeline.exec()) ?? [];
    return ns.filter((_, i) => results[i]?.[1] !== null && results[i]?.[1] !== undefined);
  }

  /** Removes these notifications' jobs (a job BullMQ still holds would make a new one with its id a no-op). */
  async removeJobs(ns: readonly { id: string }[]): Promise<void> {
    for (const n of ns) await this.queue.remove(notificationJobId(n.id)).catch(() => 0);
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }
}
