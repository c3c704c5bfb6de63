export const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface SeverityInfo {
  label: string;
  meaning: string;
  /** Whether a declaration or escalation is broadcast to the incidents channel. */
  broadcast: boolean;
}

export const SEVERITY_INFO: Record<Severity, SeverityInfo> = {
  sev1: {
    label: 'SEV1',
    meaning: 'Critical: harm to people, unlawful or discriminatory outcomes at scale, data exposure, public or regulatory attention',
    broadcast: true,
  },
  sev2: {
    label: 'SEV2',
    meaning: 'Major: many users affected or a safety policy violated',
    broadcast: true,
  },
  sev3: {
    label: 'SEV3',
    meaning: 'Minor: limited impact, contained to a feature or segment',
    broadcast: false,
  },
  sev4: {
    label: 'SEV4',
    meaning: 'Low: near miss, no user impact yet',
    broadcast: false,
  },
};

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** Accepts `sev1`, `SEV1`, `Sev 1`, `1`; returns null for anything else. */
export function parseSeverity(raw: string): Severity | null {
  const normalised = raw.trim().toLowerCase().replace(/\s+/g, '');
  const candidate = /^[1-4]$/.test(normalised) ? `sev${normalised}` : normalised;
  return isSeverity(candidate) ? candidate : null;
}

export function severityLabel(severity: Severity): string {
  return SEVERITY_INFO[severity].label;
}

/** Lower rank is more severe: sev1 → 1. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity) + 1;
}
