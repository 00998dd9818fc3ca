import { formatChineseDate, formatChineseDateTime } from './chinese-date';

describe('formatChineseDate', () => {
  it.each([
    ['2025-10-09', '2025年10月9日'],
    ['2024-02-29', '2024年2月29日'],
    ['2025-01-01', '2025年1月1日'],
    // Instants are read in Asia/Shanghai: 16:00Z is already the next day there.
    ['2025-10-08T16:00:00Z', '2025年10月9日'],
    ['2025-10-08T15:59:59.999Z', '2025年10月8日'],
    ['2025-10-09T00:30:00+08:00', '2025年10月9日'],
    ['2025-12-31T23:00:00-05:00', '2026年1月1日'],
  ])('%s → %s', (input, expected) => {
    expect(formatChineseDate(input)).toBe(expected);
  });

  it.each(['2025-02-29', '2025-13-01', '2025-1-9', '2025/10/09', '2025-10-09T10:00:00', 'tomorrow', ''])(
    'refuses %p with a RangeError naming the field',
    (input) => {
      expect(() => formatChineseDate(input, 'signedAt')).toThrow(/signedAt/);
      expect(() => formatChineseDate(input, 'signedAt')).toThrow(RangeError);
    },
  );
});

describe('formatChineseDateTime', () => {
  it('shows the Asia/Shanghai wall-clock time of an instant', () => {
    expect(formatChineseDateTime('2025-10-21T02:05:00Z')).toBe('2025年10月21日 10:05');
    expect(formatChineseDateTime('2025-10-21T23:30:00+08:00')).toBe('2025年10月21日 23:30');
  });

  it('shows a civil date without a time', () => {
    expect(formatChineseDateTime('2025-10-21')).toBe('2025年10月21日');
  });
});
