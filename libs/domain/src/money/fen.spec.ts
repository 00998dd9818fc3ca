import fc from 'fast-check';
import { assertFen, formatYuan, isFen, sumFen, yuanDecimal } from './fen';

const MAX = Number.MAX_SAFE_INTEGER;

describe('fen', () => {
  describe('isFen / assertFen', () => {
    it.each([0, 1, 1_250_000, MAX])('accepts %p', (value) => {
      expect(isFen(value)).toBe(true);
      expect(assertFen(value, 'amount')).toBe(value);
    });

    it.each([-1, 0.5, 12.5, MAX + 1, Number.NaN, Number.POSITIVE_INFINITY, '100', null, undefined, 10n])(
      'rejects %p with a RangeError naming the field',
      (value) => {
        expect(isFen(value)).toBe(false);
        expect(() => assertFen(value, 'agreedAmount')).toThrow(RangeError);
        expect(() => assertFen(value, 'agreedAmount')).toThrow(/^agreedAmount /);
      },
    );

    it('returns +0 for -0, so it never prints as a negative amount', () => {
      expect(Object.is(assertFen(-0, 'amount'), 0)).toBe(true);
    });
  });

  describe('sumFen', () => {
    it('sums whole fen exactly (¥0.10 + ¥0.20 is 30 fen, not 0.30000000000000004 yuan)', () => {
      expect(sumFen([10, 20])).toBe(30);
      expect(sumFen([])).toBe(0);
    });

    it('throws once the sum leaves the safe-integer range', () => {
      expect(sumFen([MAX - 1, 1])).toBe(MAX);
      expect(() => sumFen([MAX, 1])).toThrow(RangeError);
    });

    it('throws naming the position of a bad element', () => {
      expect(() => sumFen([100, 1.5])).toThrow(/values\[1\]/);
    });

    const safeList = fc.array(fc.integer({ min: 0, max: Math.floor(MAX / 64) }), { maxLength: 20 });

    it('is commutative for safe inputs', () => {
      fc.assert(
        fc.property(
          safeList.chain((values) =>
            fc.tuple(fc.constant(values), fc.shuffledSubarray(values, { minLength: values.length, maxLength: values.length })),
          ),
          ([values, shuffled]) => sumFen(shuffled) === sumFen(values),
        ),
        { numRuns: 2_000 },
      );
    });

    it('is associative for safe inputs', () => {
      fc.assert(
        fc.property(safeList, safeList, safeList, (a, b, c) => {
          const left = sumFen([sumFen([sumFen(a), sumFen(b)]), sumFen(c)]);
          const right = sumFen([sumFen(a), sumFen([sumFen(b), sumFen(c)])]);
          return left === right && left === sumFen([...a, ...b, ...c]);
        }),
        { numRuns: 2_000 },
      );
    });
  });

  describe('formatYuan', () => {
    it.each([
      [1_250_000, '¥12,500.00'],
      [0, '¥0.00'],
      [5, '¥0.05'],
      [99, '¥0.99'],
      [100, '¥1.00'],
      [123_456, '¥1,234.56'],
      [100_000_000, '¥1,000,000.00'],
      [MAX, '¥90,071,992,547,409.91'],
    ])('formats %p fen as %s', (fen, text) => {
      expect(formatYuan(fen)).toBe(text);
    });

    it('refuses a non-fen value', () => {
      expect(() => formatYuan(12.5)).toThrow(RangeError);
      expect(() => formatYuan(-100)).toThrow(RangeError);
    });

    it('round-trips the digits and groups by thousands', () => {
      fc.assert(
        fc.property(fc.maxSafeNat(), (fen) => {
          const text = formatYuan(fen);
          expect(text).toMatch(/^¥(0|[1-9]\d{0,2}(,\d{3})*)\.\d{2}$/);
          expect(Number(text.replace(/[¥,.]/g, ''))).toBe(fen);
        }),
        { numRuns: 2_000 },
      );
    });
  });
});

describe('yuanDecimal', () => {
  it('writes yuan with two decimals from the digits of fen', () => {
    expect(yuanDecimal(0)).toBe('0.00');
    expect(yuanDecimal(5)).toBe('0.05');
    expect(yuanDecimal(1_250_000)).toBe('12500.00');
    expect(yuanDecimal(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91');
    expect(() => yuanDecimal(1.5)).toThrow(RangeError);
    expect(() => yuanDecimal(-1)).toThrow(RangeError);
  });
});
