import { ValidationError } from '@tiaojie/domain';
import { HttpProblem, preconditionRequired } from '../http/http-errors';

/** `If-Match: "3"` (or `W/"3"`, or `3`) → 3. Missing → 428; malformed → 400. */
export function parseIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') throw preconditionRequired();
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m) throw new ValidationError([{ field: 'If-Match', message: 'must be the case version in quotes, e.g. "3"' }]);
  return Number(m[1]);
}

/** Idempotency-Key: any string of 1–200 printable characters (API.md). */
export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (header.length === 0 || header.length > 200 || !/^[\x21-\x7e]+$/.test(header)) {
    throw new ValidationError([{ field: 'Idempotency-Key', message: 'must be 1 to 200 printable ASCII characters' }]);
  }
  return header;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A case id that is not a UUID cannot exist: 404, like any other unknown case. */
export function parseCaseId(id: string): string {
  if (!UUID.test(id)) throw new HttpProblem(404, 'NOT_FOUND', 'case not found');
  return id.toLowerCase();
}
