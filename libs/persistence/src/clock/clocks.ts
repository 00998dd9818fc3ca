import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Clock } from '@tiaojie/domain';
import { DataSource } from 'typeorm';

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * A clock that runs at real speed from a shifted origin, shared by every API and worker process
 * through PostgreSQL (`test_clock`), and moved forward only through `POST /api/admin/clock`.
 * Enabled only by configuration (TEST_CLOCK=true); never in production.
 */
@Injectable()
export class TestClock implements Clock, OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(TestClock.name);
  private offsetMs = 0;
  private synced = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly ds: DataSource,
    @Inject('TEST_CLOCK_START') private readonly start: string | undefined,
  ) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  async onModuleInit(): Promise<void> {
    if (this.timer) return;
    const start = this.start ? new Date(this.start) : new Date();
    // The first process to start sets the origin; the others adopt it.
    await this.ds.query(
      `INSERT INTO test_clock (id, now, set_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING`,
      [start, new Date()],
    );
    await this.sync();
    this.timer = setInterval(() => void this.sync().catch((e) => this.log.warn(`test clock sync failed: ${e}`)), 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Re-reads the shared origin. */
  async sync(): Promise<void> {
    const [row] = await this.ds.query(
      `SELECT (extract(epoch FROM now - set_at) * 1000)::float8 AS offset_ms FROM test_clock WHERE id = 1`,
    );
    if (!row) return;
    const offset = Math.round(Number(row.offset_ms));
    // The shared clock only moves forward: a read that raced a move made here (it saw the row before
    // the move's UPDATE) must not take this process back to the old time after it answered the new one.
    this.offsetMs = this.synced ? Math.max(this.offsetMs, offset) : offset;
    this.synced = true;
  }

  /** Moves the shared clock to `to` (never backwards) and returns the new time. */
  async moveTo(to: Date): Promise<Date> {
    const current = this.now();
    if (to.getTime() < current.getTime()) throw new RangeError('the test clock only moves forward');
    this.offsetMs = to.getTime() - Date.now();
    await this.ds.query(
      `UPDATE test_clock SET now = $1, set_at = $2 WHERE id = 1`,
      [to, new Date()],
    );
    return this.now();
  }
}
