/** A rule of the domain was broken by the user's input; the message is shown to the user as is. */
export class DomainError extends Error {
  readonly code: string;
  /** For modal answers: the input block the message belongs to. */
  readonly field?: string;
  constructor(code: string, message: string, field?: string) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.field = field;
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super('not_found', message);
    this.name = 'NotFoundError';
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('forbidden', message);
    this.name = 'ForbiddenError';
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, field?: string) {
    super('invalid', message, field);
    this.name = 'ValidationError';
  }
}
