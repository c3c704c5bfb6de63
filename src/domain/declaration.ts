import { ValidationError } from './errors';
import { BOT_ROLE_REFUSAL } from './raci';
import { isHarmCategory, isHarmLevel, type HarmCategory, type HarmLevel } from './harm';
import { isSeverity, type Severity } from './severity';

/** Limits chosen so a title fits a Block Kit header (150) and a summary a section (3000). */
export const TITLE_MAX = 150;
export const SUMMARY_MAX = 2900;
export const SYSTEM_MAX = 150;
export const VERSION_MAX = 75;

export interface DeclarationInput {
  title: string;
  severity: string | null;
  category?: string | null;
  harmLevel?: string | null;
  affectedSystem?: string | null;
  affectedVersion?: string | null;
  summary?: string | null;
  commanderId?: string | null;
  impactStartedAt?: Date | null;
  isPrivate?: boolean;
  declaredBy: string;
}

export interface Declaration {
  title: string;
  severity: Severity;
  category: HarmCategory;
  harmLevel: HarmLevel;
  affectedSystem: string;
  affectedVersion: string;
  summary: string;
  commanderId: string;
  impactStartedAt: Date | null;
  isPrivate: boolean;
  declaredBy: string;
}

const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+$/g, '').trim();

/**
 * Checks a declaration and fills the defaults: category `other`, harm level `event`,
 * commander = declarer. Errors name the form field they belong to.
 */
export function validateDeclaration(input: DeclarationInput, now: Date, options: { unassignable?: readonly string[] } = {}): Declaration {
  const title = clean(input.title).replace(/\s*\n\s*/g, ' ');
  if (!title) throw new ValidationError('Give the incident a short title.', 'title');
  if (title.length > TITLE_MAX) {
    throw new ValidationError(`Keep the title under ${TITLE_MAX} characters (it is ${title.length}).`, 'title');
  }
  if (!input.severity || !isSeverity(input.severity)) {
    throw new ValidationError('Pick a severity. When unsure, pick the higher one.', 'severity');
  }
  const category = input.category ?? 'other';
  if (!isHarmCategory(category)) throw new ValidationError('Pick a harm category.', 'category');
  const harmLevel = input.harmLevel ?? 'event';
  if (!isHarmLevel(harmLevel)) throw new ValidationError('Pick a harm level.', 'harm_level');
  const summary = clean(input.summary);
  if (summary.length > SUMMARY_MAX) {
    throw new ValidationError(`Keep the summary under ${SUMMARY_MAX} characters (it is ${summary.length}).`, 'summary');
  }
  const affectedSystem = clean(input.affectedSystem);
  if (affectedSystem.length > SYSTEM_MAX) {
    throw new ValidationError(`Keep the system name under ${SYSTEM_MAX} characters.`, 'affected_system');
  }
  const affectedVersion = clean(input.affectedVersion);
  if (affectedVersion.length > VERSION_MAX) {
    throw new ValidationError(`Keep the version under ${VERSION_MAX} characters.`, 'affected_version');
  }
  const impactStartedAt = input.impactStartedAt ?? null;
  if (impactStartedAt && impactStartedAt.getTime() > now.getTime()) {
    throw new ValidationError('Impact cannot start in the future.', 'impact_started');
  }
  const commanderId = input.commanderId || input.declaredBy;
  if (options.unassignable?.includes(commanderId)) {
    throw new ValidationError(`${BOT_ROLE_REFUSAL}; pick a person as Incident Commander.`, 'commander');
  }
  return {
    title,
    severity: input.severity,
    category,
    harmLevel,
    affectedSystem,
    affectedVersion,
    summary,
    commanderId,
    impactStartedAt,
    isPrivate: input.isPrivate ?? false,
    declaredBy: input.declaredBy,
  };
}
