import fc from 'fast-check';
import { maskIdNumber, maskPhone } from './masking';

describe('masking', () => {
  it('keeps the first and last four characters of an ID number', () => {
    expect(maskIdNumber('420302199001011237')).toBe('4203**********1237');
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
  });

  it('stars the whole of a short ID number', () => {
    expect(maskIdNumber('12345678')).toBe('********');
    expect(maskIdNumber('123')).toBe('***');
    expect(maskIdNumber('')).toBe('');
  });

  it('keeps the first three and last four digits of a phone number, with or without +86', () => {
    expect(maskPhone('+8613812345678')).toBe('138****5678');
    expect(maskPhone('8613812345678')).toBe('138****5678');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('1234567')).toBe('*******');
  });

  it('never reveals more than eight characters of an ID number, and keeps its length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const masked = maskIdNumber(s);
        expect([...masked].length).toBe([...s].length);
        expect([...masked].filter((c) => c !== '*').length).toBeLessThanOrEqual(8);
      }),
      { numRuns: 1_000 },
    );
  });
});
