import { LegalCalendar } from '@tiaojie/domain';

const DAY_MS = 86_400_000;

/** Days of the demo year: day n ↔ its legal calendar date, and whether people work that day. */
export class DayCalendar {
  private readonly startEpochDay: number;
  private readonly working = new Map<number, boolean>();
  private readonly legal = new LegalCalendar();

  constructor(readonly startDate: string) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(startDate)) throw new RangeError('startDate must be YYYY-MM-DD');
    this.startEpochDay = Date.parse(`${startDate}T00:00:00Z`) / DAY_MS;
  }

  /** 'YYYY-MM-DD' of day n (n may be negative: before the year). */
  dateOf(day: number): string {
    return new Date((this.startEpochDay + day) * DAY_MS).toISOString().slice(0, 10);
  }

  /** 1–12. */
  monthOf(day: number): number {
    return Number(this.dateOf(day).slice(5, 7));
  }

  /** State Council working days, make-up weekends (调休) included. */
  isWorkingDay(day: number): boolean {
    let w = this.working.get(day);
    if (w === undefined) {
      w = this.legal.isWorkingDay(this.dateOf(day));
      this.working.set(day, w);
    }
    return w;
  }

  /** The first working day in [from, latest]; `from` itself when there is none. */
  workdayBetween(from: number, latest: number): number {
    for (let d = from; d <= latest; d++) if (this.isWorkingDay(d)) return d;
    return from;
  }

  /**
   * The day a calendar-day period started on `triggerDay` fires: its due time (24:00 of the last day,
   * rolled past rest days and holidays by the same LegalCalendar the server uses) is 00:00 of that day.
   */
  fireDay(triggerDay: number, length: number): number {
    const due = this.legal.addPeriod(new Date(this.instant(triggerDay, '12:00')), length, 'CALENDAR_DAYS').dueAt;
    return Math.round((due.getTime() + 8 * 3_600_000) / DAY_MS) - this.startEpochDay;
  }

  /** The instant of `HH:MM` on day n, Asia/Shanghai, as an ISO string with offset. */
  instant(day: number, time: string): string {
    return `${this.dateOf(day)}T${time}:00+08:00`;
  }
}
