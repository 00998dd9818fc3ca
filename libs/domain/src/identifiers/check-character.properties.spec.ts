import fc from 'fast-check';
import { epochDayToIso, isoToEpochDay } from '../calendar/civil-date';
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar, parseCreditCode } from './credit-code.parser';
import { parseResidentId, residentIdCheckChar } from './resident-id.parser';

/**
 * Both check characters (GB 11643: ISO 7064 MOD 11-2; GB 32100: MOD 31) have weights that are
 * non-zero modulo their base, so every valid body + computed check parses and every
 * single-character substitution is caught.
 */

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });

const validResidentId = fc
  .tuple(digits(6), fc.integer({ min: isoToEpochDay('1900-01-01'), max: isoToEpochDay('2025-09-20') }), digits(3))
  .map(([area, epochDay, sequence]) => {
    const body = area + epochDayToIso(epochDay).replace(/-/g, '') + sequence;
    return body + residentIdCheckChar(body);
  });

const validCreditCode = fc
  .string({ unit: fc.constantFrom(...CREDIT_CODE_ALPHABET), minLength: 17, maxLength: 17 })
  .map((body) => body + creditCodeCheckChar(body));

/** What a typo or a paste brings in: other valid characters, lowercase, I/O/Z/S/V, spaces, full-width forms. */
const TYPO_POOL = [...`${CREDIT_CODE_ALPHABET}IOZSVabcxyz -_.０１９Ｘ\u3000é`];

/** One character replaced by a different one (ignoring case, which the parsers normalise). */
function withOneCharacterChanged(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return valid.chain((original) =>
    fc
      .tuple(fc.integer({ min: 0, max: original.length - 1 }), fc.constantFrom(...TYPO_POOL))
      .filter(([i, c]) => c.toUpperCase() !== original[i].toUpperCase())
      .map(([i, c]) => original.slice(0, i) + c + original.slice(i + 1)),
  );
}

const runs = { numRuns: 10_000 };

describe('check characters', () => {
  describe('resident ID (GB 11643)', () => {
    it('parses every number built from a random body and its computed check character', () => {
      fc.assert(
        fc.property(validResidentId, (id) => {
          const parsed = parseResidentId(id, '2025-09-20');
          return parsed.ok && parsed.value.normalized === id;
        }),
        runs,
      );
    });

    it('rejects every valid number with any single character changed', () => {
      fc.assert(fc.property(withOneCharacterChanged(validResidentId), (changed) => !parseResidentId(changed).ok), runs);
    });
  });

  describe('unified social credit code (GB 32100)', () => {
    it('parses every code built from a random body and its computed check character', () => {
      fc.assert(
        fc.property(validCreditCode, (code) => {
          const parsed = parseCreditCode(code);
          return parsed.ok && parsed.value.normalized === code;
        }),
        runs,
      );
    });

    it('rejects every valid code with any single character changed', () => {
      fc.assert(fc.property(withOneCharacterChanged(validCreditCode), (changed) => !parseCreditCode(changed).ok), runs);
    });
  });
});
