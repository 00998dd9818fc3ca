/**
 * Medians and percentiles from integer-day histograms (`days → how many`): exact, because every
 * value is a whole number of days and the histogram keeps each one.
 *
 * - median: the middle value, or the mean of the two middle values when the count is even (as
 *   PostgreSQL's `percentile_cont(0.5)`);
 * - p-th percentile (p90): nearest rank — the smallest value with at least ⌈p·n⌉ values at or below
 *   it (as `percentile_disc(0.9)`).
 * Both are null for an empty histogram.
 */
export type DayHistogram = ReadonlyMap<number, number>;

function sortedBuckets(h: DayHistogram): [number, number][] {
  return [...h.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
}

export function histogramCount(h: DayHistogram): number {
  let n = 0;
  for (const c of h.values()) if (c > 0) n += c;
  return n;
}

/** The value at 1-based rank `rank` in the sorted multiset. */
function valueAtRank(buckets: [number, number][], rank: number): number {
  let seen = 0;
  for (const [value, n] of buckets) {
    seen += n;
    if (seen >= rank) return value;
  }
  throw new RangeError(`rank ${rank} is past the end of the histogram`);
}

export function medianOf(h: DayHistogram): number | null {
  const buckets = sortedBuckets(h);
  const n = buckets.reduce((s, [, c]) => s + c, 0);
  if (n === 0) return null;
  if (n % 2 === 1) return valueAtRank(buckets, (n + 1) / 2);
  return (valueAtRank(buckets, n / 2) + valueAtRank(buckets, n / 2 + 1)) / 2;
}

/** Nearest-rank percentile for `percent` in 1..100 (integer arithmetic: rank = ⌈percent·n / 100⌉). */
export function percentileOf(h: DayHistogram, percent: number): number | null {
  if (!Number.isInteger(percent) || percent < 1 || percent > 100) throw new RangeError('percent must be a whole number from 1 to 100');
  const buckets = sortedBuckets(h);
  const n = buckets.reduce((s, [, c]) => s + c, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil((percent * n) / 100));
  return valueAtRank(buckets, rank);
}

/** Adds `from` into `into` (bucket by bucket). */
export function mergeHistogram(into: Map<number, number>, from: DayHistogram): Map<number, number> {
  for (const [d, n] of from) into.set(d, (into.get(d) ?? 0) + n);
  return into;
}
