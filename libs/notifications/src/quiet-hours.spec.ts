import fc from 'fast-check';
import { isQuietTime, nextAllowedSendTime, parseQuietHours } from './quiet-hours';

/** A Shanghai wall-clock time as an instant. */
const sh = (local: string) => new Date(`${local}+08:00`);

describe('nextAllowedSendTime (Asia/Shanghai)', () => {
  it.each([
    ['2026-03-05T20:59:00', '2026-03-05T20:59:00'],
    ['2026-03-05T20:59:59.999', '2026-03-05T20:59:59.999'],
    ['2026-03-05T21:00:00', '2026-03-06T08:00:00'],
    ['2026-03-05T23:30:00', '2026-03-06T08:00:00'],
    ['2026-03-06T00:10:00', '2026-03-06T08:00:00'],
    ['2026-03-06T07:59:00', '2026-03-06T08:00:00'],
    ['2026-03-06T07:59:59.999', '2026-03-06T08:00:00'],
    ['2026-03-06T08:00:00', '2026-03-06T08:00:00'],
    ['2026-03-06T12:00:00', '2026-03-06T12:00:00'],
    // Across a month and a year end.
    ['2026-12-31T22:00:00', '2027-01-01T08:00:00'],
  ])('%s Shanghai → %s', (now, expected) => {
    expect(nextAllowedSendTime(sh(now)).toISOString()).toBe(sh(expected).toISOString());
  });

  it('does not depend on the host time zone: 13:00Z is 21:00 in Shanghai', () => {
    expect(nextAllowedSendTime(new Date('2026-03-05T13:00:00Z')).toISOString()).toBe('2026-03-06T00:00:00.000Z');
    expect(nextAllowedSendTime(new Date('2026-03-05T12:59:00Z')).toISOString()).toBe('2026-03-05T12:59:00.000Z');
  });

  it('supports a configured window that does not wrap midnight', () => {
    expect(nextAllowedSendTime(sh('2026-03-05T12:30:00'), '12:00-14:00').toISOString()).toBe(sh('2026-03-05T14:00:00').toISOString());
    expect(nextAllowedSendTime(sh('2026-03-05T14:00:00'), '12:00-14:00').toISOString()).toBe(sh('2026-03-05T14:00:00').toISOString());
    expect(nextAllowedSendTime(sh('2026-03-05T23:00:00'), '12:00-14:00').toISOString()).toBe(sh('2026-03-05T23:00:00').toISOString());
  });

  it('treats an empty window (equal ends) as no quiet hours', () => {
    expect(nextAllowedSendTime(sh('2026-03-05T23:00:00'), '08:00-08:00').toISOString()).toBe(sh('2026-03-05T23:00:00').toISOString());
  });

  it('rejects a malformed window', () => {
    expect(() => parseQuietHours('9pm-8am')).toThrow(RangeError);
    expect(() => nextAllowedSendTime(new Date(), '24:00-08:00')).toThrow(RangeError);
  });

  const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });
  const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

  it('property (default window): result ≥ now, never inside the window, at most 11 h later', () => {
    fc.assert(
      fc.property(instant, (now) => {
        const next = nextAllowedSendTime(now);
        expect(next.getTime()).toBeGreaterThanOrEqual(now.getTime());
        expect(isQuietTime(next)).toBe(false);
        expect(next.getTime() - now.getTime()).toBeLessThanOrEqual(11 * 3600_000);
        if (!isQuietTime(now)) expect(next.getTime()).toBe(now.getTime());
      }),
      { numRuns: 2000 },
    );
  });

  it('property (any window): result ≥ now, outside the window, no later than the window length', () => {
    fc.assert(
      fc.property(instant, hhmm, hhmm, (now, start, end) => {
        const window = `${start}-${end}`;
        const { startMinute, endMinute } = parseQuietHours(window);
        const lengthMs = (((endMinute - startMinute) % 1440) + 1440) % 1440 * 60_000;
        const next = nextAllowedSendTime(now, window);
        expect(next.getTime()).toBeGreaterThanOrEqual(now.getTime());
        expect(isQuietTime(next, window)).toBe(false);
        expect(next.getTime() - now.getTime()).toBeLessThanOrEqual(lengthMs);
      }),
      { numRuns: 2000 },
    );
  });
});
