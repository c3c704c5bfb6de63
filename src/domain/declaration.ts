import { ValidationError } from './errors';
import { BOT_ROLE_REFUSAL } from './raci';
import { validateDetails, type Details, type DetailsInput } from './incident-details';
import { isSeverity, type Severity } from './severity';

export { SUMMARY_MAX, SYSTEM_MAX, TITLE_MAX, VERSION_MAX } from './incident-details';

export interface DeclarationInput extends DetailsInput {
  severity: string | null;
  commanderId?: string | null;
  isPrivate?: boolean;
  declaredBy: string;
}

export interface Declaration extends Details {
  severity: Severity;
  commanderId: string;
  isPrivate: boolean;
  declaredBy: string;
}

/**
 * Checks a declaration and fills the defaults: category `other`, harm level `event`,
 * commander = declarer. The details are checked by the same rule as the edit form
 * (validateDetails); errors name the form field they belong to.
 */
export function validateDeclaration(input: DeclarationInput, now: Date, options: { unassignable?: readonly string[] } = {}): Declaration {
  if (!input.severity || !isSeverity(input.severity)) {
    // The title is the first field: an empty title is named before the severity.
    if (!(input.title ?? '').trim()) throw new ValidationError('Give the incident a short title.', 'title');
    throw new ValidationError('Pick a severity. When unsure, pick the higher one.', 'severity');
  }
  const details = validateDetails(input, now, { category: 'other', harmLevel: 'event' });
  const commanderId = input.commanderId || input.declaredBy;
  if (options.unassignable?.includes(commanderId)) {
    throw new ValidationError(`${BOT_ROLE_REFUSAL}; pick a person as Incident Commander.`, 'commander');
  }
  return { ...details, severity: input.severity, commanderId, isPrivate: input.isPrivate ?? false, declaredBy: input.declaredBy };
}
