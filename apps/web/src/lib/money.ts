/**
 * Money is integer fen everywhere (API.md): never a float. Amounts typed in yuan are parsed as
 * text into fen, sums are integer sums, and display splits fen into yuan and fen by integer
 * arithmetic, so ¥12,500.10 never becomes ¥12,500.099999.
 */

/** Digits grouped by three with commas: '12500' → '12,500'. */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 1250000 → '¥12,500.00'; -50 → '-¥0.50'. Null/undefined → '—'. */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return '—';
  if (!Number.isSafeInteger(fen)) throw new RangeError('money must be whole fen');
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs - yuan * 100;
  return `${sign}¥${groupThousands(String(yuan))}.${String(cents).padStart(2, '0')}`;
}

/** 1250050 → '12500.50' (for inputs: no currency sign, no grouping). */
export function fenToYuanText(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  return formatFen(fen).replace('¥', '').replace(/,/g, '');
}

/**
 * '12,500.5' → 1250050. Accepts an optional '¥', thousands commas and at most two decimals; a
 * full-width digit, a third decimal, a sign or anything else → null (never silently rounded).
 */
export function parseYuanToFen(input: string): number | null {
  const text = input.trim().replace(/^¥/, '').trim();
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/.test(text)) return null;
  const [whole, frac = ''] = text.replace(/,/g, '').split('.');
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** The sum of whole-fen amounts (missing entries count as 0). */
export function sumFen(amounts: ReadonlyArray<number | null | undefined>): number {
  let total = 0;
  for (const a of amounts) {
    if (a === null || a === undefined) continue;
    if (!Number.isSafeInteger(a)) throw new RangeError('money must be whole fen');
    total += a;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError('sum out of range');
  return total;
}

/** Splits `totalFen` into `n` instalments of whole fen; the remainder goes to the last one. */
export function splitFen(totalFen: number, n: number): number[] {
  if (n < 1) return [];
  const base = Math.floor(totalFen / n);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? totalFen - base * (n - 1) : base));
}
