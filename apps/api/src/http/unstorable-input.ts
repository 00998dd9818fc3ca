import { ValidationError } from '@tiaojie/domain';
import type { NextFunction, Request, Response } from 'express';

/**
 * No request body needs more nesting than this (the deepest, an agreement, has three levels). A
 * deeper one — a stack-exhaustion attempt — is refused with a 400 before code that walks bodies
 * recursively (the canonical JSON behind the Idempotency-Key hash) overflows the stack into a 500.
 */
export const MAX_BODY_DEPTH = 32;

/** PostgreSQL cannot store U+0000 in text or jsonb: a value holding it would fail at the INSERT, as a 500. */
const NUL = '\u0000';

/**
 * The first place in `value` nested deeper than `max`, or holding a NUL character (in a string or a
 * key), as a dotted field path; undefined when there is none. Walks with an explicit stack, so the
 * check itself cannot overflow.
 */
export function unstorableAt(value: unknown, max: number, prefix = ''): { field: string; message: string } | undefined {
  const stack: [unknown, string, number][] = [[value, prefix, 1]];
  while (stack.length) {
    const [v, path, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes(NUL)) return { field: path || '(body)', message: 'must not contain the NUL character (U+0000)' };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return { field: path || '(body)', message: `must not be nested more than ${max} levels deep` };
    for (const [k, child] of Object.entries(v)) {
      const field = path ? `${path}.${k}` : k;
      if (k.includes(NUL)) return { field: '(body)', message: 'a field name must not contain the NUL character (U+0000)' };
      stack.push([child, field, depth + 1]);
    }
  }
  return undefined;
}

/** Express middleware, after the JSON body parser: a 400 naming the field, before any handler runs. */
export function rejectUnstorableInput(req: Request, _res: Response, next: NextFunction): void {
  const problem = unstorableAt(req.body, MAX_BODY_DEPTH) ?? unstorableAt(req.query, 4);
  if (problem) return next(new ValidationError([problem]));
  next();
}
