import type { MessageKey } from '../i18n/messages';
import { parseCreditCode, parseMobile, parseResidentId, UNDER_16 } from './domain';
import { parseYuanToFen } from './money';

/**
 * Live checks for the intake and event forms. The decisions come from libs/domain — the same
 * parsers the API runs — so the console never accepts what the server refuses, nor the reverse;
 * this module only turns their (English, stable) reasons into message keys for either language.
 */
export type Check =
  | { level: 'ok'; key?: MessageKey; vars?: Record<string, string> }
  | { level: 'warning'; key: MessageKey; vars?: Record<string, string> }
  | { level: 'error'; key: MessageKey; vars?: Record<string, string> };

const OK: Check = { level: 'ok' };

/** Domain reasons (libs/domain/src/identifiers) → message keys. */
const REASONS: Array<[RegExp, MessageKey]> = [
  [/^must be 18 characters$/, 'validation.id.length'],
  [/^must be 17 digits followed by a digit or X/, 'validation.id.shape'],
  [/^birth date is not a real calendar date$/, 'validation.id.birthDate'],
  [/^birth year is before/, 'validation.id.birthYear'],
  [/^birth date is in the future$/, 'validation.id.future'],
];

function idReason(reason: string): MessageKey {
  if (reason === 'check character does not match') return 'validation.id.check';
  return REASONS.find(([re]) => re.test(reason))?.[1] ?? 'validation.invalid';
}

/**
 * A worker's ID number. Resident IDs are checked by GB 11643 (shape, check character, real birth
 * date not in the future); under 16 is a warning, never a refusal. Other documents: 1–40 characters.
 * @param today 'YYYY-MM-DD' in Asia/Shanghai
 */
export function checkIdNumber(value: string | undefined, idType: string | undefined, today: string): Check {
  const v = value ?? '';
  if (v === '') return { level: 'error', key: 'validation.required' };
  if ((idType ?? 'RESIDENT_ID') !== 'RESIDENT_ID') return v.length <= 40 ? OK : { level: 'error', key: 'validation.id.other' };
  const parsed = parseResidentId(v, today);
  if (!parsed.ok) return { level: 'error', key: idReason(parsed.reason) };
  if (parsed.warnings.includes(UNDER_16)) return { level: 'warning', key: 'validation.id.under16' };
  return { level: 'ok', key: 'validation.id.ok', vars: { birthDate: parsed.value.birthDate, sex: parsed.value.sex } };
}

/** An employer's unified social credit code (GB 32100). */
export function checkCreditCode(value: string | undefined): Check {
  const v = value ?? '';
  if (v === '') return { level: 'error', key: 'validation.required' };
  const parsed = parseCreditCode(v);
  if (parsed.ok) return OK;
  if (parsed.reason === 'must be 18 characters') return { level: 'error', key: 'validation.credit.length' };
  if (parsed.reason === 'check character does not match') return { level: 'error', key: 'validation.credit.check' };
  return { level: 'error', key: 'validation.credit.alphabet' };
}

/** A mainland mobile number, bare or after +86 / 86. */
export function checkPhone(value: string | undefined): Check {
  const v = value ?? '';
  if (v === '') return { level: 'error', key: 'validation.required' };
  const parsed = parseMobile(v);
  if (parsed.ok) return OK;
  return { level: 'error', key: /^may contain only digits/.test(parsed.reason) ? 'validation.phone.chars' : 'validation.phone.shape' };
}

/** An amount typed in yuan (at most two decimals); `positive` refuses 0. */
export function checkYuan(value: string | undefined, { positive = true } = {}): Check {
  const v = (value ?? '').trim();
  if (v === '') return { level: 'error', key: 'validation.required' };
  const fen = parseYuanToFen(v);
  if (fen === null) return { level: 'error', key: 'validation.money' };
  if (positive && fen <= 0) return { level: 'error', key: 'validation.money.positive' };
  return OK;
}

/** A 6-digit GB/T 2260 region code (optional fields pass when empty). */
export function checkRegionCode(value: string | undefined): Check {
  if (!value) return OK;
  return /^\d{6}(\d{3}(\d{3})?)?$/.test(value) ? OK : { level: 'error', key: 'validation.region' };
}

/**
 * A server field path ('workers.0.idNumber') as an antd form name path (['workers', 0, 'idNumber']),
 * so a 400's `errors: [{ field, message }]` lands on the field it names.
 */
export function fieldPath(field: string): (string | number)[] {
  return field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}
