import fc from 'fast-check';
import { addDays } from './civil-date';
import { type HolidaySource, LegalCalendar, MAX_PERIOD_LENGTH, type PeriodUnit } from './legal-calendar';

const at = (iso: string) => new Date(iso);
const DAY_MS = 86_400_000;

describe(LegalCalendar.name, () => {
  const calendar = new LegalCalendar();

  describe('Asia/Shanghai dates', () => {
    it('takes the Shanghai date of an instant late in the Shanghai day', () => {
      expect(LegalCalendar.shanghaiDate(at('2025-09-20T23:30:00+08:00'))).toBe('2025-09-20');
      expect(LegalCalendar.shanghaiDate(at('2025-09-20T15:30:00Z'))).toBe('2025-09-20');
    });

    it('takes the Shanghai date of an instant early in the Shanghai day (previous UTC day)', () => {
      expect(LegalCalendar.shanghaiDate(at('2025-09-20T00:10:00+08:00'))).toBe('2025-09-20');
      expect(LegalCalendar.shanghaiDate(at('2025-09-19T16:10:00Z'))).toBe('2025-09-20');
      expect(LegalCalendar.shanghaiDate(at('2025-09-19T15:59:59.999Z'))).toBe('2025-09-19');
    });

    it('ends a Shanghai day at 00:00 +08:00 of the following day', () => {
      expect(LegalCalendar.endOfShanghaiDay('2025-10-09')).toEqual(at('2025-10-10T00:00:00+08:00'));
      expect(LegalCalendar.endOfShanghaiDay('2024-12-31')).toEqual(at('2025-01-01T00:00:00+08:00'));
      expect(LegalCalendar.endOfShanghaiDay('2024-02-28')).toEqual(at('2024-02-29T00:00:00+08:00'));
    });

    it('rejects malformed or unreal dates', () => {
      expect(() => LegalCalendar.endOfShanghaiDay('2025-02-29')).toThrow(RangeError);
      expect(() => LegalCalendar.endOfShanghaiDay('2025-9-1')).toThrow(RangeError);
      expect(() => calendar.dayKind('20250901')).toThrow(RangeError);
      expect(() => LegalCalendar.shanghaiDate(new Date(Number.NaN))).toThrow(RangeError);
    });
  });

  describe('dayKind', () => {
    it.each([
      ['2025-10-01', 'HOLIDAY'],
      ['2025-10-04', 'HOLIDAY'], // a Saturday inside the National Day block
      ['2025-09-28', 'MAKEUP_WORKDAY'], // Sunday, 调休
      ['2025-10-11', 'MAKEUP_WORKDAY'], // Saturday, 调休
      ['2025-10-12', 'WEEKEND'],
      ['2025-10-09', 'WORKDAY'],
      ['2024-02-09', 'WORKDAY'], // 2024 除夕 was not a statutory holiday
      ['2026-02-14', 'MAKEUP_WORKDAY'],
      ['2026-01-02', 'HOLIDAY'],
    ])('%s is %s', (date, kind) => {
      expect(calendar.dayKind(date)).toBe(kind);
    });

    it('counts make-up working weekends as working days', () => {
      expect(calendar.isWorkingDay('2025-09-28')).toBe(true);
      expect(calendar.isWorkingDay('2025-10-11')).toBe(true);
      expect(calendar.isWorkingDay('2025-10-08')).toBe(false);
      expect(calendar.isWorkingDay('2025-10-12')).toBe(false);
    });

    it('falls back to Monday–Friday for a year without a State Council table', () => {
      expect(calendar.coveredYears()).toEqual([2024, 2025, 2026]);
      expect(calendar.dayKind('2027-01-01')).toBe('WORKDAY'); // a Friday; its notice is not loaded
      expect(calendar.dayKind('2027-01-02')).toBe('WEEKEND');
    });
  });

  describe('calendar-day periods (Civil Code arts. 201–203)', () => {
    it('moves a 15-day period ending inside the National Day holiday to the next working day', () => {
      const due = calendar.addPeriod(at('2025-09-20T10:00:00+08:00'), 15, 'CALENDAR_DAYS');
      expect(due).toMatchObject({ nominalLastDay: '2025-10-05', lastDay: '2025-10-09', rolledOver: true });
      expect(due.dueAt).toEqual(at('2025-10-10T00:00:00+08:00'));
      expect(due.rule).toMatch(/2025-10-05 is a statutory holiday/);
      expect(due.rule).toMatch(/art\. 201/);
      expect(due.rule).toMatch(/art\. 203/);
    });

    it('uses the Shanghai date of a trigger late in the Shanghai day', () => {
      const due = calendar.addPeriod(at('2025-09-20T23:30:00+08:00'), 15, 'CALENDAR_DAYS');
      expect(due.lastDay).toBe('2025-10-09');
      expect(due.dueAt).toEqual(at('2025-10-10T00:00:00+08:00'));
    });

    it('uses the Shanghai date, not the UTC date, of a trigger just after Shanghai midnight', () => {
      // 2025-09-20T00:10+08:00 is still 2025-09-19 in UTC.
      expect(calendar.addPeriod(at('2025-09-19T16:10:00Z'), 15, 'CALENDAR_DAYS').lastDay).toBe('2025-10-09');
      // Here the UTC date would give Thursday 2025-02-27; the Shanghai date gives Friday 2025-02-28.
      const due = calendar.addPeriod(at('2025-02-13T00:10:00+08:00'), 15, 'CALENDAR_DAYS');
      expect(due).toMatchObject({ nominalLastDay: '2025-02-28', lastDay: '2025-02-28', rolledOver: false });
      const dayBefore = calendar.addPeriod(at('2025-02-12T23:59:59+08:00'), 15, 'CALENDAR_DAYS');
      expect(dayBefore.lastDay).toBe('2025-02-27');
    });

    it('does not move a period whose last day is a make-up working Sunday (2025-09-28)', () => {
      const due = calendar.addPeriod(at('2025-09-13T09:00:00+08:00'), 15, 'CALENDAR_DAYS');
      expect(due).toMatchObject({ nominalLastDay: '2025-09-28', lastDay: '2025-09-28', rolledOver: false });
      expect(due.dueAt).toEqual(at('2025-09-29T00:00:00+08:00'));
      expect(due.rule).toMatch(/make-up working day/);
    });

    it('does not move a period whose last day is a make-up working Saturday (2025-10-11)', () => {
      const due = calendar.addPeriod(at('2025-10-01T09:00:00+08:00'), 10, 'CALENDAR_DAYS');
      expect(due).toMatchObject({ nominalLastDay: '2025-10-11', lastDay: '2025-10-11', rolledOver: false });
    });

    it('moves a period ending on a plain weekend to Monday', () => {
      const due = calendar.addPeriod(at('2025-02-14T09:00:00+08:00'), 15, 'CALENDAR_DAYS');
      expect(due).toMatchObject({ nominalLastDay: '2025-03-01', lastDay: '2025-03-03', rolledOver: true });
      expect(due.rule).toMatch(/weekend rest day/);
    });

    it('moves a period ending on New Year 2026 past the whole block, to the make-up Sunday', () => {
      const due = calendar.addPeriod(at('2025-12-17T09:00:00+08:00'), 15, 'CALENDAR_DAYS');
      expect(due).toMatchObject({ nominalLastDay: '2026-01-01', lastDay: '2026-01-04', rolledOver: true });
    });

    it('says when it fell back to Monday–Friday for a year without a notice', () => {
      const due = calendar.addPeriod(at('2026-12-20T09:00:00+08:00'), 15, 'CALENDAR_DAYS');
      expect(due.nominalLastDay).toBe('2027-01-04');
      expect(due.rule).toMatch(/No State Council holiday notice is loaded for 2027: Monday–Friday was assumed/);
      const inside = calendar.addPeriod(at('2025-03-03T09:00:00+08:00'), 15, 'CALENDAR_DAYS');
      expect(inside.rule).not.toMatch(/Monday–Friday was assumed/);
    });
  });

  describe('working-day periods', () => {
    it('counts a make-up working Sunday (2025-09-28) and Saturday (2025-10-11)', () => {
      // Friday 2025-09-26: Saturday 27 is a rest day, Sunday 28 is a make-up working day.
      expect(calendar.addPeriod(at('2025-09-26T18:00:00+08:00'), 1, 'WORKING_DAYS').lastDay).toBe('2025-09-28');
      expect(calendar.addPeriod(at('2025-09-26T18:00:00+08:00'), 2, 'WORKING_DAYS').lastDay).toBe('2025-09-29');
      // After the National Day block: Thu 9, Fri 10, Sat 11 (make-up).
      const due = calendar.addPeriod(at('2025-09-30T10:00:00+08:00'), 3, 'WORKING_DAYS');
      expect(due).toMatchObject({ lastDay: '2025-10-11', nominalLastDay: '2025-10-11', rolledOver: false });
      expect(due.dueAt).toEqual(at('2025-10-12T00:00:00+08:00'));
      expect(due.rule).toMatch(/make-up working days \(调休\) counted \(1 counted here\)/);
    });

    it('skips the 2025 Spring Festival and counts its make-up days (3-day acceptance)', () => {
      // Fri 24 Jan: Sat 25 rest, Sun 26 make-up (1), Mon 27 (2), 28 Jan–4 Feb holiday, Wed 5 Feb (3).
      const due = calendar.addPeriod(at('2025-01-24T16:00:00+08:00'), 3, 'WORKING_DAYS');
      expect(due.lastDay).toBe('2025-02-05');
      expect(due.dueAt).toEqual(at('2025-02-06T00:00:00+08:00'));
    });

    it('counts the Saturday make-up day after the 2025 Spring Festival', () => {
      // Mon 27 Jan: 5, 6, 7 Feb, Sat 8 Feb (make-up), Sun 9 rest, Mon 10 Feb.
      expect(calendar.addPeriod(at('2025-01-27T09:00:00+08:00'), 4, 'WORKING_DAYS').lastDay).toBe('2025-02-08');
      expect(calendar.addPeriod(at('2025-01-27T09:00:00+08:00'), 5, 'WORKING_DAYS').lastDay).toBe('2025-02-10');
    });

    it('does not count the trigger day even when it is a working day', () => {
      expect(calendar.addPeriod(at('2025-03-03T08:00:00+08:00'), 1, 'WORKING_DAYS').lastDay).toBe('2025-03-04');
    });
  });

  describe('input validation', () => {
    it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_PERIOD_LENGTH + 1])('rejects length %p', (length) => {
      expect(() => calendar.addPeriod(at('2025-03-03T08:00:00+08:00'), length, 'CALENDAR_DAYS')).toThrow(RangeError);
    });

    it('rejects an invalid trigger or unit', () => {
      expect(() => calendar.addPeriod(new Date(Number.NaN), 1, 'CALENDAR_DAYS')).toThrow(RangeError);
      expect(() => calendar.addPeriod(at('2025-03-03T08:00:00+08:00'), 1, 'MONTHS' as PeriodUnit)).toThrow(RangeError);
    });
  });

  describe('with another holiday source', () => {
    it('uses the given table and lists its years', () => {
      const source: HolidaySource = {
        holidays: (year) => (year === 2030 ? { holidays: ['2030-01-01'], makeupWorkdays: ['2030-01-05'] } : undefined),
      };
      const custom = new LegalCalendar(source);
      expect(custom.coveredYears()).toEqual([2030]);
      expect(custom.dayKind('2030-01-01')).toBe('HOLIDAY');
      expect(custom.dayKind('2030-01-05')).toBe('MAKEUP_WORKDAY');
      expect(custom.dayKind('2025-10-01')).toBe('WORKDAY'); // no table for 2025 in this source
    });

    it('reads a neighbouring-year entry (a New Year block that starts on 30 December)', () => {
      const source: HolidaySource = {
        holidays: (year) => (year === 2031 ? { holidays: ['2030-12-31'], makeupWorkdays: [] } : undefined),
      };
      expect(new LegalCalendar(source).dayKind('2030-12-31')).toBe('HOLIDAY');
    });

    it('refuses a table that lists a day as both holiday and make-up working day', () => {
      const source: HolidaySource = {
        holidays: () => ({ holidays: ['2030-01-05'], makeupWorkdays: ['2030-01-05'] }),
      };
      expect(() => new LegalCalendar(source).dayKind('2030-01-05')).toThrow(/both a holiday and a make-up/);
    });
  });

  describe('properties', () => {
    const FROM = at('2024-01-01T00:00:00+08:00').getTime();
    const TO = at('2026-12-31T23:59:59.999+08:00').getTime();
    const trigger = fc.integer({ min: FROM, max: TO }).map((t) => new Date(t));
    const length = fc.integer({ min: 1, max: 400 });
    const unit = fc.constantFrom<PeriodUnit>('CALENDAR_DAYS', 'WORKING_DAYS');
    const runs = { numRuns: 1_000 };

    it('ends later than trigger + length days', () => {
      fc.assert(
        fc.property(trigger, length, unit, (t, n, u) => {
          expect(calendar.addPeriod(t, n, u).dueAt.getTime()).toBeGreaterThan(t.getTime() + n * DAY_MS);
        }),
        runs,
      );
    });

    it('ends on a working day, at 24:00 Shanghai of lastDay', () => {
      fc.assert(
        fc.property(trigger, length, unit, (t, n, u) => {
          const due = calendar.addPeriod(t, n, u);
          expect(calendar.isWorkingDay(due.lastDay)).toBe(true);
          expect(due.dueAt).toEqual(LegalCalendar.endOfShanghaiDay(due.lastDay));
          expect(LegalCalendar.shanghaiDate(new Date(due.dueAt.getTime() - 1))).toBe(due.lastDay);
        }),
        runs,
      );
    });

    it('is monotone in length', () => {
      fc.assert(
        fc.property(trigger, length, length, unit, (t, a, b, u) => {
          const [short, long] = a <= b ? [a, b] : [b, a];
          const dueShort = calendar.addPeriod(t, short, u).dueAt.getTime();
          const dueLong = calendar.addPeriod(t, long, u).dueAt.getTime();
          expect(dueShort).toBeLessThanOrEqual(dueLong);
        }),
        runs,
      );
    });

    it('never ends before its nominal last day, and rolls only off a rest day', () => {
      fc.assert(
        fc.property(trigger, length, unit, (t, n, u) => {
          const due = calendar.addPeriod(t, n, u);
          expect(due.nominalLastDay <= due.lastDay).toBe(true);
          expect(due.rolledOver).toBe(due.nominalLastDay !== due.lastDay);
          if (u === 'CALENDAR_DAYS') {
            expect(due.nominalLastDay).toBe(addDays(LegalCalendar.shanghaiDate(t), n));
            expect(calendar.isWorkingDay(due.nominalLastDay)).toBe(!due.rolledOver);
          }
        }),
        runs,
      );
    });

    it('counts exactly `length` working days after the trigger day', () => {
      fc.assert(
        fc.property(trigger, fc.integer({ min: 1, max: 60 }), (t, n) => {
          const due = calendar.addPeriod(t, n, 'WORKING_DAYS');
          let counted = 0;
          for (let d = addDays(LegalCalendar.shanghaiDate(t), 1); d <= due.lastDay; d = addDays(d, 1)) {
            if (calendar.isWorkingDay(d)) counted++;
          }
          expect(counted).toBe(n);
        }),
        runs,
      );
    });
  });
});
