import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { CLOCK, type Clock } from '@tiaojie/domain';
import { DeadlineTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import type { Redis } from 'ioredis';
import { DeadlineTimers } from './deadline-timers';
import { RedisLossDetector } from './redis-loss-detector';
import { REDIS } from './redis.module';

/**
 * Re-arms the wake-ups of pending deadlines (DESIGN §4), so Redis may lose everything and no
 * deadline is lost. There is one wake-up per distinct due instant (see DeadlineTimers), so a sweep
 * reads the distinct instants of pending deadlines (a loose index scan), checks their wake-ups in one
 * pipeline, and adds the missing ones in bulk:
 * - an instant still to come whose wake-up is missing, or failed for good (dropped first: BullMQ
 *   ignores an id it still holds), or delayed until after the instant by the current clock (the test
 *   clock moved forward): its wake-up is (re-)added for when it is due;
 * - an instant already come with a pending deadline means the deadline was not fired yet: if any
 *   such instant has no live wake-up, one wake-up runs at once and fires everything due.
 * Runs at start, on every Redis reconnect, as soon as Redis is seen to have lost its data without a
 * reconnect (FLUSHALL), and on a schedule.
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
    @Inject(CLOCK) private readonly clock: Clock,
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

  /**
   * One sweep (shared if one is already running). `checked`: the distinct due instants of pending
   * deadlines looked at; `rearmed`: the wake-ups added (an immediate one for overdue deadlines included).
   */
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
    const instants = (await this.deadlines.findPendingDueInstants(this.tx.reader)).map((d) => d.getTime());
    const now = this.clock.now().getTime();
    const check = await this.timers.checkWakeUps(instants);
    const dead = new Set([...check.failed, ...check.late]);
    for (const t of dead) await this.timers.drop(t);
    const rearm = [...check.missing, ...dead].filter((t) => t > now);
    await this.timers.armMany(rearm.map((t) => ({ dueAt: new Date(t) })));
    // Pending deadlines already due: a wake-up for their instant that is waiting or running will fire
    // them; if any instant has none, one wake-up now fires everything due.
    const overdueUncovered = [...check.missing, ...dead].some((t) => t <= now);
    if (overdueUncovered) await this.timers.wakeNow();
    const rearmed = rearm.length + (overdueUncovered ? 1 : 0);
    if (rearmed > 0) {
      this.log.warn(`re-armed ${rearmed} wake-ups for ${instants.length} due instants of pending deadlines (${check.failed.length} failed, ${check.late.length} late)`);
    }
    return { checked: instants.length, rearmed };
  }
}
