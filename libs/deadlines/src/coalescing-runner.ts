import type { Redis } from 'ioredis';
import { outboxWakeupChannel } from './redis.module';

/**
 * Runs `work` one pass at a time: a kick while a pass runs asks for exactly one more pass after it.
 * The outbox relay, the notification planner and the reminder scheduler all drain this way.
 */
export class CoalescingRunner<T> {
  private running: Promise<T | undefined> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly work: () => Promise<T>,
    private readonly onError: (e: Error) => void,
  ) {}

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.work()
      .catch((e: unknown) => {
        this.onError(e as Error);
        return undefined;
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** No more passes; waits for the one running. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }
}

/** A subscriber connection that calls `onWakeup` whenever a command says the outbox has new rows. */
export async function subscribeToOutboxWakeups(redis: Redis, queuePrefix: string, onWakeup: () => void): Promise<Redis> {
  const subscriber = redis.duplicate();
  await subscriber.subscribe(outboxWakeupChannel(queuePrefix));
  subscriber.on('message', onWakeup);
  return subscriber;
}
