import { Global, Injectable, Module } from '@nestjs/common';

/** Longest a background pass or job waits for the deadline sweeps to end before it runs anyway. */
export const BACKGROUND_YIELD_MAX_MS = 500;

/**
 * Deadlines before errands, in one worker process (DESIGN §4). Firing a due deadline is held to the
 * law's instant; relaying outbox rows, planning and delivering notifications and arming reminders
 * can wait a moment. While a sweep fires deadlines (`run`), those background passes and jobs wait
 * (`yield`) until no sweep runs — but never longer than BACKGROUND_YIELD_MAX_MS each, so they go on
 * under a long burst, only later and in fuller passes; nothing is skipped. Without this, a burst of
 * firings (every deadline falling due at the same 24:00) shared the event loop and the connection
 * pool with the notifications those same firings had just asked for (bench part 3: the lateness p99
 * was twice what it was with the notification pipeline switched off).
 */
@Injectable()
export class ForegroundWork {
  private active = 0;
  private readonly waiting = new Set<() => void>();

  /** Runs `work` as foreground work: background passes hold back until it (and any other) ends. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    this.active++;
    try {
      return await work();
    } finally {
      if (--this.active === 0) for (const release of [...this.waiting]) release();
    }
  }

  /** True while foreground work runs. */
  get busy(): boolean {
    return this.active > 0;
  }

  /** Resolves at once when no foreground work runs; otherwise when it has all ended, or after `maxMs`. */
  yield(maxMs = BACKGROUND_YIELD_MAX_MS): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.waiting.delete(release);
        resolve();
      };
      const timer = setTimeout(release, maxMs);
      this.waiting.add(release);
    });
  }
}

/** One ForegroundWork per process, for whoever asks (the worker's deadline processor and its background services). */
@Global()
@Module({ providers: [ForegroundWork], exports: [ForegroundWork] })
export class ForegroundWorkModule {}
