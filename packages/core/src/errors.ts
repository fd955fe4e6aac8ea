/**
 * Domain errors carry a dotted code. Each transport maps the code to a status in exactly one place
 * (see functions/src/api/on-error.ts); the domain only says what went wrong.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fields?: Record<string, string>,
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, fields?: Record<string, string>, code = "validation") {
    super(code, message, 400, fields);
  }
}

export class NotFoundError extends DomainError {
  constructor(what = "record") {
    super("not_found", `The ${what} does not exist.`, 404);
  }
}

export class ConflictError extends DomainError {
  constructor(message = "The record was changed by someone else. Reload it and try again.", code = "conflict", fields?: Record<string, string>) {
    super(code, message, 409, fields);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = "You are not allowed to do this.", code = "forbidden") {
    super(code, message, 403);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = "Sign in first.", code = "unauthorized") {
    super(code, message, 401);
  }
}

export class RateLimitedError extends DomainError {
  constructor(message: string, readonly retryAfterSeconds: number, code = "rate_limited") {
    super(code, message, 429);
  }
}
