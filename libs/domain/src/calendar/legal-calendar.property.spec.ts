import fc from 'fast-check';
import { PropertyTally } from '../../../../test/chaos/support/property-runs';
import { addDays } from './civil-date';
import { LegalCalendar, type PeriodUnit } from './legal-calendar';

/**
 * The legal calendar under random input (issue 9, scenario 7; DOMAIN §2): working days counted one
 * way and back agree, periods compose, a period never ends on a rest day, later triggers and longer
 * periods never end earlier, and the offset an instant is written with never matters.
 */
const tally = new PropertyTally('7a-3', 'properties: legal calendar');
afterAll(() => tally.write());

const calendar = new LegalCalendar();
const DAY = 86_400_000;
const at = (iso: string) => new Date(iso).getTime();
/** Years with the State Council's tables (2024–2026), and years on the Monday–Friday fallback. */
const covered = fc.integer({ min: at('2024-01-01T00:00:00+08:00'), max: at('2026-12-31T23:59:59.999+08:00') });
const anyYear = fc.integer({ min: at('1995-01-01T00:00:00+08:00'), max: at('2095-12-31T23:59:59.999+08:00') });
const instant = fc.oneof({ weight: 3, arbitrary: covered }, { weight: 1, arbitrary: anyYear }).map((t) => new Date(t));
const unit = fc.constantFrom<PeriodUnit>('CALENDAR_DAYS', 'WORKING_DAYS');
const length = fc.integer({ min: 1, max: 120 });

/** The day before which `n` working days end when counted back from `last` (`last` itself counted). */
function countBack(last: string, n: number): string {
  let day = last;
  let counted = 0;
  for (;;) {
    if (calendar.isWorkingDay(day)) counted++;
    if (counted === n) return addDays(day, -1);
    day = addDays(day, -1);
  }
}

describe('LegalCalendar properties', () => {
  it('n working days added, then counted back from the last day, lead back to the trigger day (or rest days just after it)', () => {
    tally.assert(
      fc.property(instant, length, (t, n) => {
        const due = calendar.addPeriod(t, n, 'WORKING_DAYS');
        const triggerDay = LegalCalendar.shanghaiDate(t);
        const back = countBack(due.lastDay, n);
        // Between the trigger day and `back` (exclusive … inclusive) there may only be rest days.
        for (let d = addDays(triggerDay, 1); d <= back; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) return false;
        return back >= triggerDay && calendar.isWorkingDay(due.lastDay);
      }),
    );
  });

  it('working-day periods compose: a + b days from T end where b days from the end of the first a days end', () => {
    tally.assert(
      fc.property(instant, length, length, (t, a, b) => {
        const first = calendar.addPeriod(t, a, 'WORKING_DAYS');
        const whole = calendar.addPeriod(t, a + b, 'WORKING_DAYS');
        const chained = calendar.addPeriod(new Date(first.dueAt.getTime() - 1), b, 'WORKING_DAYS');
        return whole.lastDay === chained.lastDay;
      }),
    );
  });

  it('a period never ends on a rest day: calendar-day periods roll over exactly the rest days after the nominal day', () => {
    tally.assert(
      fc.property(instant, length, unit, (t, n, u) => {
        const due = calendar.addPeriod(t, n, u);
        if (!calendar.isWorkingDay(due.lastDay)) return false;
        if (due.dueAt.getTime() !== LegalCalendar.endOfShanghaiDay(due.lastDay).getTime()) return false;
        if (u === 'WORKING_DAYS') return true;
        if (due.nominalLastDay !== addDays(LegalCalendar.shanghaiDate(t), n)) return false;
        for (let d = due.nominalLastDay; d < due.lastDay; d = addDays(d, 1)) if (calendar.isWorkingDay(d)) return false;
        return due.rolledOver === (due.nominalLastDay !== due.lastDay);
      }),
    );
  });

  it('is monotone: a later trigger or a longer period never ends earlier, and every period ends after its trigger', () => {
    tally.assert(
      fc.property(instant, instant, length, length, unit, (t1, t2, a, b, u) => {
        const [early, late] = t1 <= t2 ? [t1, t2] : [t2, t1];
        const [short, long] = a <= b ? [a, b] : [b, a];
        return (
          calendar.addPeriod(early, a, u).dueAt <= calendar.addPeriod(late, a, u).dueAt &&
          calendar.addPeriod(early, short, u).dueAt <= calendar.addPeriod(early, long, u).dueAt &&
          calendar.addPeriod(early, a, u).dueAt.getTime() > early.getTime() + a * DAY - DAY
        );
      }),
    );
  });

  it('only the instant matters, not the offset it was written with; 24:00 of a day is the first instant of the next', () => {
    const offsets = fc.constantFrom('Z', '+08:00', '-05:00', '+14:00', '-12:00', '+05:45');
    tally.assert(
      fc.property(instant, offsets, length, unit, (t, offset, n, u) => {
        const sign = offset === 'Z' ? 0 : offset.startsWith('-') ? -1 : 1;
        const [h, m] = offset === 'Z' ? [0, 0] : offset.slice(1).split(':').map(Number);
        const shifted = new Date(t.getTime() + sign * (h * 60 + m) * 60_000);
        const written = `${shifted.toISOString().slice(0, 23)}${offset}`;
        const day = LegalCalendar.shanghaiDate(t);
        const end = LegalCalendar.endOfShanghaiDay(day);
        return (
          new Date(written).getTime() === t.getTime() &&
          calendar.addPeriod(new Date(written), n, u).dueAt.getTime() === calendar.addPeriod(t, n, u).dueAt.getTime() &&
          LegalCalendar.shanghaiDate(new Date(end.getTime() - 1)) === day &&
          LegalCalendar.shanghaiDate(end) === addDays(day, 1)
        );
      }),
    );
  });

  it('refuses lengths and units it does not know with a RangeError, never a wrong date', () => {
    const badLength = fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 36_601 }), fc.double().filter((d) => !Number.isInteger(d)), fc.constantFrom(Number.NaN, Infinity));
    tally.assert(
      fc.property(instant, badLength, unit, (t, n, u) => {
        try {
          calendar.addPeriod(t, n, u);
          return false;
        } catch (e) {
          return e instanceof RangeError;
        }
      }),
    );
  });
});
