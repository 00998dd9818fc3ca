import type { z } from 'zod';
import type { FieldError } from '../errors/domain-error';

/** Zod issues as `{ field, message }` with dotted paths (`items.0.agreedFen`); never echoes input values. */
export function zodFieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    // One error per unknown field, each named: a body may not set what it does not own (version, state, orgId…).
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [path, key].filter(Boolean).join('.'), message: 'is not a known field' }));
    }
    return [{ field: path || '(body)', message: issue.message }];
  });
}
