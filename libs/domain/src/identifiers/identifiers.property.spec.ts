import fc from 'fast-check';
import { PropertyTally } from '../../../../test/chaos/support/property-runs';
import { epochDayToIso, isoToEpochDay } from '../calendar/civil-date';
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar, parseCreditCode } from './credit-code.parser';
import { parseMobile } from './mobile.parser';
import { parseResidentId, residentIdCheckChar, UNDER_16 } from './resident-id.parser';

/**
 * Bad input against the identifier validators (issue 9, scenario 7): whatever arrives — any Unicode,
 * lone surrogates, control characters, non-strings — they answer accepted or rejected, never throw,
 * never repeat the input in a reason (reasons reach logs; identifiers are personal data), and what
 * they accept is exactly what the standards define.
 */
const tally = new PropertyTally('7a-1', 'properties: identifiers (GB 11643, GB 32100, mobile)');
afterAll(() => tally.write());

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
/** Any string: full Unicode, lone surrogates, controls, or near-misses built from the right characters. */
const anyInput = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...'0123456789Xx+86 -\u3000０Ｘ\u0000'), maxLength: 22 }),
);
const notAString = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.object(), fc.array(fc.integer()));

const AS_OF = '2025-11-12';
const validResidentId = fc
  .tuple(digits(6), fc.integer({ min: isoToEpochDay('1900-01-01'), max: isoToEpochDay(AS_OF) }), digits(3))
  .map(([area, day, seq]) => {
    const body = area + epochDayToIso(day).replace(/-/g, '') + seq;
    return body + residentIdCheckChar(body);
  });
const validCreditCode = fc.string({ unit: fc.constantFrom(...CREDIT_CODE_ALPHABET), minLength: 17, maxLength: 17 }).map((b) => b + creditCodeCheckChar(b));
const validMobile = fc.tuple(fc.constantFrom(...'3456789'), digits(9)).map(([second, rest]) => `1${second}${rest}`);

/** Reasons are fixed texts: none repeats what was typed (looked for whenever the input is long enough to be meaningful). */
const quiet = (input: unknown, reason: string) => typeof input !== 'string' || input.trim().length < 4 || !reason.includes(input);

describe('resident ID (GB 11643) under bad input', () => {
  it('never throws, and a rejection never repeats the input', () => {
    tally.assert(
      fc.property(fc.oneof(anyInput, validResidentId.map((id) => id.slice(0, 17) + 'X')), (input) => {
        const r = parseResidentId(input, AS_OF);
        return r.ok || quiet(input, r.reason);
      }),
    );
    tally.assert(fc.property(notAString, (input) => parseResidentId(input as never).ok === false));
  });

  it('accepts only 17 digits + the MOD 11-2 check character + a real, past birth date, and derives the rest', () => {
    const nearMiss = validResidentId.chain((id) => fc.tuple(fc.constant(id), fc.integer({ min: 0, max: 17 }), digits(1))).map(([id, i, d]) => id.slice(0, i) + d + id.slice(i + 1));
    tally.assert(
      fc.property(fc.oneof(anyInput, validResidentId, validResidentId.map((id) => id.toLowerCase()), nearMiss), (input) => {
        const r = parseResidentId(input, AS_OF);
        if (!r.ok) return true;
        const id = r.value.normalized;
        const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
        return (
          /^\d{17}[\dX]$/.test(id) &&
          id === input.toUpperCase() &&
          residentIdCheckChar(id.slice(0, 17)) === id[17] &&
          epochDayToIso(isoToEpochDay(birth)) === birth &&
          birth <= AS_OF &&
          r.value.birthDate === birth &&
          r.value.areaCode === id.slice(0, 6) &&
          r.value.sex === (Number(id[16]) % 2 === 1 ? 'M' : 'F')
        );
      }),
    );
  });

  it('parses every valid number, idempotently, and warns exactly for a worker under 16', () => {
    tally.assert(
      fc.property(validResidentId, (id) => {
        const r = parseResidentId(id, AS_OF);
        if (!r.ok) return false;
        const again = parseResidentId(r.value.normalized, AS_OF);
        const birth = r.value.birthDate;
        const sixteenth = `${String(Number(birth.slice(0, 4)) + 16).padStart(4, '0')}${birth.slice(4)}`;
        // The 16th birthday itself still warns: N full years start the day after it (the parser's rule, 法释〔2006〕1号 art. 2).
        const under16 = sixteenth >= AS_OF;
        return again.ok && again.value.normalized === id && r.warnings.includes(UNDER_16) === under16;
      }),
    );
  });

  it('rejects any adjacent transposition of two different digits of the body', () => {
    tally.assert(
      fc.property(validResidentId, fc.integer({ min: 0, max: 15 }), (id, i) => {
        fc.pre(id[i] !== id[i + 1]);
        const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
        return !parseResidentId(swapped, AS_OF).ok;
      }),
    );
  });
});

describe('unified social credit code (GB 32100) under bad input', () => {
  it('never throws, and a rejection never repeats the input', () => {
    tally.assert(
      fc.property(anyInput, (input) => {
        const r = parseCreditCode(input);
        return r.ok || quiet(input, r.reason);
      }),
    );
    tally.assert(fc.property(notAString, (input) => parseCreditCode(input as never).ok === false));
  });

  it('accepts exactly 18 characters of the alphabet with the MOD 31 check character (lowercase folded)', () => {
    tally.assert(
      fc.property(fc.oneof(anyInput, validCreditCode, validCreditCode.map((c) => c.toLowerCase())), (input) => {
        const r = parseCreditCode(input);
        const upper = input.replace(/[a-z]/g, (c) => c.toUpperCase());
        const valid = upper.length === 18 && [...upper].every((c) => CREDIT_CODE_ALPHABET.includes(c)) && creditCodeCheckChar(upper) === upper[17];
        return r.ok === valid && (!r.ok || r.value.normalized === upper);
      }),
    );
  });

  it('rejects any adjacent transposition of two different characters of the body', () => {
    tally.assert(
      fc.property(validCreditCode, fc.integer({ min: 0, max: 15 }), (code, i) => {
        fc.pre(code[i] !== code[i + 1]);
        return !parseCreditCode(code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2)).ok;
      }),
    );
  });
});

describe('mainland mobile number under bad input', () => {
  it('never throws; accepts exactly 1[3-9] + 9 digits after an optional +86 / 86, stored as E.164; never repeats the input', () => {
    tally.assert(
      fc.property(fc.oneof(anyInput, validMobile, validMobile.map((m) => `+86${m}`), validMobile.map((m) => ` ${m}`)), (input) => {
        const r = parseMobile(input);
        const valid = /^(?:\+86|86)?1[3-9][0-9]{9}$/.test(input);
        if (r.ok !== valid) return false;
        if (!r.ok) return quiet(input, r.reason);
        return r.value.e164 === `+86${r.value.national}` && input.endsWith(r.value.national) && /^1[3-9]\d{9}$/.test(r.value.national);
      }),
    );
    tally.assert(fc.property(notAString, (input) => parseMobile(input as never).ok === false));
  });
});
