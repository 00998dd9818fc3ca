import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import { isIsoDate } from './civil-date';
import type { HolidaySource, HolidayTable } from './holiday-source';

/**
 * The State Council's yearly holiday notices (国务院办公厅关于某年部分节假日安排的通知), read from
 * the maintained `chinese-days` package rather than typed in by hand.
 *
 * The package's data for 2024, 2025 and 2026 was checked date by date against the notices
 * (国办发明电〔2023〕7号, 〔2024〕12号, 〔2025〕7号) and is pinned by
 * chinese-days.holiday-source.spec.ts, so a wrong package update fails the build instead of moving
 * a legal deadline. Other years in the package are unverified: a caller may opt in with `years`.
 */
export const VERIFIED_HOLIDAY_YEARS: readonly number[] = Object.freeze([2024, 2025, 2026]);

interface ChineseDaysJson {
  /** Rest days of each holiday block, weekend days inside the block included. */
  holidays: Record<string, string>;
  /** Make-up working days (调休上班日), usually a Saturday or Sunday. */
  workdays: Record<string, string>;
}

function readPackageData(raw: unknown): ChineseDaysJson {
  const data = raw as Partial<ChineseDaysJson> | null;
  const isDateMap = (m: unknown): m is Record<string, string> =>
    typeof m === 'object' && m !== null && Object.keys(m).every((k) => isIsoDate(k));
  if (!data || !isDateMap(data.holidays) || !isDateMap(data.workdays)) {
    // A changed file layout must stop start-up, not silently yield a Monday–Friday calendar.
    throw new Error('chinese-days/dist/chinese-days.json no longer has the expected holidays/workdays layout');
  }
  return data as ChineseDaysJson;
}

export interface ChineseDaysHolidaySourceOptions {
  /** Years to expose; default VERIFIED_HOLIDAY_YEARS. Pass 'all' to expose every year the package has. */
  years?: readonly number[] | 'all';
}

export class ChineseDaysHolidaySource implements HolidaySource {
  private readonly tables = new Map<number, HolidayTable>();

  constructor(options: ChineseDaysHolidaySourceOptions = {}, raw: unknown = chineseDaysData) {
    const data = readPackageData(raw);
    const wanted = options.years ?? VERIFIED_HOLIDAY_YEARS;
    const include = (year: number) => wanted === 'all' || wanted.includes(year);
    const tableFor = (year: number): HolidayTable => {
      let table = this.tables.get(year);
      if (!table) {
        table = { holidays: [], makeupWorkdays: [] };
        this.tables.set(year, table);
      }
      return table;
    };
    for (const date of Object.keys(data.holidays).sort()) {
      const year = Number(date.slice(0, 4));
      if (include(year)) tableFor(year).holidays.push(date);
    }
    for (const date of Object.keys(data.workdays).sort()) {
      const year = Number(date.slice(0, 4));
      if (include(year)) tableFor(year).makeupWorkdays.push(date);
    }
  }

  holidays(year: number): HolidayTable | undefined {
    const table = this.tables.get(year);
    return table && { holidays: [...table.holidays], makeupWorkdays: [...table.makeupWorkdays] };
  }

  coveredYears(): number[] {
    return [...this.tables.keys()].sort((a, b) => a - b);
  }
}
