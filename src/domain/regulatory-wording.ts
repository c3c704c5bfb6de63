import type { ReasonCode, RegimeDecision, Suggestion } from './regimes';

/**
 * Plain-text wording of the regulatory codes, shared by the post-mortem draft, the export and the
 * Slack surfaces (which encode it for mrkdwn).
 */
export const REASON_TEXT: Record<ReasonCode, string> = {
  harm_limb_a: 'Art. 3(49)(a): death or serious harm to health is recorded',
  harm_limb_b: 'Art. 3(49)(b): serious and irreversible disruption of critical infrastructure is recorded',
  harm_limb_c: 'Art. 3(49)(c): an infringement of fundamental-rights obligations is recorded',
  harm_limb_d: 'Art. 3(49)(d): serious harm to property or the environment is recorded',
  widespread_infringement: 'a fundamental-rights infringement in two or more Member States (widespread infringement)',
  severe_event_without_harm_limb: 'a SEV1/SEV2 event with no Art. 3(49) harm recorded yet: record the harm, or rule it out',
  no_serious_harm_recorded: 'no Art. 3(49) harm is recorded',
  personal_data_involved: 'personal data is involved',
  personal_data_unknown_privacy_category: 'a privacy incident where it is not yet known whether personal data is involved',
  personal_data_unknown: 'personal data involvement is not recorded',
  no_personal_data: 'no personal data is involved',
  nis2_entity_significant_incident: 'the organisation is a NIS2 entity and the incident is significant (SEV1 or critical infrastructure)',
  nis2_entity_not_significant: 'the organisation is a NIS2 entity, but the incident is not significant (not SEV1, no critical-infrastructure harm)',
  not_nis2_entity: 'the organisation is not configured as a NIS2 essential or important entity (NIS2_ENTITY)',
  organisation_rule_matched: 'the organisation’s rule for this regime matches the incident',
  organisation_rule_not_matched: 'the organisation’s rule for this regime does not match',
};

export const SUGGESTION_TEXT: Record<Suggestion, string> = {
  likely: 'Suggested: likely applies',
  possible: 'Suggested: possibly applies (a fact is unknown)',
  unlikely: 'Suggested: unlikely',
};

export const DECISION_TEXT: Record<RegimeDecision, string> = { applies: 'Applies', does_not_apply: 'Does not apply', unsure: 'Unsure' };
