/**
 * The vocabulary of the post-mortem analysis: 5 Whys, the fishbone categories, text limits. The
 * rules of the short resolve and of the analysis parts are in postmortem-analysis.ts.
 */
export const WHYS_MAX = 5;
export const RESOLUTION_TEXT_MAX = 3000;

export const FISHBONE_CATEGORIES = ['people', 'process', 'technology', 'data'] as const;
export type FishboneCategory = (typeof FISHBONE_CATEGORIES)[number];

export const FISHBONE_INFO: Record<FishboneCategory, { label: string; prompt: string }> = {
  people: { label: 'People', prompt: 'Skills, staffing, hand-offs, what people knew at the time' },
  process: { label: 'Process', prompt: 'Reviews, release gates, runbooks, approvals' },
  technology: { label: 'Technology', prompt: 'Model, infrastructure, monitoring, tooling' },
  data: { label: 'Data', prompt: 'Training data, labels, features, drift, feedback loops' },
};
