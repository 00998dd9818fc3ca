import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@tiaojie/config';
import { CLOCK, type Clock } from '@tiaojie/domain';
import { OutboxTypeormRepository, TransactionRunner } from '@tiaojie/persistence';
import type { Redis } from 'ioredis';
import { DeadlineTimers } from './deadline-timers';
import { CoalescingRunner, subscribeToOutboxWakeups } from './coalescing-runner';
import { REDIS } from './redis.module';

export const RELAY_TOPICS = { arm: 'deadline.arm', disarm: 'deadline.disarm' } as const;
const BATCH = 500;

/**
 * Moves outbox rows into BullMQ (DESIGN §4): an armed deadline gets the wake-up of its due instant
 * (DeadlineTimers.armMany). Rows are claimed with SKIP LOCKED, so several workers can relay at once;
 * a row is marked done only in the transaction that claimed it, after its wake-up was added — a crash
 * in between adds it again, which BullMQ ignores for a shared id (or runs twice, harmlessly, for a
 * deadline due at once).
 */
@Injectable()
export class OutboxRelay implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private subscriber?: Redis;
  private readonly runner = new CoalescingRunner(
    () => this.drain(),
    (e) => this.log.error(`outbox relay failed: ${e.message}`),
  );

  constructor(
    private readonly tx: TransactionRunner,
    private readonly outbox: OutboxTypeormRepository,
    private readonly timers: DeadlineTimers,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscriber = await subscribeToOutboxWakeups(this.redis, this.config.queuePrefix, () => this.kick());
    this.timer = setInterval(() => this.kick(), this.config.relayPollMs);
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.runner.stop();
    await this.subscriber?.quit().catch(() => undefined);
  }

  /** Runs a drain now, or once more after the current one. */
  kick(): void {
    this.runner.kick();
  }

  /** Relays until the outbox is empty; returns how many rows were moved. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayBatch();
      total += n;
      if (n < BATCH) return total;
    }
  }

  private relayBatch(): Promise<number> {
    return this.tx.run(async (tx) => {
      const rows = await this.outbox.claimBatch(tx, [RELAY_TOPICS.arm, RELAY_TOPICS.disarm], BATCH);
      if (rows.length === 0) return 0;
      // Disarm rows need nothing in Redis: a wake-up is shared by every deadline due at its instant and
      // is never removed; one that finds its deadlines met or extended fires nothing.
      await this.timers.armMany(rows.filter((r) => r.topic === RELAY_TOPICS.arm).map((r) => ({ dueAt: new Date(String(r.payload.dueAt)) })));
      await this.outbox.markProcessed(tx, rows.map((r) => r.id), this.clock.now());
      return rows.length;
    });
  }
}
