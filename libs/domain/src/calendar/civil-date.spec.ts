import fc from 'fast-check';
import { addDays, epochDayToIso, isoToEpochDay, isoWeekday, isRealDate, parseIsoDate } from './civil-date';

describe('civil dates', () => {
  it('knows real dates, leap years included', () => {
    expect(isRealDate(2024, 2, 29)).toBe(true);
    expect(isRealDate(2025, 2, 29)).toBe(false);
    expect(isRealDate(1900, 2, 29)).toBe(false);
    expect(isRealDate(2000, 2, 29)).toBe(true);
    expect(isRealDate(1990, 2, 30)).toBe(false);
    expect(isRealDate(2025, 4, 31)).toBe(false);
    expect(parseIsoDate('2025-13-01')).toBeUndefined();
    expect(parseIsoDate(' 2025-01-01')).toBeUndefined();
  });

  it('counts days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(isoToEpochDay('1970-01-01')).toBe(0);
    expect(isoWeekday('2025-09-28')).toBe(7);
    expect(isoWeekday('2025-10-11')).toBe(6);
  });

  it('agrees with the ECMAScript UTC calendar', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 2_900_000 }), (epochDay) => {
        const iso = epochDayToIso(epochDay);
        const viaDate = new Date(epochDay * 86_400_000);
        expect(iso).toBe(viaDate.toISOString().slice(0, 10));
        expect(isoWeekday(iso)).toBe(viaDate.getUTCDay() === 0 ? 7 : viaDate.getUTCDay());
        expect(isoToEpochDay(iso)).toBe(epochDay);
      }),
      { numRuns: 2_000 },
    );
  });
});
