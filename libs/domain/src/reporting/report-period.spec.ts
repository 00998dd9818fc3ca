import fc from 'fast-check';
import { addDays, epochDayToIso, isoToEpochDay } from '../calendar/civil-date';
import { cutPeriod, monthEnd, parseReportPeriod } from './report-period';

describe('report periods (Asia/Shanghai days)', () => {
  // 2025-12-31 20:00 UTC is already 2026-01-01 in Shanghai.
  const newYearInShanghai = new Date('2025-12-31T20:00:00Z');

  it('defaults to this year of the injected clock, in Asia/Shanghai', () => {
    expect(parseReportPeriod({}, newYearInShanghai).period).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(parseReportPeriod({ from: '2026-03-01' }, newYearInShanghai).period).toEqual({ from: '2026-03-01', to: '2026-12-31' });
  });

  it('names the field of a bad date, or of an end before the start', () => {
    expect(parseReportPeriod({ from: '2025-02-29' }, newYearInShanghai).errors.map((e) => e.field)).toEqual(['from']);
    expect(parseReportPeriod({ to: '2025/01/01' }, newYearInShanghai).errors.map((e) => e.field)).toEqual(['to']);
    expect(parseReportPeriod({ from: '2025-03-02', to: '2025-03-01' }, newYearInShanghai).errors.map((e) => e.field)).toEqual(['to']);
    expect(parseReportPeriod({ from: '1900-01-01', to: '2025-03-01' }, newYearInShanghai).errors.map((e) => e.field)).toEqual(['to']);
    expect(parseReportPeriod({ from: '2024-02-29', to: '2024-02-29' }, newYearInShanghai).period).toEqual({ from: '2024-02-29', to: '2024-02-29' });
  });

  it('cuts a period into whole years, whole months and edge days', () => {
    expect(cutPeriod({ from: '2025-01-01', to: '2025-12-31' })).toEqual({ ranges: [{ grain: 'Y', from: '2025-01-01', to: '2025-01-01' }] });
    expect(cutPeriod({ from: '2023-01-01', to: '2025-12-31' })).toEqual({ ranges: [{ grain: 'Y', from: '2023-01-01', to: '2025-01-01' }] });
    expect(cutPeriod({ from: '2025-01-15', to: '2025-03-10' })).toEqual({
      ranges: [
        { grain: 'D', from: '2025-01-15', to: '2025-01-31' },
        { grain: 'M', from: '2025-02-01', to: '2025-02-01' },
        { grain: 'D', from: '2025-03-01', to: '2025-03-10' },
      ],
    });
    expect(cutPeriod({ from: '2024-03-17', to: '2026-02-09' })).toEqual({
      ranges: [
        { grain: 'D', from: '2024-03-17', to: '2024-03-31' },
        { grain: 'M', from: '2024-04-01', to: '2024-12-01' },
        { grain: 'Y', from: '2025-01-01', to: '2025-01-01' },
        { grain: 'M', from: '2026-01-01', to: '2026-01-01' },
        { grain: 'D', from: '2026-02-01', to: '2026-02-09' },
      ],
    });
    expect(cutPeriod({ from: '2024-12-17', to: '2025-12-31' }, { years: false })).toEqual({
      ranges: [
        { grain: 'D', from: '2024-12-17', to: '2024-12-31' },
        { grain: 'M', from: '2025-01-01', to: '2025-12-01' },
      ],
    });
    expect(cutPeriod({ from: '2025-02-03', to: '2025-02-20' })).toEqual({ ranges: [{ grain: 'D', from: '2025-02-03', to: '2025-02-20' }] });
    expect(cutPeriod({ from: '2024-02-01', to: '2024-02-29' })).toEqual({ ranges: [{ grain: 'M', from: '2024-02-01', to: '2024-02-01' }] });
    expect(cutPeriod({ from: '2025-01-31', to: '2025-02-01' })).toEqual({ ranges: [{ grain: 'D', from: '2025-01-31', to: '2025-02-01' }] });
  });

  it('covers every day of the period exactly once', () => {
    const day = fc.integer({ min: isoToEpochDay('2023-01-01'), max: isoToEpochDay('2027-12-31') }).map(epochDayToIso);
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 800 }), fc.boolean(), (from, span, years) => {
        const to = addDays(from, span);
        const covered: string[] = [];
        for (const r of cutPeriod({ from, to }, { years }).ranges) {
          if (!years) expect(r.grain).not.toBe('Y');
          const last = r.grain === 'D' ? r.to : r.grain === 'M' ? monthEnd(r.to) : `${r.to.slice(0, 4)}-12-31`;
          if (r.grain === 'M') expect(r.from.endsWith('-01')).toBe(true);
          if (r.grain === 'Y') expect(r.from.endsWith('-01-01')).toBe(true);
          for (let d = r.from; d <= last; d = addDays(d, 1)) covered.push(d);
        }
        covered.sort();
        const expected: string[] = [];
        for (let d = from; d <= to; d = addDays(d, 1)) expected.push(d);
        expect(covered).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});
