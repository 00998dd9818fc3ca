/**
 * Money is an integer number of fen (分), CNY, never floating point (DOMAIN.md §5): amounts claimed,
 * agreed, awarded and paid are summed and compared exactly, so a total shown to a court or a
 * manager never drifts by a fen.
 */
export type Fen = number;

/** A safe non-negative integer: every such number is exact in IEEE 754 and in PostgreSQL bigint. */
export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Throws a RangeError naming the field (never the value) when it is not a whole non-negative fen amount. */
export function assertFen(value: unknown, field: string): Fen {
  if (!isFen(value)) {
    throw new RangeError(`${field} must be a whole, non-negative number of fen no greater than ${Number.MAX_SAFE_INTEGER}`);
  }
  return value === 0 ? 0 : value;
}

/** Exact sum; throws rather than round once the total would leave the safe-integer range. */
export function sumFen(values: readonly Fen[]): Fen {
  let total = 0;
  values.forEach((value, i) => {
    total += assertFen(value, `values[${i}]`);
    if (!Number.isSafeInteger(total)) throw new RangeError('the sum of fen amounts exceeds the safe-integer range');
  });
  return total;
}

/** 1250000 -> '¥12,500.00'. Works on the decimal digits, so no float division, rounding or toFixed. */
export function formatYuan(fen: Fen): string {
  const digits = String(assertFen(fen, 'fen')).padStart(3, '0');
  const yuan = digits.slice(0, -2);
  const jiao = digits.slice(-2);
  return `¥${yuan.replace(/\B(?=(\d{3})+$)/g, ',')}.${jiao}`;
}

/** 1250000 -> '12500.00': yuan with two decimals, no symbol or grouping (CSV and XLSX exports). Digits only, no float. */
export function yuanDecimal(fen: Fen): string {
  const digits = String(assertFen(fen, 'fen')).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
