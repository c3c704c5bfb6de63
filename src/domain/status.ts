/** NIST SP 800-61 phases as incident statuses, in lifecycle order. */
export const STATUSES = ['investigating', 'contained', 'mitigated', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_INFO: Record<Status, { label: string; meaning: string }> = {
  investigating: { label: 'Investigating', meaning: 'Detection and analysis' },
  contained: { label: 'Contained', meaning: 'Blast radius stopped: rollback, fallback model, kill switch, strict filter' },
  mitigated: { label: 'Mitigated', meaning: 'Cause removed or eradicated' },
  resolved: { label: 'Resolved', meaning: 'Service recovered' },
  closed: { label: 'Closed', meaning: 'Post-incident work done' },
};

/** Statuses that count as an open incident (listed by `/incident list`). */
export const OPEN_STATUSES: readonly Status[] = ['investigating', 'contained', 'mitigated'];

export function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}

export function statusLabel(status: Status): string {
  return STATUS_INFO[status].label;
}

export function statusRank(status: Status): number {
  return STATUSES.indexOf(status);
}
