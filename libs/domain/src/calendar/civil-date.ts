/**
 * Calendar dates ('YYYY-MM-DD') as plain proleptic-Gregorian day numbers.
 *
 * Legal periods count whole days of the Asia/Shanghai calendar (Civil Code art. 201), so the
 * arithmetic works on dates, never on instants: no Date object, no host time zone, and none of
 * `Date.UTC`'s quirks (it maps years 0–99 to 1900–1999).
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when year/month/day name a day that exists (so 2025-02-29 and 1990-02-30 do not). */
export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 0 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Parses a strict 'YYYY-MM-DD' that names a real date; undefined otherwise. */
export function parseIsoDate(value: unknown): CivilDate | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isRealDate(year, month, day) ? { year, month, day } : undefined;
}

export function isIsoDate(value: unknown): value is string {
  return parseIsoDate(value) !== undefined;
}

/** Like parseIsoDate but throws RangeError naming the argument (never its value beyond the shape). */
export function requireIsoDate(value: unknown, name: string): CivilDate {
  const parsed = parseIsoDate(value);
  if (!parsed) throw new RangeError(`${name} must be a real date written YYYY-MM-DD`);
  return parsed;
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil; integer arithmetic only). */
export function toEpochDay({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromEpochDay(epochDay: number): CivilDate {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function formatIsoDate({ year, month, day }: CivilDate): string {
  if (year < 0 || year > 9999) throw new RangeError('date is outside the years 0000–9999');
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function epochDayToIso(epochDay: number): string {
  return formatIsoDate(fromEpochDay(epochDay));
}

export function isoToEpochDay(date: string): number {
  return toEpochDay(requireIsoDate(date, 'date'));
}

export function addDays(date: string, days: number): string {
  return epochDayToIso(isoToEpochDay(date) + days);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. 1970-01-01 was a Thursday. */
export function isoWeekday(date: string): number {
  const d = isoToEpochDay(date);
  return ((((d + 3) % 7) + 7) % 7) + 1;
}
