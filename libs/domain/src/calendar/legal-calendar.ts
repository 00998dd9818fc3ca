import { ChineseDaysHolidaySource } from './chinese-days.holiday-source';
import type { HolidaySource } from './holiday-source';
import { epochDayToIso, formatIsoDate, fromEpochDay, isoWeekday, requireIsoDate, toEpochDay } from './civil-date';

/**
 * The legal calendar of DOMAIN.md §2: periods counted in Asia/Shanghai calendar days or in working
 * days of the State Council's holiday notice, including its make-up working weekends (调休).
 *
 * Time is always passed in; nothing here reads the clock.
 */

export type { HolidaySource, HolidayTable } from './holiday-source';
export type PeriodUnit = 'CALENDAR_DAYS' | 'WORKING_DAYS';
export type DayKind = 'WORKDAY' | 'WEEKEND' | 'HOLIDAY' | 'MAKEUP_WORKDAY';

export interface ComputedDue {
  /** The instant the period ends: 24:00 Asia/Shanghai of lastDay, i.e. 00:00 (+08:00) of the next day. */
  dueAt: Date;
  /** 'YYYY-MM-DD' in Asia/Shanghai, after any roll-over. */
  lastDay: string;
  /** 'YYYY-MM-DD' before roll-over. */
  nominalLastDay: string;
  rolledOver: boolean;
  /** Plain English: how the date was computed and which rule says so. */
  rule: string;
}

/** China Standard Time has been UTC+8 with no daylight saving since 1991. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The longest period accepted: 100 years of days. Legal periods are days to a few years; the cap
 * keeps a typo (say 150000) from looping through centuries of working days.
 */
export const MAX_PERIOD_LENGTH = 36_600;

const PROBE_FIRST_YEAR = 1949;
const PROBE_LAST_YEAR = 2100;

interface YearIndex {
  holidays: ReadonlySet<string>;
  makeupWorkdays: ReadonlySet<string>;
}

function requireInstant(value: unknown, name: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new RangeError(`${name} must be a valid Date`);
  }
  return value;
}

export class LegalCalendar {
  private readonly years = new Map<number, YearIndex | null>();
  private readonly kinds = new Map<number, DayKind>();

  /** Default source: the State Council notices for 2024–2026 (via chinese-days, verified and pinned). */
  constructor(private readonly source: HolidaySource = new ChineseDaysHolidaySource()) {}

  /** 'YYYY-MM-DD' of the instant in Asia/Shanghai (UTC+8, no DST). */
  static shanghaiDate(instant: Date): string {
    const t = requireInstant(instant, 'instant').getTime();
    return formatIsoDate(fromEpochDay(Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS)));
  }

  /** 24:00 of the date in Asia/Shanghai, i.e. 00:00 +08:00 of the next day (Civil Code art. 203). */
  static endOfShanghaiDay(date: string): Date {
    const epochDay = toEpochDay(requireIsoDate(date, 'date'));
    return new Date((epochDay + 1) * DAY_MS - SHANGHAI_OFFSET_MS);
  }

  dayKind(date: string): DayKind {
    return this.kindOf(toEpochDay(requireIsoDate(date, 'date')));
  }

  /** Working days are Monday–Friday outside holidays, plus the make-up working weekends (调休). */
  isWorkingDay(date: string): boolean {
    return this.isWorkingEpochDay(toEpochDay(requireIsoDate(date, 'date')));
  }

  coveredYears(): number[] {
    const listed = this.source.coveredYears?.();
    if (listed) return [...new Set(listed)].filter((y) => this.yearIndex(y) !== null).sort((a, b) => a - b);
    const years: number[] = [];
    for (let y = PROBE_FIRST_YEAR; y <= PROBE_LAST_YEAR; y++) if (this.yearIndex(y)) years.push(y);
    return years;
  }

  addPeriod(trigger: Date, length: number, unit: PeriodUnit): ComputedDue {
    requireInstant(trigger, 'trigger');
    if (!Number.isInteger(length) || length < 1 || length > MAX_PERIOD_LENGTH) {
      throw new RangeError(`length must be a whole number of days from 1 to ${MAX_PERIOD_LENGTH}`);
    }
    if (unit !== 'CALENDAR_DAYS' && unit !== 'WORKING_DAYS') {
      throw new RangeError('unit must be CALENDAR_DAYS or WORKING_DAYS');
    }
    const triggerDay = LegalCalendar.shanghaiDate(trigger);
    return unit === 'CALENDAR_DAYS'
      ? this.addCalendarDays(triggerDay, length)
      : this.addWorkingDays(triggerDay, length);
  }

  /**
   * Civil Code art. 201: the day of the triggering act is not counted, so the nominal last day is
   * trigger day + length. Art. 203 (and the period rules of the Civil Procedure Law): a last day that
   * is a statutory holiday or rest day moves to the next working day; a make-up working weekend is
   * a working day and does not move.
   */
  private addCalendarDays(triggerDay: string, length: number): ComputedDue {
    const nominal = toEpochDay(requireIsoDate(triggerDay, 'trigger day')) + length;
    let last = nominal;
    const uncovered = new Set<number>();
    this.noteUncovered(last, uncovered);
    while (!this.isWorkingEpochDay(last)) {
      last++;
      this.noteUncovered(last, uncovered);
    }
    const nominalLastDay = epochDayToIso(nominal);
    const lastDay = epochDayToIso(last);
    const rolledOver = lastDay !== nominalLastDay;
    const parts = [
      `${length} calendar day${length === 1 ? '' : 's'} counted from the day after ${triggerDay} ` +
        `(the day of the triggering act is not counted, Civil Code art. 201): nominal last day ${nominalLastDay}.`,
    ];
    if (rolledOver) {
      parts.push(
        `${nominalLastDay} is ${this.describeKind(nominalLastDay)}, so the period ends on the next working day, ` +
          `${lastDay} (Civil Code art. 203; Civil Procedure Law period rules).`,
      );
    } else if (this.dayKind(lastDay) === 'MAKEUP_WORKDAY') {
      parts.push(`${lastDay} is a make-up working day (调休) in the State Council notice, so the period does not move.`);
    }
    parts.push(this.endsAtSentence(lastDay));
    parts.push(...this.fallbackSentences(uncovered));
    return { dueAt: LegalCalendar.endOfShanghaiDay(lastDay), lastDay, nominalLastDay, rolledOver, rule: parts.join(' ') };
  }

  /**
   * Working-day periods (工作日), e.g. enterprise committee acceptance or labor inspection: count
   * `length` working days after the trigger day by the State Council notice, make-up working
   * weekends included and holidays excluded; the period ends at 24:00 of the last one.
   */
  private addWorkingDays(triggerDay: string, length: number): ComputedDue {
    let epochDay = toEpochDay(requireIsoDate(triggerDay, 'trigger day'));
    let counted = 0;
    let makeupCounted = 0;
    const uncovered = new Set<number>();
    while (counted < length) {
      epochDay++;
      this.noteUncovered(epochDay, uncovered);
      const kind = this.kindOf(epochDay);
      if (kind === 'WORKDAY' || kind === 'MAKEUP_WORKDAY') {
        counted++;
        if (kind === 'MAKEUP_WORKDAY') makeupCounted++;
      }
    }
    const day = epochDayToIso(epochDay);
    const parts = [
      `${length} working day${length === 1 ? '' : 's'} counted from the day after ${triggerDay} ` +
        `(the day of the triggering act is not counted, Civil Code art. 201), by the State Council holiday ` +
        `notice: statutory holidays and weekend rest days skipped, make-up working days (调休) counted` +
        `${makeupCounted > 0 ? ` (${makeupCounted} counted here)` : ''}; last working day ${day}.`,
      this.endsAtSentence(day),
      ...this.fallbackSentences(uncovered),
    ];
    return {
      dueAt: LegalCalendar.endOfShanghaiDay(day),
      lastDay: day,
      nominalLastDay: day,
      rolledOver: false,
      rule: parts.join(' '),
    };
  }

  private endsAtSentence(lastDay: string): string {
    return `The period ends at 24:00 Asia/Shanghai on ${lastDay} (Civil Code art. 203).`;
  }

  private fallbackSentences(uncovered: ReadonlySet<number>): string[] {
    return [...uncovered]
      .sort((a, b) => a - b)
      .map(
        (y) =>
          `No State Council holiday notice is loaded for ${y}: Monday–Friday was assumed as working days for ` +
          `that year, so recheck this date once the notice is published.`,
      );
  }

  private describeKind(date: string): string {
    switch (this.dayKind(date)) {
      case 'HOLIDAY':
        return 'a statutory holiday';
      case 'WEEKEND':
        return 'a weekend rest day';
      default:
        return 'a working day';
    }
  }

  private noteUncovered(epochDay: number, into: Set<number>): void {
    const { year } = fromEpochDay(epochDay);
    if (this.yearIndex(year) === null) into.add(year);
  }

  private isWorkingEpochDay(epochDay: number): boolean {
    const kind = this.kindOf(epochDay);
    return kind === 'WORKDAY' || kind === 'MAKEUP_WORKDAY';
  }

  /** Memoised per day: the table never changes for the life of the calendar. */
  private kindOf(epochDay: number): DayKind {
    const cached = this.kinds.get(epochDay);
    if (cached) return cached;
    const date = epochDayToIso(epochDay);
    const { year } = fromEpochDay(epochDay);
    let kind: DayKind | undefined;
    // A notice may list a day of the neighbouring year (a New Year block starting on 30 December).
    const indexes = [year, year - 1, year + 1].map((y) => this.yearIndex(y));
    if (indexes.some((index) => index?.makeupWorkdays.has(date))) kind = 'MAKEUP_WORKDAY';
    else if (indexes.some((index) => index?.holidays.has(date))) kind = 'HOLIDAY';
    else kind = isoWeekday(date) >= 6 ? 'WEEKEND' : 'WORKDAY';
    this.kinds.set(epochDay, kind);
    return kind;
  }

  private yearIndex(year: number): YearIndex | null {
    const cached = this.years.get(year);
    if (cached !== undefined) return cached;
    const table = this.source.holidays(year);
    let index: YearIndex | null = null;
    if (table) {
      for (const d of [...table.holidays, ...table.makeupWorkdays]) requireIsoDate(d, `holiday table ${year} entry`);
      const holidays = new Set(table.holidays);
      const makeupWorkdays = new Set(table.makeupWorkdays);
      for (const d of makeupWorkdays) {
        if (holidays.has(d)) throw new Error(`holiday table ${year} lists ${d} as both a holiday and a make-up working day`);
      }
      index = { holidays, makeupWorkdays };
    }
    this.years.set(year, index);
    return index;
  }
}
