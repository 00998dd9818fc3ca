import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { REDIS, RedisLossDetector } from '@tiaojie/deadlines';
import { CLOCK, type Clock } from '@tiaojie/domain';
import { NotificationTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import type { Redis } from 'ioredis';
import { NotificationQueue } from './notification-queue';

const PAGE = 1000;

/**
 * Re-enqueues every undelivered notification (PENDING or SENDING) that has no job in Redis: Redis
 * may lose everything, or a planner may crash between its commit and adding the jobs, and no
 * message is lost. Runs at start, on every Redis reconnect, as soon as Redis is seen to have lost its
 * data without a reconnect (FLUSHALL), and on a schedule.
 */
@Injectable()
export class NotificationReconciler implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(NotificationReconciler.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<{ checked: number; requeued: number }> | null = null;
  private readonly loss: RedisLossDetector;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly notifications: NotificationTypeormRepository,
    private readonly queue: NotificationQueue,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.loss = new RedisLossDetector(redis, `${config.queuePrefix}:notification-reconciler-mark`, () => void this.reconcile());
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.reconcile(), this.config.reconcileIntervalMs);
    this.redis.on('ready', () => void this.reconcile());
    this.loss.start();
    void this.reconcile();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.loss.stop();
    await this.running?.catch(() => undefined);
  }

  reconcile(): Promise<{ checked: number; requeued: number }> {
    this.running ??= this.sweep()
      .catch((e) => {
        this.log.error(`notification reconcile failed: ${(e as Error).message}`);
        return { checked: 0, requeued: 0 };
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async sweep(): Promise<{ checked: number; requeued: number }> {
    await this.loss.mark();
    let after: string | null = null;
    let checked = 0;
    let requeued = 0;
    for (;;) {
      const page = await this.notifications.findOpenPage(this.tx.reader, after, PAGE);
      if (page.length === 0) break;
      const missing = await this.queue.withoutJob(page);
      // An open row whose job failed for good (stalled out) is as undelivered as one with no job.
      const failed = await this.queue.withFailedJob(page);
      await this.queue.removeJobs(failed);
      await this.queue.enqueueMany([...missing, ...failed], this.clock.now());
      checked += page.length;
      requeued += missing.length + failed.length;
      after = page[page.length - 1].id;
      if (page.length < PAGE) break;
    }
    if (requeued > 0) this.log.warn(`re-enqueued ${requeued} of ${checked} undelivered notifications that had no job`);
    return { checked, requeued };
  }
}
