import { Injectable, type PipeTransform } from '@nestjs/common';
import { ValidationError, zodFieldErrors } from '@tiaojie/domain';
import type { z } from 'zod';

/** Validates a body with a zod schema; failures are a 400 naming each field. */
@Injectable()
export class ZodBodyPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ValidationError([{ field: '(body)', message: 'must be a JSON object' }]);
    }
    const parsed = this.schema.safeParse(value);
    if (!parsed.success) throw new ValidationError(zodFieldErrors(parsed.error));
    return parsed.data;
  }
}
