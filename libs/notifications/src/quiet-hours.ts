/**
 * Quiet hours for SMS to workers (DESIGN §7, issue 5): no texts inside the window, Asia/Shanghai
 * wall-clock time (UTC+8, no daylight saving). A text that falls inside is deferred to the window's
 * end, never dropped.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;
const WINDOW = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

export interface QuietWindow {
  /** Minutes after Shanghai midnight. */
  startMinute: number;
  endMinute: number;
}

/** '21:00-08:00' → { startMinute: 1260, endMinute: 480 }. The window may wrap midnight; equal ends mean no quiet hours. */
export function parseQuietHours(quietHours: string): QuietWindow {
  const m = WINDOW.exec(quietHours);
  if (!m) throw new RangeError(`quiet hours must look like 21:00-08:00 (HH:MM-HH:MM), got "${quietHours}"`);
  return { startMinute: Number(m[1]) * 60 + Number(m[2]), endMinute: Number(m[3]) * 60 + Number(m[4]) };
}

/** Is `at` inside the quiet window (start inclusive, end exclusive)? */
export function isQuietTime(at: Date, quietHours = '21:00-08:00'): boolean {
  const { startMinute, endMinute } = parseQuietHours(quietHours);
  if (startMinute === endMinute) return false;
  const msOfDay = mod(at.getTime() + SHANGHAI_OFFSET_MS, DAY_MS);
  const start = startMinute * 60_000;
  const end = endMinute * 60_000;
  return start < end ? msOfDay >= start && msOfDay < end : msOfDay >= start || msOfDay < end;
}

/** Inside the quiet window → the window's end (e.g. the next 08:00 Shanghai); otherwise `now` itself. */
export function nextAllowedSendTime(now: Date, quietHours = '21:00-08:00'): Date {
  if (!isQuietTime(now, quietHours)) return new Date(now.getTime());
  const { endMinute } = parseQuietHours(quietHours);
  const t = now.getTime();
  const shanghaiMidnight = t - mod(t + SHANGHAI_OFFSET_MS, DAY_MS);
  let end = shanghaiMidnight + endMinute * 60_000;
  if (end <= t) end += DAY_MS;
  return new Date(end);
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
