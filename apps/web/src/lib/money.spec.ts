import { fenToYuanText, formatFen, parseYuanToFen, splitFen, sumFen } from './money';

describe('money in integer fen', () => {
  it.each([
    [1250000, '¥12,500.00'],
    [1250050, '¥12,500.50'],
    [5, '¥0.05'],
    [0, '¥0.00'],
    [-50, '-¥0.50'],
    [123456789012, '¥1,234,567,890.12'],
  ])('shows %d fen as %s', (fen, text) => expect(formatFen(fen)).toBe(text));

  it('shows nothing as a dash and refuses fractions of a fen', () => {
    expect(formatFen(null)).toBe('—');
    expect(() => formatFen(1.5)).toThrow(RangeError);
  });

  it.each([
    ['12500', 1250000],
    ['12,500.5', 1250050],
    ['¥12,500.05', 1250005],
    ['0.1', 10],
    [' 7 ', 700],
  ])('parses %s yuan as %d fen without floating point', (text, fen) => expect(parseYuanToFen(text)).toBe(fen));

  it.each(['1.005', '-1', '1e3', '12,50', '', '１２'])('refuses %s', (text) => expect(parseYuanToFen(text)).toBeNull());

  it('round-trips every amount through the input text', () => {
    for (const fen of [0, 1, 10, 99, 100, 1_000_001, 999_999_999]) expect(parseYuanToFen(fenToYuanText(fen))).toBe(fen);
  });

  it('sums whole fen exactly (0.1 + 0.2 is 0.3 here)', () => {
    expect(sumFen([10, 20])).toBe(30);
    expect(sumFen([parseYuanToFen('0.1'), parseYuanToFen('0.2'), undefined])).toBe(30);
    expect(() => sumFen([0.5])).toThrow(RangeError);
  });

  it('splits a total into instalments of whole fen that add up to it', () => {
    expect(splitFen(1000, 3)).toEqual([333, 333, 334]);
    expect(sumFen(splitFen(1250001, 7))).toBe(1250001);
  });
});
