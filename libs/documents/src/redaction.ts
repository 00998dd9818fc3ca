import { maskIdNumber, maskPhone, parseResidentId } from '@tiaojie/domain';

/** 18 characters that could be a resident ID, not inside a longer run of letters and digits. */
const ID_CANDIDATE = /(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])/g;

/**
 * Masks every valid resident identity number (GB 11643: check character and birth date) found in
 * free text, so a full ID typed into the facts or a history note never reaches a document.
 */
export function redactIdNumbers(text: string): string {
  return text.replace(ID_CANDIDATE, (candidate) => (parseResidentId(candidate).ok ? maskIdNumber(candidate) : candidate));
}

/** The worker's ID as given when it is masked; masked here when the caller passed a full number by mistake. */
export function ensureMaskedId(value: string): string {
  return value.includes('*') ? value : maskIdNumber(value);
}

/** The worker's phone as given when it is masked; masked here otherwise. */
export function ensureMaskedPhone(value: string): string {
  return value.includes('*') ? value : maskPhone(value);
}
