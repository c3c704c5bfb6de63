import { incidentKey } from '../../domain/channel-name';
import type { DuplicateMatch } from '../../domain/duplicates';
import type { Severity } from '../../domain/severity';
import { severityLabel } from '../../domain/severity';
import { statusLabel } from '../../domain/status';
import { toMrkdwn } from '../../domain/text';
import { ACTION, DUPLICATE_WARNING_BLOCK } from '../ids';
import { actions, button, LIMITS, plain, privateMetadata, section, truncate } from './limits';

/** At most this many matches are listed; the rest are counted. */
const SHOWN = 5;

/** One line per match; a private incident the declarer is not part of shows its number and severity only. */
function matchLines(matches: readonly DuplicateMatch[]): string {
  const lines = matches.slice(0, SHOWN).map((m) => {
    if (m.private && !m.visible) return `• *${incidentKey(m.id)}*: a private ${severityLabel(m.severity)} incident`;
    const where = m.channelId ? ` — <#${m.channelId}>` : '';
    return `• *${incidentKey(m.id)}* (${severityLabel(m.severity)} · ${statusLabel(m.status)}${m.private ? ' · private' : ''}): ${toMrkdwn(m.title)}${where}`;
  });
  if (matches.length > SHOWN) lines.push(`• …and ${matches.length - SHOWN} more`);
  return lines.join('\n');
}

function warningText(matches: readonly DuplicateMatch[]): string {
  const one = matches.length === 1;
  return `:eyes: ${one ? 'An open incident has' : 'Open incidents have'} a title like this one. Join ${one ? 'it' : 'one of them'} instead, or declare a new incident anyway.\n${matchLines(matches)}`;
}

/** What Declare anyway carries: the fast path's severity and title (a title fits a button value). */
export interface DeclareAnywayValue {
  severity: Severity;
  title: string;
}

/** The fast path's answer when the title matches: nothing is declared until Declare anyway is clicked. */
export function buildDuplicateReply(matches: readonly DuplicateMatch[], declaration: DeclareAnywayValue) {
  const value: DeclareAnywayValue = { severity: declaration.severity, title: declaration.title };
  const text = `Nothing declared yet: ${matches.length === 1 ? 'an open incident has' : 'open incidents have'} a title like this one.`;
  return {
    response_type: 'ephemeral' as const,
    text,
    blocks: [section(warningText(matches)), actions([button('Declare anyway', ACTION.declareAnyway, JSON.stringify(value), 'danger')])],
  };
}

interface ModalView {
  private_metadata?: string;
  blocks: Record<string, unknown>[];
  submit?: unknown;
  [key: string]: unknown;
}

/**
 * The declaration form again (Slack keeps what was typed in inputs whose ids are unchanged), with
 * the matches above it and a submit button that declares anyway. The matches seen are remembered
 * in the form, so the next submit declares unless the title now matches another incident.
 */
export function withDuplicateWarning<V extends ModalView>(view: V, matches: readonly DuplicateMatch[], seen: readonly number[]): V {
  const metadata = JSON.parse(view.private_metadata || '{}') as Record<string, unknown>;
  return {
    ...view,
    private_metadata: privateMetadata({ ...metadata, duplicatesSeen: [...new Set([...seen, ...matches.map((m) => m.id)])] }),
    submit: plain('Declare anyway', LIMITS.modalButton),
    blocks: [section(truncate(warningText(matches), LIMITS.sectionText), { block_id: DUPLICATE_WARNING_BLOCK }), ...view.blocks],
  };
}
