import type { FieldError } from '@tiaojie/domain';

/** Errors raised by the HTTP layer itself (headers, params) with a stable code and status. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
  }
}

export const preconditionRequired = () =>
  new HttpProblem(428, 'IF_MATCH_REQUIRED', 'send If-Match with the case version you read (ETag of GET /api/cases/{id})');
