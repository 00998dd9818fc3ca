/**
 * Dates as Chinese documents write them: 2025年10月9日. Input is either a civil date 'YYYY-MM-DD'
 * (taken as is) or an ISO 8601 instant with 'Z' or an offset, shown in Asia/Shanghai time
 * (UTC+8, no daylight saving), the time the law counts in.
 */

const CIVIL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

interface ShanghaiParts {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function parse(value: string, field: string): ShanghaiParts {
  if (typeof value !== 'string') throw new RangeError(`${field} must be a date string`);
  const civil = CIVIL_DATE.exec(value);
  if (civil) {
    const [year, month, day] = [Number(civil[1]), Number(civil[2]), Number(civil[3])];
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      throw new RangeError(`${field} must be a real date written YYYY-MM-DD`);
    }
    return { year, month, day };
  }
  if (INSTANT.test(value)) {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) {
      const shifted = new Date(ms + SHANGHAI_OFFSET_MS);
      return {
        year: shifted.getUTCFullYear(),
        month: shifted.getUTCMonth() + 1,
        day: shifted.getUTCDate(),
        hour: shifted.getUTCHours(),
        minute: shifted.getUTCMinutes(),
      };
    }
  }
  throw new RangeError(`${field} must be 'YYYY-MM-DD' or an ISO 8601 instant with an offset`);
}

/** '2025-10-09' or '2025-10-09T02:30:00Z' → '2025年10月9日'. */
export function formatChineseDate(value: string, field = 'date'): string {
  const p = parse(value, field);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** An instant → '2025年10月9日 10:30' (Asia/Shanghai); a civil date → '2025年10月9日'. */
export function formatChineseDateTime(value: string, field = 'date'): string {
  const p = parse(value, field);
  const date = `${p.year}年${p.month}月${p.day}日`;
  if (p.hour === undefined || p.minute === undefined) return date;
  return `${date} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}
