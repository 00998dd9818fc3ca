import type { Redis } from 'ioredis';

/**
 * Notices that Redis lost its data without a reconnect (FLUSHALL, a failover to an empty replica),
 * which no 'ready' event announces: a marker key written at the start of every reconcile sweep
 * disappears with everything else. One EXISTS every few seconds; when the marker is gone at two
 * checks in a row (a sweep started meanwhile would have put it back), `onLoss` runs the sweep then
 * instead of at the next scheduled one (a minute later by default).
 */
export class RedisLossDetector {
  private timer?: NodeJS.Timeout;
  private checking = false;
  private missing = 0;

  constructor(
    private readonly redis: Redis,
    readonly key: string,
    private readonly onLoss: () => void,
    private readonly everyMs = 2_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.check(), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Call at the start of a sweep: a loss after this moment is noticed again. */
  async mark(): Promise<void> {
    await this.redis.set(this.key, String(Date.now())).catch(() => undefined);
  }

  private async check(): Promise<void> {
    // While Redis is down the command waits for the reconnect (which triggers a sweep itself).
    if (this.checking) return;
    this.checking = true;
    try {
      this.missing = (await this.redis.exists(this.key)) === 0 ? this.missing + 1 : 0;
      if (this.missing >= 2) {
        this.missing = 0;
        this.onLoss();
      }
    } catch {
      /* Redis unreachable: the reconnect's 'ready' sweeps */
    } finally {
      this.checking = false;
    }
  }
}
