/** AI harm categories (NIST AI 600-1, MIT AI Risk Repository, OWASP LLM Top 10, AIID). */
export const HARM_CATEGORIES = [
  'hallucination',
  'bias',
  'toxic_content',
  'privacy_leak',
  'prompt_injection',
  'adversarial_attack',
  'drift',
  'safety_control_failure',
  'misuse',
  'over_reliance',
  'other',
] as const;
export type HarmCategory = (typeof HARM_CATEGORIES)[number];

export const HARM_CATEGORY_INFO: Record<HarmCategory, { label: string; meaning: string }> = {
  hallucination: { label: 'Hallucination / confabulation', meaning: 'Confident but false or fabricated output' },
  bias: { label: 'Bias / fairness violation', meaning: 'Unequal treatment or quality across groups' },
  toxic_content: { label: 'Toxic or harmful content', meaning: 'Hateful, violent, sexual or self-harm output' },
  privacy_leak: { label: 'Privacy leak / memorization', meaning: 'Disclosure or inference of personal or confidential data' },
  prompt_injection: { label: 'Prompt injection / jailbreak', meaning: 'Crafted input overrides instructions or guardrails' },
  adversarial_attack: { label: 'Adversarial or security attack', meaning: 'Poisoning, evasion, model extraction, weight theft' },
  drift: { label: 'Drift / performance decay', meaning: 'Data drift, concept drift or model decay degrading quality' },
  safety_control_failure: { label: 'Safety-boundary or control failure', meaning: 'Unsafe autonomous action, excessive agency, failure to stop' },
  misuse: { label: 'Misuse', meaning: 'Users weaponise the system: fraud, disinformation, dangerous uplift' },
  over_reliance: { label: 'Over-reliance / human-AI configuration', meaning: 'Automation bias, unsafe reliance on outputs' },
  other: { label: 'Other', meaning: 'Anything not covered above' },
};

export const HARM_LEVELS = ['event', 'near_miss', 'issue'] as const;
export type HarmLevel = (typeof HARM_LEVELS)[number];

export const HARM_LEVEL_INFO: Record<HarmLevel, { label: string; meaning: string }> = {
  event: { label: 'Event', meaning: 'Harm occurred' },
  near_miss: { label: 'Near miss', meaning: 'Harm was narrowly avoided' },
  issue: { label: 'Issue', meaning: 'A weakness that could lead to harm' },
};

export function isHarmCategory(value: string): value is HarmCategory {
  return (HARM_CATEGORIES as readonly string[]).includes(value);
}

export function isHarmLevel(value: string): value is HarmLevel {
  return (HARM_LEVELS as readonly string[]).includes(value);
}
