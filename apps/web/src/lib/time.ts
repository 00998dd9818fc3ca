/**
 * Legal dates are shown in Asia/Shanghai (API.md), whatever the browser's own time zone. China has
 * had no daylight saving time since 1991, so Shanghai wall time is UTC+8 throughout.
 */
export const SHANGHAI = 'Asia/Shanghai';
const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

function parts(date: Date) {
  const t = new Date(date.getTime() + OFFSET_MS);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return {
    date: `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`,
    time: `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`,
  };
}

/** The calendar day in Shanghai of an instant: 'YYYY-MM-DD'. */
export function shanghaiDate(at: Date | string): string {
  return parts(typeof at === 'string' ? new Date(at) : at).date;
}

/** 'YYYY-MM-DD HH:mm' in Shanghai; '—' for nothing. */
export function formatDateTime(at: string | null | undefined): string {
  if (!at) return '—';
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  const p = parts(d);
  return `${p.date} ${p.time}`;
}

/** 'YYYY-MM-DD' in Shanghai; a bare date passes through unchanged. */
export function formatDate(at: string | null | undefined): string {
  if (!at) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) return at;
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : parts(d).date;
}

function epochDay(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

/**
 * The legal last day of a due time. A period ends at 24:00 of its last day (DOMAIN.md §2), which the
 * API writes as 00:00 of the next day: that instant belongs to the day before.
 */
export function dueDay(dueAt: string): string {
  return shanghaiDate(new Date(Date.parse(dueAt) - 1));
}

/** A due time as the law says it: '2025-09-30 24:00' rather than '2025-10-01 00:00'. */
export function formatDue(dueAt: string | null | undefined, withTime = true): string {
  if (!dueAt) return '—';
  const d = new Date(dueAt);
  if (Number.isNaN(d.getTime())) return dueAt;
  const { time } = parts(d);
  const day = dueDay(dueAt);
  if (!withTime) return day;
  return `${day} ${time === '00:00' ? '24:00' : time}`;
}

/** Whole calendar days from today (Shanghai) to the last day: 0 = due today, negative = overdue by that many days. */
export function daysLeft(dueAt: string, now: Date): number {
  return epochDay(dueDay(dueAt)) - epochDay(shanghaiDate(now));
}

export type Urgency = 'overdue' | 'soon' | 'normal';

/** Overdue once the due time has passed (red); due within 3 days (amber); otherwise normal. */
export function urgencyOf(dueAt: string, now: Date): Urgency {
  if (new Date(dueAt).getTime() <= now.getTime()) return 'overdue';
  return daysLeft(dueAt, now) <= 3 ? 'soon' : 'normal';
}

/** A Shanghai wall-clock time typed into a form, as an ISO instant with its +08:00 offset. */
export function shanghaiWallTimeToIso(date: string, time = '00:00'): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}(:\d{2})?$/.test(time)) throw new RangeError('expected YYYY-MM-DD and HH:mm');
  return `${date}T${time.length === 5 ? `${time}:00` : time}+08:00`;
}

/** Now in Shanghai wall time, to the minute: { date: 'YYYY-MM-DD', time: 'HH:mm' }. */
export function shanghaiNow(now: Date = new Date()): { date: string; time: string } {
  return parts(now);
}

/** The Shanghai day `days` after the given day. */
export function addDays(isoDate: string, days: number): string {
  return new Date((epochDay(isoDate) + days) * DAY_MS).toISOString().slice(0, 10);
}
