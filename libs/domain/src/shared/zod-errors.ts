import type { z } from 'zod';
import type { FieldError } from '../errors/domain-error';

/** Zod issues as `{ field, message }` with dotted paths (`items.0.agreedFen`); never echoes input values. */
export function zodFieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return { field: [path, ...issue.keys].filter(Boolean).join('.'), message: 'is not a known field' };
    }
    return { field: path || '(body)', message: issue.message };
  });
}
