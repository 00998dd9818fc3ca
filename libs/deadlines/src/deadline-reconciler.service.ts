import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { DeadlineTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import type { Redis } from 'ioredis';
import { DeadlineTimers } from './deadline-timers';
import { RedisLossDetector } from './redis-loss-detector';
import { REDIS } from './redis.module';

const PAGE = 2000;

/**
 * Re-arms every pending deadline that has no live job in Redis — none, or one that failed for good
 * (DESIGN §4) — so Redis may lose everything and no deadline is lost. Runs at start, on every Redis
 * reconnect, as soon as Redis is seen to have lost its data without a reconnect (FLUSHALL), and on a
 * schedule.
 */
@Injectable()
export class DeadlineReconciler implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(DeadlineReconciler.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<{ checked: number; rearmed: number }> | null = null;
  private readonly loss: RedisLossDetector;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly deadlines: DeadlineTypeormRepository,
    private readonly timers: DeadlineTimers,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.loss = new RedisLossDetector(redis, `${config.queuePrefix}:deadline-reconciler-mark`, () => void this.reconcile());
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

  /** One sweep (shared if one is already running). */
  reconcile(): Promise<{ checked: number; rearmed: number }> {
    this.running ??= this.sweep()
      .catch((e) => {
        this.log.error(`reconcile failed: ${(e as Error).message}`);
        return { checked: 0, rearmed: 0 };
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async sweep(): Promise<{ checked: number; rearmed: number }> {
    await this.loss.mark();
    let after: string | null = null;
    let checked = 0;
    let rearmed = 0;
    for (;;) {
      const page = await this.deadlines.findPendingPage(this.tx.reader, after, PAGE);
      if (page.length === 0) break;
      const missing = await this.timers.withoutJob(page);
      // A pending deadline whose job failed for good has no timer either: drop the dead job (BullMQ
      // ignores an id it still holds) and arm it again.
      const failed = await this.timers.withFailedJob(page);
      for (const d of failed) await this.timers.disarm(d.id, d.generation);
      await this.timers.armMany([...missing, ...failed]);
      checked += page.length;
      rearmed += missing.length + failed.length;
      after = page[page.length - 1].id;
      if (page.length < PAGE) break;
    }
    if (rearmed > 0) this.log.warn(`re-armed ${rearmed} of ${checked} pending deadlines that had no timer`);
    return { checked, rearmed };
  }
}
