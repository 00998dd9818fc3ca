import { accepted, type Parsed, rejected } from './parsed';

/**
 * Unified social credit code of an employer, GB 32100-2015: 18 characters from a 31-character
 * alphabet (no I, O, Z, S, V), the last a MOD 31 check character.
 */
export interface CreditCode {
  normalized: string;
}

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** The GB 32100 check character for the first 17 characters (assumed to be in the alphabet). */
export function creditCodeCheckChar(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_ALPHABET.indexOf(body17[i]) * WEIGHTS[i];
  const check = 31 - (sum % 31);
  return CREDIT_CODE_ALPHABET[check === 31 ? 0 : check];
}

/**
 * Lowercase letters are accepted and upper-cased (the code is case-insensitive on paper); any
 * other character outside the alphabet — spaces, hyphens, full-width forms, I/O/Z/S/V — rejects.
 */
export function parseCreditCode(input: string): Parsed<CreditCode> {
  if (typeof input !== 'string') return rejected('must be a string');
  if (input.length !== 18) return rejected('must be 18 characters');
  const normalized = input.replace(/[a-z]/g, (c) => c.toUpperCase());
  for (const c of normalized) {
    if (!CREDIT_CODE_ALPHABET.includes(c)) {
      return rejected('may contain only digits and the letters of GB 32100 (no I, O, Z, S, V, spaces or other characters)');
    }
  }
  if (creditCodeCheckChar(normalized) !== normalized[17]) return rejected('check character does not match');
  return accepted({ normalized });
}
