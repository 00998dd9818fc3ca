/** Polling with a deadline that gives up early when the launcher is stopping or a process died. */
import { delay } from './process';

/** Thrown out of a wait when the launcher was asked to stop meanwhile; not an error to report. */
export class Aborted extends Error {
  constructor() {
    super('aborted');
    this.name = 'Aborted';
  }
}

export interface PollOptions {
  timeoutMs: number;
  intervalMs?: number;
  signal?: AbortSignal;
  /** Checked before each attempt: a thrown error ends the wait (e.g. the process exited). */
  precondition?: () => void;
}

/** Calls `attempt` until it returns true; false when the time ran out. */
export async function pollUntil(attempt: () => Promise<boolean>, options: PollOptions): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 250;
  for (;;) {
    if (options.signal?.aborted) throw new Aborted();
    options.precondition?.();
    if (await attempt()) return true;
    if (Date.now() >= deadline) return false;
    await delay(interval);
  }
}
