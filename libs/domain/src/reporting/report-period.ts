import { addDays, isoToEpochDay, parseIsoDate, daysInMonth, formatIsoDate } from '../calendar/civil-date';
import { LegalCalendar } from '../calendar/legal-calendar';
import type { FieldError } from '../errors/domain-error';

/**
 * A reporting period: legal days in Asia/Shanghai, both ends included. Absent ends default to this
 * year (from the injected clock): 1 January … 31 December.
 */
export interface ReportPeriod {
  from: string;
  to: string;
}

/** At most this many years in one report (keeps a typo like 0025 from scanning forever). */
export const MAX_REPORT_YEARS = 50;

export function parseReportPeriod(raw: { from?: string; to?: string }, now: Date): { period?: ReportPeriod; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const year = LegalCalendar.shanghaiDate(now).slice(0, 4);
  const check = (field: 'from' | 'to', v: string | undefined, fallback: string) => {
    if (v === undefined) return fallback;
    if (!parseIsoDate(v)) {
      errors.push({ field, message: 'must be a real date written YYYY-MM-DD (Asia/Shanghai)' });
      return undefined;
    }
    return v;
  };
  const from = check('from', raw.from, `${year}-01-01`);
  const to = check('to', raw.to, `${year}-12-31`);
  if (from && to) {
    if (to < from) errors.push({ field: 'to', message: 'must not be before from' });
    else if (isoToEpochDay(to) - isoToEpochDay(from) > MAX_REPORT_YEARS * 366) {
      errors.push({ field: 'to', message: `a report covers at most ${MAX_REPORT_YEARS} years` });
    }
  }
  return errors.length ? { errors } : { period: { from: from!, to: to! }, errors };
}

/**
 * The period cut for the aggregates: whole calendar years from the yearly rows, the whole months
 * around them from the monthly rows, the days left at either end from the daily rows. Each range is
 * inclusive and names the first days of its years or months.
 */
export type Grain = 'Y' | 'M' | 'D';
export interface PeriodCut {
  ranges: { grain: Grain; from: string; to: string }[];
}

export const monthStart = (date: string) => `${date.slice(0, 7)}-01`;
export function monthEnd(date: string): string {
  const d = parseIsoDate(date)!;
  return formatIsoDate({ year: d.year, month: d.month, day: daysInMonth(d.year, d.month) });
}
export const yearStart = (date: string) => `${date.slice(0, 4)}-01-01`;
export const yearEnd = (date: string) => `${date.slice(0, 4)}-12-31`;

/** `years: false` when the figures are grouped by month: a yearly row cannot say which month it holds. */
export function cutPeriod({ from, to }: ReportPeriod, opts: { years?: boolean } = {}): PeriodCut {
  const ranges: PeriodCut['ranges'] = [];
  const firstWholeMonth = from === monthStart(from) ? from : addDays(monthEnd(from), 1);
  const lastWholeMonthEnd = to === monthEnd(to) ? to : addDays(monthStart(to), -1);
  if (firstWholeMonth > lastWholeMonthEnd) return { ranges: [{ grain: 'D', from, to }] };
  if (from < firstWholeMonth) ranges.push({ grain: 'D', from, to: addDays(firstWholeMonth, -1) });
  const firstWholeYear = firstWholeMonth === yearStart(firstWholeMonth) ? firstWholeMonth : `${Number(firstWholeMonth.slice(0, 4)) + 1}-01-01`;
  const lastWholeYearEnd = lastWholeMonthEnd === yearEnd(lastWholeMonthEnd) ? lastWholeMonthEnd : `${Number(lastWholeMonthEnd.slice(0, 4)) - 1}-12-31`;
  if (opts.years !== false && firstWholeYear <= lastWholeYearEnd) {
    if (firstWholeMonth < firstWholeYear) ranges.push({ grain: 'M', from: firstWholeMonth, to: monthStart(addDays(firstWholeYear, -1)) });
    ranges.push({ grain: 'Y', from: firstWholeYear, to: yearStart(lastWholeYearEnd) });
    if (lastWholeYearEnd < lastWholeMonthEnd) ranges.push({ grain: 'M', from: addDays(lastWholeYearEnd, 1), to: monthStart(lastWholeMonthEnd) });
  } else {
    ranges.push({ grain: 'M', from: firstWholeMonth, to: monthStart(lastWholeMonthEnd) });
  }
  if (lastWholeMonthEnd < to) ranges.push({ grain: 'D', from: addDays(lastWholeMonthEnd, 1), to });
  return { ranges };
}
