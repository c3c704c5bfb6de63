import { incidentKey } from './channel-name';
import { HARM_CATEGORY_INFO, HARM_LEVEL_INFO } from './harm';
import { escapeLine, mdTable, escapeCell } from './markdown';
import { regulatoryView } from './postmortem/analysis';
import type { PostmortemInput } from './postmortem/types';
import { isSignificantIncident, regimeById } from './regimes';
import { DECISION_TEXT, REASON_TEXT } from './regulatory-wording';
import { DETECTION_SOURCE_INFO, HARM_LIMB_INFO, MEMBER_STATES } from './regulatory-record';
import { ValidationError } from './errors';
import { EVIDENCE_REMINDER } from './evidence';

/**
 * The regulator-ready export of one incident for one regime. The JSON keys are a stable,
 * documented contract (README "Regulator-ready export"): new keys may be added, none renamed or
 * removed without raising `schema_version`. Times are ISO 8601 UTC strings or null.
 */
export const EXPORT_SCHEMA = 'warroom.regulatory-report';
export const EXPORT_SCHEMA_VERSION = 1;

export interface RegulatoryExport {
  schema: typeof EXPORT_SCHEMA;
  schema_version: typeof EXPORT_SCHEMA_VERSION;
  generated_at: string;
  regime: { id: string; name: string; authority: string };
  provider: { name: string; contact: string };
  incident: { key: string; title: string; severity: string; status: string; category: string; harm_level: string };
  ai_system: { name: string; version: string; model_version_before: string; model_version_after: string; prompt_version_before: string; prompt_version_after: string; dataset_version_before: string; dataset_version_after: string };
  member_states: string[];
  times: { occurred_at: string | null; detected_at: string | null; aware_at: string; awareness_basis: string; causal_link_at: string | null; declared_at: string; contained_at: string | null; mitigated_at: string | null; resolved_at: string | null };
  harm: { art_3_49_limb: string | null; art_3_49_description: string | null; description: string; people_affected: number | null; personal_data: string; detection_source: string | null };
  containment: { summary: string; contained_at: string | null };
  corrective_actions: { description: string; owner: string | null; due_date: string | null; status: string }[];
  investigation: { status: 'ongoing' | 'concluded'; root_cause: string };
  evidence_preserved: {
    versions_before_change: { model: string; prompt: string; dataset: string };
    /** Evidence snapshots and recorded skips (Art. 73(6)), oldest first. */
    records: ExportEvidenceRecord[];
    /** True when the system was changed (contained or mitigated) with no snapshot preserved first. */
    changed_without_snapshot: boolean;
    note: string;
  };
  triage: { suggestion: string; reasons: string[]; decision: string | null; decision_reason: string | null; decided_by: string | null; decided_at: string | null };
  stages: { id: string; label: string; due_at: string; state: string; provisional: boolean; reported_at: string | null }[];
  report_stage: string | null;
  disclosures: { stage: string; reported_at: string; reported_by: string; authority: string; reference: string; sent: string }[];
  regime_fields: Record<string, unknown>;
}

export interface ExportEvidenceRecord {
  outcome: 'preserved' | 'skipped';
  recorded_at: string;
  recorded_by: string;
  before_status: string;
  model_ref: string | null;
  prompts_ref: string | null;
  samples_ref: string | null;
  logs_ref: string | null;
  preserved_by: string | null;
  skip_reason: string | null;
  sha256: string;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

function evidenceRecords(input: PostmortemInput): ExportEvidenceRecord[] {
  return (input.evidence ?? []).map((r) => ({
    outcome: r.outcome,
    recorded_at: r.recordedAt.toISOString(),
    recorded_by: r.recordedBy,
    before_status: r.forStatus,
    model_ref: r.outcome === 'preserved' ? r.modelRef : null,
    prompts_ref: r.outcome === 'preserved' ? r.promptsRef : null,
    samples_ref: r.outcome === 'preserved' ? r.samplesRef : null,
    logs_ref: r.outcome === 'preserved' ? r.logsRef : null,
    preserved_by: r.outcome === 'preserved' ? r.preservedBy : null,
    skip_reason: r.outcome === 'skipped' ? r.reason : null,
    sha256: r.digest,
  }));
}

export function buildRegulatoryExport(input: PostmortemInput, regimeId: string, provider: { name: string; contact: string }): RegulatoryExport {
  const view = regulatoryView(input);
  const { record } = view;
  const regime = regimeById(record.regimes, regimeId);
  if (!regime) throw new ValidationError(`Unknown regime; use one of ${record.regimes.map((r) => r.id).join(', ')}.`, 'regime');
  const inc = input.incident;
  const f = record.facts;
  const suggestion = view.suggestions.find((s) => s.regime === regime.id)!;
  const decision = record.decisions.find((d) => d.regime === regime.id) ?? null;
  const clocks = view.clocks.filter((c) => c.regime === regime.id);
  // Without a clock (ruled out or not suggested) the stages are still listed, counted from awareness, so the export is complete.
  const stages = clocks.map((c) => ({ id: c.stage, label: c.label, due_at: c.dueAt.toISOString(), state: c.state, provisional: c.provisional, reported_at: iso(c.reportedAt) }));
  const resolution = input.resolution;
  const regimeFields: Record<string, unknown> =
    regime.id === 'gdpr'
      ? { personal_data_involved: f.personalData, data_subjects_affected: f.peopleAffected, late_notification: clocks.some((c) => c.reportedAt !== null && c.reportedAt > c.dueAt) }
      : regime.id === 'nis2'
        ? { entity_type: record.org.nis2Entity, significant_incident: isSignificantIncident({ severity: inc.severity, harmLimb: f.harmLimb }), cross_border_impact: f.memberStates.length > 1 }
        : regime.id === 'ai-act'
          ? { serious_incident_tier: clocks[0]?.tier?.id ?? null, widespread_infringement: suggestion.reasons.includes('widespread_infringement') }
          : {};
  return {
    schema: EXPORT_SCHEMA,
    schema_version: EXPORT_SCHEMA_VERSION,
    generated_at: input.generatedAt.toISOString(),
    regime: { id: regime.id, name: regime.name, authority: regime.authority },
    provider,
    incident: { key: incidentKey(inc.number), title: inc.title, severity: inc.severity, status: inc.status, category: inc.category, harm_level: inc.harmLevel },
    ai_system: {
      name: inc.affectedSystem,
      version: inc.affectedVersion,
      model_version_before: f.modelBefore,
      model_version_after: f.modelAfter,
      prompt_version_before: f.promptBefore,
      prompt_version_after: f.promptAfter,
      dataset_version_before: f.datasetBefore,
      dataset_version_after: f.datasetAfter,
    },
    member_states: [...f.memberStates],
    times: {
      occurred_at: iso(inc.impactStartedAt),
      detected_at: iso(inc.detectedAt),
      aware_at: view.awareness.at.toISOString(),
      awareness_basis: view.awareness.basis,
      causal_link_at: iso(f.causalLinkAt),
      declared_at: inc.declaredAt.toISOString(),
      contained_at: iso(inc.containedAt),
      mitigated_at: iso(inc.mitigatedAt),
      resolved_at: iso(inc.resolvedAt),
    },
    harm: {
      art_3_49_limb: f.harmLimb,
      art_3_49_description: f.harmLimb ? HARM_LIMB_INFO[f.harmLimb].meaning : null,
      description: inc.summary,
      people_affected: f.peopleAffected,
      personal_data: f.personalData,
      detection_source: f.detectionSource,
    },
    containment: { summary: resolution?.summary ?? '', contained_at: iso(inc.containedAt ?? inc.mitigatedAt) },
    corrective_actions: input.correctiveActions.map((a) => ({ description: a.description, owner: a.ownerId, due_date: a.dueDate, status: a.status })),
    investigation: { status: resolution?.rootCause ? 'concluded' : 'ongoing', root_cause: resolution?.rootCause ?? '' },
    evidence_preserved: {
      versions_before_change: { model: f.modelBefore, prompt: f.promptBefore, dataset: f.datasetBefore },
      records: evidenceRecords(input),
      changed_without_snapshot: !!(inc.containedAt ?? inc.mitigatedAt) && !(input.evidence ?? []).some((r) => r.outcome === 'preserved'),
      note: EVIDENCE_REMINDER,
    },
    triage: {
      suggestion: suggestion.suggestion,
      reasons: [...suggestion.reasons],
      decision: decision?.decision ?? null,
      decision_reason: decision?.reason ?? null,
      decided_by: decision?.decidedBy ?? null,
      decided_at: iso(decision?.decidedAt),
    },
    stages,
    report_stage: stages.find((s) => s.state !== 'reported')?.id ?? null,
    disclosures: record.reports
      .filter((r) => r.regime === regime.id)
      .map((r) => ({ stage: r.stage, reported_at: r.reportedAt.toISOString(), reported_by: r.reportedBy, authority: r.authority, reference: r.reference, sent: r.sent })),
    regime_fields: regimeFields,
  };
}

/** The same export as Markdown, for people. */
export function regulatoryExportMarkdown(e: RegulatoryExport): string {
  const v = (s: string | number | null | undefined) => (s === null || s === undefined || s === '' ? '—' : escapeCell(String(s)));
  const lines = [
    `# ${escapeLine(e.incident.key)}: ${escapeLine(e.regime.name)} — report`,
    `_Generated ${e.generated_at}. Authority: ${escapeLine(e.regime.authority)}._`,
    '',
    mdTable(
      ['Field', 'Value'],
      [
        ['Provider', `${v(e.provider.name)} (${v(e.provider.contact)})`],
        ['AI system', `${v(e.ai_system.name)} ${v(e.ai_system.version)}`],
        ['Model version before / after', `${v(e.ai_system.model_version_before)} / ${v(e.ai_system.model_version_after)}`],
        ['Prompt version before / after', `${v(e.ai_system.prompt_version_before)} / ${v(e.ai_system.prompt_version_after)}`],
        ['Dataset version before / after', `${v(e.ai_system.dataset_version_before)} / ${v(e.ai_system.dataset_version_after)}`],
        ['Member States', v(e.member_states.map((s) => MEMBER_STATES[s as keyof typeof MEMBER_STATES] ?? s).join(', '))],
        ['Occurred', v(e.times.occurred_at)],
        ['Detected', v(e.times.detected_at)],
        ['Aware (clock start)', `${v(e.times.aware_at)} (${e.times.awareness_basis})`],
        ['Causal link', v(e.times.causal_link_at)],
        ['Art. 3(49) harm', v(e.harm.art_3_49_description)],
        ['Description', v(e.harm.description)],
        ['People affected', v(e.harm.people_affected)],
        ['Personal data', v(e.harm.personal_data)],
        ['Detection source', v(e.harm.detection_source ? DETECTION_SOURCE_INFO[e.harm.detection_source as keyof typeof DETECTION_SOURCE_INFO]?.label : null)],
        ['Containment', `${v(e.containment.summary)} (${v(e.containment.contained_at)})`],
        ['Investigation', `${e.investigation.status}${e.investigation.root_cause ? `: ${escapeCell(e.investigation.root_cause)}` : ''}`],
        ['Category / level', `${v(HARM_CATEGORY_INFO[e.incident.category as keyof typeof HARM_CATEGORY_INFO]?.label)} / ${v(HARM_LEVEL_INFO[e.incident.harm_level as keyof typeof HARM_LEVEL_INFO]?.label)}`],
        ['Triage', `${e.triage.suggestion} — ${escapeCell(e.triage.reasons.map((r) => REASON_TEXT[r as keyof typeof REASON_TEXT] ?? r).join('; '))}`],
        ['Decision', e.triage.decision ? `${DECISION_TEXT[e.triage.decision as keyof typeof DECISION_TEXT]} — ${v(e.triage.decision_reason)} (${v(e.triage.decided_by)}, ${v(e.triage.decided_at)})` : 'not decided'],
        ['Report stage', v(e.report_stage ?? 'all stages reported')],
      ],
    ),
    '',
    '## Stages',
    '',
    e.stages.length ? mdTable(['Stage', 'Latest', 'State'], e.stages.map((s) => [escapeCell(s.label), s.due_at, `${s.state}${s.provisional ? ' (provisional)' : ''}${s.reported_at ? ` ${s.reported_at}` : ''}`])) : 'No clock runs for this regime.',
    '',
    '## Corrective actions',
    '',
    e.corrective_actions.length ? mdTable(['Action', 'Owner', 'Due', 'Status'], e.corrective_actions.map((a) => [escapeCell(a.description), v(a.owner), v(a.due_date), a.status])) : 'None recorded.',
    '',
    '## Disclosure log',
    '',
    e.disclosures.length ? mdTable(['When', 'Stage', 'Authority', 'Reference', 'Sent', 'By'], e.disclosures.map((d) => [d.reported_at, escapeCell(d.stage), escapeCell(d.authority), v(d.reference), v(d.sent), escapeCell(d.reported_by)])) : 'No report logged.',
    '',
    '## Evidence preserved',
    '',
    e.evidence_preserved.records.length
      ? mdTable(
          ['When', 'Outcome', 'Model / weights', 'Prompts and configuration', 'Samples', 'Logs', 'Preserved by / reason', 'SHA-256'],
          e.evidence_preserved.records.map((r) => [
            r.recorded_at,
            r.outcome,
            v(r.model_ref),
            v(r.prompts_ref),
            v(r.samples_ref),
            v(r.logs_ref),
            escapeCell(r.outcome === 'skipped' ? `skipped: ${r.skip_reason ?? ''}` : (r.preserved_by ?? '')),
            r.sha256,
          ]),
        )
      : 'No evidence snapshot recorded.',
    ...(e.evidence_preserved.changed_without_snapshot ? ['', '> ⚠ The system was changed with no evidence snapshot preserved first.'] : []),
    '',
    `> ${escapeLine(e.evidence_preserved.note)}`,
    '',
  ];
  return lines.join('\n');
}
