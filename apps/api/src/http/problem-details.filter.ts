import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import {
  ConflictOfInterestError,
  DomainError,
  ForbiddenError,
  ForbiddenEventError,
  IdempotencyConflictError,
  IdempotencyInProgressError,
  NotFoundError,
  StaleVersionError,
  TransitionNotAllowedError,
  ValidationError,
} from '@tiaojie/domain';
import { InvalidCredentialsError, InvalidTokenError } from '@tiaojie/identity';
import type { Request, Response } from 'express';
import { HttpProblem } from './http-errors';
import { PROBLEM_CONTENT_TYPE, problemType, type Problem } from './problem';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Every error leaves as application/problem+json. Messages come from our own error classes, which
 * never carry personal data; anything unexpected becomes a bare 500 and is logged by name only —
 * no stack traces, SQL or request data in responses or logs.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly log = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const p = this.toProblem(exception);
    p.instance = req.originalUrl?.split('?')[0];
    if (req.id) p.requestId = String(req.id);
    if (p.status >= 500) {
      const e = exception as { name?: string; code?: string };
      this.log.error(`unhandled ${e?.name ?? typeof exception}${e?.code ? ` (${e.code})` : ''} on ${req.method} ${p.instance}`);
    }
    if (res.headersSent) return;
    if (p.status === 503) res.setHeader('Retry-After', '2');
    res.status(p.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(p));
  }

  private toProblem(e: unknown): Problem {
    const make = (status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem => ({
      type: problemType(code),
      title: TITLES[status] ?? 'Error',
      status,
      detail,
      code,
      ...extra,
    });
    if (e instanceof ValidationError) return make(400, e.code, 'the request has invalid fields', { errors: e.errors });
    if (e instanceof TransitionNotAllowedError) {
      const detail = e.reason
        ? `${e.eventType} refused: ${e.reason}`
        : `${e.eventType} is not accepted in state ${e.state}; allowed now: ${e.allowedEvents.join(', ') || 'none'}`;
      return make(422, e.code, detail, { allowedEvents: e.allowedEvents });
    }
    if (e instanceof ForbiddenEventError || e instanceof ForbiddenError) return make(403, e.code, e.message);
    if (e instanceof StaleVersionError) return make(409, e.code, e.message);
    if (e instanceof NotFoundError) return make(404, e.code, e.message);
    if (e instanceof IdempotencyConflictError) return make(422, e.code, e.message);
    if (e instanceof IdempotencyInProgressError) return make(409, e.code, e.message);
    if (e instanceof ConflictOfInterestError) return make(422, e.code, e.message, { errors: [{ field: e.field, message: e.message }] });
    if (e instanceof DomainError) return make(422, e.code, e.message);
    if (e instanceof InvalidCredentialsError || e instanceof InvalidTokenError) return make(401, e.code, e.message);
    if (e instanceof HttpProblem) return make(e.status, e.code, e.message, e.errors ? { errors: e.errors } : {});
    if (e instanceof ThrottlerException) return make(429, 'TOO_MANY_REQUESTS', 'too many attempts; wait a minute and try again');
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const code = (TITLES[status] ?? 'HTTP_ERROR').toUpperCase().replace(/[^A-Z]+/g, '_');
      const detail = status === 404 ? 'no such route' : status === 400 ? 'the request body is not valid JSON' : e.message;
      return make(status, code, detail);
    }
    const bodyErr = e as { type?: string; status?: number; statusCode?: number; expose?: boolean };
    if (bodyErr?.type === 'entity.too.large') return make(413, 'PAYLOAD_TOO_LARGE', 'the request body is too large');
    if (bodyErr?.type === 'entity.parse.failed') return make(400, 'MALFORMED_JSON', 'the request body is not valid JSON');
    // The body parser's other refusals (http-errors, 4xx, meant to be shown): a Content-Encoding or
    // charset it does not read (415), a body that does not inflate or ends early (400). Fixed texts:
    // their messages repeat what the client sent.
    const clientStatus = bodyErr?.status ?? bodyErr?.statusCode;
    if (bodyErr?.expose === true && typeof clientStatus === 'number' && clientStatus >= 400 && clientStatus < 500) {
      if (clientStatus === 415) return make(415, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as JSON in UTF-8, without a Content-Encoding the server does not read');
      return make(clientStatus, 'MALFORMED_BODY', 'the request body could not be read');
    }
    if (isDatabaseUnavailable(e)) {
      // Whether a commit under way when the connection dropped went through is unknown: the same
      // Idempotency-Key answers that from PostgreSQL once it is back.
      return make(503, 'DATABASE_UNAVAILABLE', 'the database is unavailable for a moment; repeat the request with the same Idempotency-Key');
    }
    return make(500, 'INTERNAL', 'something went wrong on our side; the request had no effect unless it said so');
  }
}

/** PostgreSQL unreachable or restarting: connection refused or cut, shut down, still starting up (SQLSTATE classes 08 and 57P0x). */
function isDatabaseUnavailable(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown; driverError?: { code?: unknown } } | null;
  const code = err?.driverError?.code ?? err?.code;
  if (typeof code === 'string' && (/^(08|57P0[1-3])/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(code))) return true;
  return typeof err?.message === 'string' && /Connection terminated|is not queryable|timeout exceeded when trying to connect/i.test(err.message);
}
