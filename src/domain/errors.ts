import type { Subcommand } from './command';

/**
 * A rule of the domain was broken by the user's input; the message is shown to the user as is.
 * `usage` names the subcommand whose syntax helps: each medium renders it its own way (Slack
 * appends the command's usage line), so the domain never spells a command.
 */
export class DomainError extends Error {
  readonly code: string;
  /** The field of the record the message belongs to (forms show it under that input). */
  readonly field?: string;
  readonly usage?: Subcommand;
  constructor(code: string, message: string, field?: string, usage?: Subcommand) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.field = field;
    this.usage = usage;
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
  constructor(message: string, field?: string, usage?: Subcommand) {
    super('invalid', message, field, usage);
    this.name = 'ValidationError';
  }
}
