/**
 * The result of parsing untrusted input. A rejection carries a short English reason that never
 * repeats the input: identifiers and phone numbers are personal data and reasons reach logs.
 */
export type Parsed<T> = { ok: true; value: T; warnings: string[] } | { ok: false; reason: string };

export function accepted<T>(value: T, warnings: string[] = []): Parsed<T> {
  return { ok: true, value, warnings };
}

export function rejected<T>(reason: string): Parsed<T> {
  return { ok: false, reason };
}
