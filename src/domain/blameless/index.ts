/**
 * The blameless review of post-mortem writing: rules (./rules), word lists (./lexicon) and the
 * reviewer that runs them over parsed sentences and words its findings (./reviewer).
 */
export {
  BLAMELESS_FAMILY_INFO,
  createBlamelessReviewer,
  mayAssignBlame,
  reviewBlameless,
  splitLines,
  splitSentences,
  type BlamelessFinding,
  type BlamelessOptions,
  type BlamelessSource,
  type Reviewer,
} from './reviewer';
export { BLAMELESS_FAMILIES, type BlamelessFamily, type BlamelessRuleId } from './rules';
