import fc from 'fast-check';
import { histogramCount, medianOf, mergeHistogram, percentileOf } from './histogram';

const histogram = (values: number[]) => values.reduce((h, v) => h.set(v, (h.get(v) ?? 0) + 1), new Map<number, number>());
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

describe('medians and percentiles from day histograms', () => {
  it('is null for an empty histogram', () => {
    expect(medianOf(new Map())).toBeNull();
    expect(percentileOf(new Map(), 90)).toBeNull();
    expect(percentileOf(new Map([[3, 0]]), 90)).toBeNull();
  });

  it('takes the middle value, or the mean of the two middle values', () => {
    expect(medianOf(histogram([5]))).toBe(5);
    expect(medianOf(histogram([1, 2, 30]))).toBe(2);
    expect(medianOf(histogram([1, 2, 3, 30]))).toBe(2.5);
    expect(medianOf(new Map([[0, 2], [10, 2]]))).toBe(5);
  });

  it('p90 is the nearest rank: the smallest value with at least 90% at or below it', () => {
    expect(percentileOf(histogram([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 90)).toBe(9);
    expect(percentileOf(histogram([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), 90)).toBe(10);
    expect(percentileOf(histogram([7]), 90)).toBe(7);
    expect(percentileOf(new Map([[1, 89], [100, 11]]), 90)).toBe(100);
    expect(percentileOf(new Map([[1, 90], [100, 10]]), 90)).toBe(1);
    expect(() => percentileOf(new Map(), 0)).toThrow(RangeError);
  });

  it('equals the sorted-list definitions for any multiset of whole days', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 300 }), (values) => {
        const s = sorted(values);
        const n = s.length;
        const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        const p90 = s[Math.ceil((9 * n) / 10) - 1];
        const h = histogram(values);
        expect(histogramCount(h)).toBe(n);
        expect(medianOf(h)).toBe(median);
        expect(percentileOf(h, 90)).toBe(p90);
      }),
    );
  });

  it('merging histograms is the histogram of the union', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 })), fc.array(fc.integer({ min: 0, max: 50 })), (a, b) => {
        expect(mergeHistogram(histogram(a), histogram(b))).toEqual(histogram([...a, ...b]));
      }),
    );
  });
});
