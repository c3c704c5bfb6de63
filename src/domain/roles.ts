/** Incident command roles (after PagerDuty) and their RACI letter. */
export const ROLES = ['commander', 'tech_lead', 'comms_lead', 'scribe', 'sme', 'legal', 'stakeholder'] as const;
export type Role = (typeof ROLES)[number];

export const RACI_LETTERS = ['R', 'A', 'C', 'I'] as const;
export type RaciLetter = (typeof RACI_LETTERS)[number];

export const RACI_WORD: Record<RaciLetter, string> = {
  R: 'Responsible',
  A: 'Accountable',
  C: 'Consulted',
  I: 'Informed',
};

export interface RoleInfo {
  label: string;
  raci: RaciLetter;
  /** Whether several people may hold the role at once. */
  multiple: boolean;
  duty: string;
  /** The word a user types in `/incident assign <role> @user`. */
  keyword: string;
}

export const ROLE_INFO: Record<Role, RoleInfo> = {
  commander: {
    label: 'Incident Commander',
    raci: 'A',
    multiple: false,
    keyword: 'commander',
    duty: 'The single decision maker for the response; delegates the repair rather than doing it.',
  },
  tech_lead: {
    label: 'Technical Lead',
    raci: 'R',
    multiple: false,
    keyword: 'tech',
    duty: 'Leads the investigation and the fix.',
  },
  comms_lead: {
    label: 'Communications Lead',
    raci: 'R',
    multiple: false,
    keyword: 'comms',
    duty: 'Writes internal and external updates and stakeholder briefs.',
  },
  scribe: {
    label: 'Scribe',
    raci: 'R',
    multiple: false,
    keyword: 'scribe',
    duty: 'Keeps the timeline complete.',
  },
  sme: {
    label: 'Subject-matter experts',
    raci: 'C',
    multiple: true,
    keyword: 'sme',
    duty: 'ML, data and product experts the responders consult.',
  },
  legal: {
    label: 'Legal / Compliance / Policy',
    raci: 'C',
    multiple: true,
    keyword: 'legal',
    duty: 'Regulatory duties and disclosure wording.',
  },
  stakeholder: {
    label: 'Stakeholders',
    raci: 'I',
    multiple: true,
    keyword: 'stakeholder',
    duty: 'Executives, support and affected teams who are kept informed.',
  },
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
