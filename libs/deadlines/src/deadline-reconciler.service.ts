import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { DeadlineTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import type { Redis } from 'ioredis';
import { DeadlineTimers } from './deadline-timers';
import { REDIS } from './redis.module';

const PAGE = 2000;

/**
 * Re-arms every pending deadline that has no job in Redis (DESIGN §4), so Redis may lose
 * everything and no deadline is lost. Runs at start, on every Redis reconnect, and on a schedule.
 */
@Injectable()
export class DeadlineReconciler implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(DeadlineReconciler.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<{ checked: number; rearmed: number }> | null = null;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly deadlines: DeadlineTypeormRepository,
    private readonly timers: DeadlineTimers,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.reconcile(), this.config.reconcileIntervalMs);
    this.redis.on('ready', () => void this.reconcile());
    void this.reconcile();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
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
    let after: string | null = null;
    let checked = 0;
    let rearmed = 0;
    for (;;) {
      const page = await this.deadlines.findPendingPage(this.tx.reader, after, PAGE);
      if (page.length === 0) break;
      const missing = await this.timers.withoutJob(page);
      await this.timers.armMany(missing);
      checked += page.length;
      rearmed += missing.length;
      after = page[page.length - 1].id;
      if (page.length < PAGE) break;
    }
    if (rearmed > 0) this.log.warn(`re-armed ${rearmed} of ${checked} pending deadlines that had no timer`);
    return { checked, rearmed };
  }
}
