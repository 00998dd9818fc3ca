import { parseCreditCode } from './credit-code.parser';

describe('parseCreditCode', () => {
  it.each(['91350100M000100Y43', '91370200163562681G', '91110000802100433B'])('accepts %s (DOMAIN.md §5)', (code) => {
    expect(parseCreditCode(code)).toEqual({ ok: true, value: { normalized: code }, warnings: [] });
  });

  it('accepts lowercase letters and upper-cases them', () => {
    expect(parseCreditCode('91350100m000100y43')).toMatchObject({ ok: true, value: { normalized: '91350100M000100Y43' } });
  });

  it.each([
    ['wrong check character', '91350100M000100Y44', 'check character does not match'],
    ['17 characters', '91350100M000100Y4', 'must be 18 characters'],
    ['a letter outside the alphabet (O)', '91350100M000100O43', expect.stringMatching(/only digits and the letters/)],
    ['a stray space', '91350100 000100Y43', expect.stringMatching(/only digits and the letters/)],
    ['a full-width digit', '９1350100M000100Y43', expect.stringMatching(/only digits and the letters/)],
  ])('rejects %s', (_, input, reason) => {
    expect(parseCreditCode(input)).toEqual({ ok: false, reason });
  });
});
