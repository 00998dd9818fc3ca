import dayjs, { type Dayjs } from 'dayjs';
import { shanghaiNow, shanghaiWallTimeToIso } from './time';

/**
 * Date pickers show and return wall-clock fields; the console reads them as Asia/Shanghai time,
 * whatever zone the browser is in, and sends ISO instants with +08:00 (API.md).
 */
export function pickedToIso(d: Dayjs | null | undefined): string | undefined {
  return d ? shanghaiWallTimeToIso(d.format('YYYY-MM-DD'), d.format('HH:mm:ss')) : undefined;
}

export function pickedToDate(d: Dayjs | null | undefined): string | undefined {
  return d ? d.format('YYYY-MM-DD') : undefined;
}

/**
 * Now in Shanghai as a picker value. The seconds are kept (the picker shows minutes): an agreement
 * signed in the minute the case was accepted must not appear to predate the acceptance.
 */
export function nowForPicker(now: Date = new Date()): Dayjs {
  const { date, time } = shanghaiNow(now);
  return dayjs(`${date}T${time}:${String(new Date(now.getTime() + 8 * 3_600_000).getUTCSeconds()).padStart(2, '0')}`);
}

/** Today in Shanghai plus `days`, as a date picker value. */
export function dayForPicker(isoDate: string): Dayjs {
  return dayjs(isoDate);
}

/** Drops empty strings, undefined and empty arrays from an object (optional payload fields). */
export function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)),
  ) as Partial<T>;
}

/**
 * One Idempotency-Key per intended change: a retry of the same body (after a network failure)
 * reuses it, so the server answers the first result; a changed body gets a fresh key.
 */
export class IdempotencyKeys {
  private last?: { body: string; key: string };
  constructor(private readonly newKey: () => string) {}

  keyFor(body: unknown): string {
    const json = JSON.stringify(body);
    if (this.last?.body !== json) this.last = { body: json, key: this.newKey() };
    return this.last.key;
  }

  /** After an answer that settled the attempt (success or refusal), the next submit is a new change. */
  settle(): void {
    this.last = undefined;
  }
}
