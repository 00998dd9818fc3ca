/**
 * Errors with stable codes. The HTTP layer maps codes to statuses; messages never carry personal data.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldError {
  field: string;
  message: string;
}

export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }
}

/** The case's state does not accept this event (or its guard refused it). */
export class TransitionNotAllowedError extends DomainError {
  readonly code = 'TRANSITION_NOT_ALLOWED';
  constructor(
    readonly eventType: string,
    readonly state: string,
    readonly allowedEvents: string[],
    readonly reason?: string,
  ) {
    super(reason ?? `${eventType} is not accepted in state ${state}`);
  }
}

/** The actor's role may never send this event. */
export class ForbiddenEventError extends DomainError {
  readonly code = 'EVENT_FORBIDDEN';
  constructor(
    readonly eventType: string,
    why = 'your role may not send it',
  ) {
    super(`${eventType}: ${why}`);
  }
}

/** Someone else changed the case since the caller read it. */
export class StaleVersionError extends DomainError {
  readonly code = 'STALE_VERSION';
  constructor(readonly expected: number, readonly actual: number | null) {
    super(`the case has changed (version ${actual ?? 'unknown'}, you sent ${expected}); reload it and try again`);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(readonly what: string) {
    super(`${what} not found`);
  }
}

/** Same Idempotency-Key reused with a different request body. */
export class IdempotencyConflictError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor() {
    super('this Idempotency-Key was already used with a different request');
  }
}

/** Same Idempotency-Key while the first request with it is still running. */
export class IdempotencyInProgressError extends DomainError {
  readonly code = 'IDEMPOTENCY_IN_PROGRESS';
  constructor() {
    super('a request with this Idempotency-Key is still being processed');
  }
}

/** The caller can see this but may not do it. */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
  constructor(what: string) {
    super(`you may not ${what}`);
  }
}
