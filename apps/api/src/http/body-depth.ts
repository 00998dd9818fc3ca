import { ValidationError } from '@tiaojie/domain';
import type { NextFunction, Request, Response } from 'express';

/**
 * No request body needs more nesting than this (the deepest, an agreement, has three levels). A
 * deeper one — a stack-exhaustion attempt — is refused with a 400 before code that walks bodies
 * recursively (the canonical JSON behind the Idempotency-Key hash) overflows the stack into a 500.
 */
export const MAX_BODY_DEPTH = 32;

/** Walks with an explicit stack, so the check itself cannot overflow. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (depth > max) return true;
    for (const child of Object.values(v as object)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** Express middleware, after the JSON body parser. */
export function rejectDeepBodies(req: Request, _res: Response, next: NextFunction): void {
  const body: unknown = req.body;
  if (body !== null && typeof body === 'object' && nestedDeeperThan(body, MAX_BODY_DEPTH)) {
    return next(new ValidationError([{ field: '(body)', message: `must not be nested more than ${MAX_BODY_DEPTH} levels deep` }]));
  }
  next();
}
