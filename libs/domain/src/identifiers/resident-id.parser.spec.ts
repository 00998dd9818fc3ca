import { parseResidentId, UNDER_16 } from './resident-id.parser';

describe('parseResidentId', () => {
  it('accepts the examples of DOMAIN.md §5 and derives birth date, sex and area', () => {
    expect(parseResidentId('11010519491231002X')).toEqual({
      ok: true,
      value: { normalized: '11010519491231002X', areaCode: '110105', birthDate: '1949-12-31', sex: 'F' },
      warnings: [],
    });
    expect(parseResidentId('420302199001011237', '2025-09-20')).toEqual({
      ok: true,
      value: { normalized: '420302199001011237', areaCode: '420302', birthDate: '1990-01-01', sex: 'M' },
      warnings: [],
    });
  });

  it('accepts a lowercase x and normalises it to X', () => {
    const parsed = parseResidentId('11010519491231002x');
    expect(parsed.ok && parsed.value.normalized).toBe('11010519491231002X');
  });

  it.each([
    ['wrong check character', '420302199001011238', 'check character does not match'],
    ['17 characters', '42030219900101123', 'must be 18 characters'],
    ['19 characters', '4203021990010112370', 'must be 18 characters'],
    ['15-digit first-generation number', '420302900101123', 'must be 18 characters'],
    ['a February 30th birth date (check character valid)', '420302199002301236', 'birth date is not a real calendar date'],
    ['X in the body', '4203021990010X1237', 'must be 17 digits followed by a digit or X, with no spaces or other characters'],
  ])('rejects %s', (_, input, reason) => {
    expect(parseResidentId(input)).toEqual({ ok: false, reason });
  });

  it.each([
    ['a stray space', '420302 99001011237'],
    ['a trailing space', '42030219900101123 '],
    ['a hyphen', '420302-99001011237'],
    ['a full-width digit', '４20302199001011237'],
  ])('rejects %s instead of stripping it', (_, input) => {
    expect(parseResidentId(input)).toMatchObject({ ok: false });
  });

  it('rejects a birth date after the date it is checked on', () => {
    expect(parseResidentId('420302209901011239', '2025-09-20')).toEqual({ ok: false, reason: 'birth date is in the future' });
  });

  it('warns, never rejects, for a worker under 16 (Labor Law art. 15)', () => {
    // Born 2010-06-01.
    expect(parseResidentId('420302201006011236', '2025-12-31')).toMatchObject({ ok: true, warnings: [UNDER_16] });
    expect(parseResidentId('420302201006011236', '2026-06-01')).toMatchObject({ ok: true, warnings: [UNDER_16] });
    expect(parseResidentId('420302201006011236', '2026-06-02')).toMatchObject({ ok: true, warnings: [] });
    expect(parseResidentId('420302201006011236')).toMatchObject({ ok: true, warnings: [] });
  });

  it('throws on a malformed asOfDate (a programming error, not bad input)', () => {
    expect(() => parseResidentId('420302199001011237', '2025-02-30')).toThrow(RangeError);
  });

  it('never echoes the input in a reason', () => {
    const inputs = ['420302199001011238', '420302199002301236', '420302 99001011237', '420302209901011239', '4203021990'];
    for (const input of inputs) {
      const parsed = parseResidentId(input, '2025-09-20');
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.reason).not.toContain(input.trim());
        expect(parsed.reason).not.toMatch(/\d{6,}/);
      }
    }
  });
});
