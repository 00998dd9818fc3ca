import fc from 'fast-check';
import { parseMobile } from './mobile.parser';

describe('parseMobile', () => {
  it.each(['13812345678', '+8613812345678', '8613812345678'])('accepts %s and stores E.164', (input) => {
    expect(parseMobile(input)).toEqual({ ok: true, value: { e164: '+8613812345678', national: '13812345678' }, warnings: [] });
  });

  it.each([
    ['a landline-like number', '02712345678'],
    ['a second digit below 3', '12812345678'],
    ['10 digits', '1381234567'],
    ['12 digits', '138123456789'],
    ['another country code', '+8513812345678'],
    ['a + without the country code', '+13812345678'],
    ['+86 with a space', '+86 13812345678'],
    ['hyphens', '138-1234-5678'],
    ['full-width digits', '１３８１２３４５６７８'],
    ['an empty string', ''],
  ])('rejects %s', (_, input) => {
    const parsed = parseMobile(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok && input.length > 0) expect(parsed.reason).not.toContain(input);
  });

  it('accepts every mainland number, bare or prefixed, and maps it to the same E.164', () => {
    const national = fc
      .tuple(fc.constantFrom(...'3456789'), fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 9, maxLength: 9 }))
      .map(([second, rest]) => `1${second}${rest}`);
    fc.assert(
      fc.property(national, fc.constantFrom('', '86', '+86'), (n, prefix) => {
        expect(parseMobile(prefix + n)).toEqual({ ok: true, value: { e164: `+86${n}`, national: n }, warnings: [] });
      }),
      { numRuns: 2_000 },
    );
  });
});
