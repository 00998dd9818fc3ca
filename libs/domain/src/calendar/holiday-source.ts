/** One year of a State Council notice: rest days of the holiday blocks, and make-up working days. */
export interface HolidayTable {
  holidays: string[];
  makeupWorkdays: string[];
}

export interface HolidaySource {
  /** The notice for `year`, or undefined when there is none (then Monday–Friday is assumed). */
  holidays(year: number): HolidayTable | undefined;
  /** Optional: the years the source has a table for. Without it, LegalCalendar probes 1949–2100. */
  coveredYears?(): number[];
}

