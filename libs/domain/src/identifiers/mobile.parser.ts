import { accepted, type Parsed, rejected } from './parsed';

/** A mainland China mobile number, stored in E.164 (ITU-T E.164, country code 86). */
export interface MobileNumber {
  /** '+86' followed by the 11-digit national number */
  e164: string;
  /** the 11-digit national number */
  national: string;
}

/** Mainland mobile numbers: 1, then 3–9, then 9 digits; optional +86 or 86 country prefix. */
const MOBILE = /^(?:\+86|86)?(1[3-9][0-9]{9})$/;

/** Spaces, hyphens and brackets are rejected rather than stripped, so what is stored is what was typed. */
export function parseMobile(input: string): Parsed<MobileNumber> {
  if (typeof input !== 'string') return rejected('must be a string');
  const match = MOBILE.exec(input);
  if (!match) {
    return /^\+?[0-9]+$/.test(input)
      ? rejected('must be a mainland mobile number: 11 digits starting 13 to 19, optionally after +86')
      : rejected('may contain only digits, optionally after +86, with no spaces or other characters');
  }
  const national = match[1];
  return accepted({ e164: `+86${national}`, national });
}
