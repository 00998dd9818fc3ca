import { type CivilDate, isRealDate, parseIsoDate, toEpochDay } from '../calendar/civil-date';
import { accepted, type Parsed, rejected } from './parsed';

/**
 * Resident identity number, GB 11643-1999: 6-digit area code (GB/T 2260), 8-digit birth date,
 * 3-digit sequence (odd for men, even for women), and an ISO 7064 MOD 11-2 check character.
 */
export interface ResidentId {
  normalized: string;
  areaCode: string;
  /** 'YYYY-MM-DD' */
  birthDate: string;
  sex: 'M' | 'F';
}

/** Warning, never a rejection: child labor must still be able to file (Labor Law art. 15). */
export const UNDER_16 = 'UNDER_16';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
/** ASCII only: `\d` without the `u` flag does not match full-width digits. */
const SHAPE = /^[0-9]{17}[0-9Xx]$/;
/** Earliest plausible birth year; an older date is a typo, not a living worker. */
const EARLIEST_BIRTH_YEAR = 1800;

/** The GB 11643 check character for the first 17 digits. */
export function residentIdCheckChar(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (body17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Whole years of age at `asOf`. Counted conservatively: the 16th birthday itself still warns,
 * following the SPC rule that an age of N full years starts the day after the Nth birthday
 * (法释〔2006〕1号 art. 2).
 */
function fullYearsAfterBirthday(birth: CivilDate, asOf: CivilDate): number {
  const anniversaryPassed = asOf.month > birth.month || (asOf.month === birth.month && asOf.day > birth.day);
  return asOf.year - birth.year - (anniversaryPassed ? 0 : 1);
}

/**
 * @param asOfDate 'YYYY-MM-DD' (Asia/Shanghai) the number is checked on; without it the future-date
 *   check and the under-16 warning are skipped, since the domain never reads the clock.
 */
export function parseResidentId(input: string, asOfDate?: string): Parsed<ResidentId> {
  let asOf: CivilDate | undefined;
  if (asOfDate !== undefined) {
    asOf = parseIsoDate(asOfDate);
    if (!asOf) throw new RangeError('asOfDate must be a real date written YYYY-MM-DD');
  }
  if (typeof input !== 'string') return rejected('must be a string');
  if (input.length !== 18) return rejected('must be 18 characters');
  if (!SHAPE.test(input)) {
    return rejected('must be 17 digits followed by a digit or X, with no spaces or other characters');
  }
  const normalized = input.toUpperCase();
  if (residentIdCheckChar(normalized) !== normalized[17]) return rejected('check character does not match');

  const birth = { year: Number(normalized.slice(6, 10)), month: Number(normalized.slice(10, 12)), day: Number(normalized.slice(12, 14)) };
  if (!isRealDate(birth.year, birth.month, birth.day)) return rejected('birth date is not a real calendar date');
  if (birth.year < EARLIEST_BIRTH_YEAR) return rejected(`birth year is before ${EARLIEST_BIRTH_YEAR}`);
  const birthDate = `${normalized.slice(6, 10)}-${normalized.slice(10, 12)}-${normalized.slice(12, 14)}`;

  const warnings: string[] = [];
  if (asOf) {
    if (toEpochDay(birth) > toEpochDay(asOf)) return rejected('birth date is in the future');
    if (fullYearsAfterBirthday(birth, asOf) < 16) warnings.push(UNDER_16);
  }
  return accepted(
    {
      normalized,
      areaCode: normalized.slice(0, 6),
      birthDate,
      sex: (normalized.charCodeAt(16) - 48) % 2 === 1 ? 'M' : 'F',
    },
    warnings,
  );
}
