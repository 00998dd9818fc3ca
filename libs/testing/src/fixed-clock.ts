import type { Clock } from '@tiaojie/domain';

/** A clock for unit tests: stands still until told to move. */
export class FixedClock implements Clock {
  private t: number;
  constructor(start: string | Date = '2025-09-20T09:00:00+08:00') {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(to: string | Date): void {
    this.t = new Date(to).getTime();
  }
  advanceDays(days: number): void {
    this.t += days * 86400_000;
  }
  advanceMs(ms: number): void {
    this.t += ms;
  }
}
