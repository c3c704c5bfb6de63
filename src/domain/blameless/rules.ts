import {
  AGENT_JUDGEMENT_PHRASES,
  CENSURE_VERBS,
  COGNITION_VERBS,
  DUTY_VERBS,
  ERROR_MARKERS,
  FAULT_NOUNS,
  FAULT_VERBS,
  FIRST_PERSON,
  GENERIC_JUDGEMENT_CONTEXT,
  GROUP_NOUNS,
  HINDSIGHT_PASSIVE,
  HUMAN_ERROR_MODIFIERS,
  IMPACT_VERBS,
  JUDGEMENT_PHRASES,
  MITIGATION_WORDS,
  NEGATORS,
  OMISSION_VERBS,
  PERSON_NOUNS,
  PERSON_PRONOUNS,
  SELF_BLAME_PHRASES,
  STRONG_JUDGEMENT,
  THING_PROPER_NOUNS,
  WEAK_JUDGEMENT,
} from './lexicon';
import type { Token } from './nlp';

/**
 * The rules of the blameless review, over one parsed sentence. Each rule looks for an anchor word
 * (a fault verb, a judgement word, a modal perfect, "blame", "error", …) and then asks who it is
 * pinned on: blame aimed at a thing ("blamed the outage on a routing problem"), denied ("not the
 * engineer's fault") or carried by the wrong clause ("systems that should have stopped it") is not
 * a finding. When unsure, a rule stays quiet: a false alarm on correct technical prose costs the
 * review more trust than a missed phrase.
 */

export const BLAMELESS_FAMILIES = ['person', 'organisation', 'hindsight', 'judgement', 'self-blame'] as const;
export type BlamelessFamily = (typeof BLAMELESS_FAMILIES)[number];

export type BlamelessRuleId =
  | 'human_error'
  | 'blame'
  | 'fault'
  | 'cause'
  | 'responsible'
  | 'failure_noun'
  | 'failed_to'
  | 'omission'
  | 'fault_verb'
  | 'error_action'
  | 'censure'
  | 'judgement'
  | 'hindsight'
  | 'counterfactual'
  | 'self_blame';

/** How the reviewer may reword the sentence; anything else becomes a question. */
export type Rewrite =
  | { kind: 'human-error' }
  | { kind: 'drop-word' }
  | { kind: 'prompt'; verb: number }
  | { kind: 'not-followed'; object: [number, number] }
  | { kind: 'none' };

export interface Hit {
  family: BlamelessFamily;
  rule: BlamelessRuleId;
  /** Token span of the phrase, [from, to). */
  from: number;
  to: number;
  rewrite: Rewrite;
}

/** Who a noun phrase names. */
export type AgentKind = 'person' | 'group' | 'self' | 'propn' | 'it' | 'they' | null;

export interface RuleContext {
  /** Lower-case name parts of the people in the incident (display names, handles). */
  names: ReadonlySet<string>;
}

const BOUNDARY_PUNCT = new Set([';', ':', '—', '–', '(', ')', ',', '"', '“', '”', '!', '?', '.', '-', '--']);
const QUOTES = new Set(['"', '“', '”', "'", '‘', '’']);
const NOUNISH = new Set(['NOUN', 'PROPN', 'PRON', 'NUM', 'X', 'SYM']);
const NP_INNER = new Set(['DET', 'ADJ', 'NOUN', 'PROPN', 'NUM', 'X', 'SYM']);
const CLAUSE_WORDS = new Set(['and', 'but', 'or', 'so', 'because', 'since', 'when', 'whenever', 'while', 'although', 'though', 'after', 'before', 'until', 'once', 'if', 'whereas', 'that', 'which', 'who', 'whom', 'where', 'despite', 'unless', 'whether', 'why', 'how']);
const TITLES = new Set(['mr', 'mrs', 'ms', 'dr', 'minister', 'senator', 'secretary', 'commissioner', 'chairman', 'ceo', 'president', 'judge', 'officer', 'sir', 'dame', 'prof']);

const lemmaOf = (t: Token | undefined) => (t ? t.lemma : '');
const isQuote = (t: Token | undefined) => Boolean(t && QUOTES.has(t.text));
const isBe = (t: Token | undefined) => lemmaOf(t) === 'be';

function isMention(t: Token): boolean {
  return /^<?@/.test(t.text);
}

/** Who one token names, on its own. */
export function tokenAgent(t: Token, prev: Token | undefined, ctx: RuleContext): AgentKind {
  const lower = t.lower.replace(/\.$/, '');
  const lemma = lemmaOf(t);
  if (isMention(t) || ctx.names.has(lower)) return 'person';
  if (t.pos === 'PRON' || t.pos === 'DET') {
    if (FIRST_PERSON.has(lower)) return 'self';
    if (lower === 'it' || lower === 'its') return 'it';
    if (lower === 'they' || lower === 'them' || lower === 'their') return 'they';
    if (lower === 'his' || lower === 'her' || PERSON_PRONOUNS.has(lower)) return 'person';
    return null;
  }
  if (t.pos === 'PROPN') {
    if (prev && TITLES.has(lemmaOf(prev))) return 'person';
    if (PERSON_NOUNS.has(lemma)) return 'person';
    if (GROUP_NOUNS.has(lemma)) return 'group';
    if (THING_PROPER_NOUNS.has(lower) || /\d/.test(lower)) return null;
    return 'propn';
  }
  if (t.pos === 'NOUN' || t.pos === 'ADJ') {
    if (PERSON_NOUNS.has(lemma)) return 'person';
    if (GROUP_NOUNS.has(lemma)) return 'group';
  }
  return null;
}

/** The head of the noun phrase that ends at `end`: its last noun-like token, read through "'s". */
function npHead(tokens: Token[], end: number): number {
  let i = end;
  while (i >= 0 && (isQuote(tokens[i]) || tokens[i]!.pos === 'PUNCT' && tokens[i]!.text === ')')) i--;
  return i;
}

/** End of the noun phrase that starts at `from`, through hyphenated compounds ("ride-hailing company"). */
function npEnd(tokens: Token[], from: number, limit = tokens.length): number {
  let e = from;
  while (e + 1 < limit) {
    const n = tokens[e + 1]!;
    if (NP_INNER.has(n.pos) || n.text === "'s" || n.text === '’s' || n.text === '-' || tokens[e]!.text === '-') e++;
    else break;
  }
  return e;
}

/** Start of the noun phrase whose last token is `end` (possessors included). */
function npStart(tokens: Token[], end: number): number {
  let i = end;
  while (i > 0) {
    const p = tokens[i - 1]!;
    if (NP_INNER.has(p.pos) || p.text === "'s" || p.text === '’s' || p.text === '-' || isQuote(p) || (p.pos === 'PRON' && /^(?:their|his|her|its|our|my|your)$/.test(p.lower))) i--;
    else break;
  }
  return i;
}

/** Classifies the noun phrase ending at `end`, following a relative pronoun to its antecedent. */
export function npAgent(tokens: Token[], end: number, ctx: RuleContext): AgentKind {
  const head = npHead(tokens, end);
  if (head < 0) return null;
  const t = tokens[head]!;
  if (t.pos !== 'PRON' && t.pos !== 'DET' && /^(?:that|which)$/.test(t.lower)) {
    return null;
  }
  if ((t.pos === 'PRON' || t.pos === 'DET' || t.pos === 'SCONJ') && (t.lower === 'that' || t.lower === 'which')) {
    // A relative clause: its subject is the noun before the pronoun ("systems that should have …").
    let j = head - 1;
    while (j >= 0 && (tokens[j]!.text === ',' || isQuote(tokens[j]))) j--;
    return j >= 0 && NOUNISH.has(tokens[j]!.pos) ? npAgent(tokens, j, ctx) : null;
  }
  const kind = tokenAgent(t, tokens[head - 1], ctx);
  // "Knight Capital Group", "Former Prime minister Scott Morrison": a proper-noun run is judged by any of its parts.
  if (t.pos === 'PROPN' && kind !== 'person') {
    for (let j = head - 1; j >= 0; j--) {
      const w = tokens[j]!;
      // An appositive role before the name: "department director Kevin", "secretary Kathryn Campbell".
      if (w.pos === 'NOUN' && PERSON_NOUNS.has(lemmaOf(w))) return 'person';
      if (!(w.pos === 'PROPN' || TITLES.has(lemmaOf(w)))) break;
      const k = tokenAgent(w, tokens[j - 1], ctx);
      if (k === 'person' || k === 'group' || TITLES.has(lemmaOf(w))) return k === 'group' ? 'group' : 'person';
    }
  }
  return kind;
}

/** The possessor of the noun phrase ending at `end` ("Uber's inadequate safety culture" → Uber). */
function possessorAgent(tokens: Token[], from: number, end: number, ctx: RuleContext): AgentKind {
  for (let i = end; i >= from; i--) {
    const t = tokens[i]!;
    if ((t.text === "'s" || t.text === '’s' || t.text === "'") && i > 0) {
      const k = npAgent(tokens, i - 1, ctx);
      if (k) return k;
    }
    if (t.pos === 'PRON' && /^(?:their|his|her|our|my)$/.test(t.lower)) return tokenAgent(t, undefined, ctx);
  }
  return null;
}

function isClauseBoundary(t: Token): boolean {
  if (t.pos === 'PUNCT') return BOUNDARY_PUNCT.has(t.text);
  if (t.pos === 'SCONJ' || t.pos === 'CCONJ') return true;
  return CLAUSE_WORDS.has(t.lower) && (t.pos === 'PRON' || t.pos === 'DET' || t.pos === 'ADP' || t.pos === 'ADV');
}

function isFiniteVerb(t: Token): boolean {
  return t.pos === 'VERB' && !/ing$/.test(t.lower) && !/(?:ed|en)$/.test(t.lower);
}

/**
 * Who does the verb at `v`: the noun phrase just before it (adverbs, auxiliaries and negation
 * skipped), or the first noun phrase of its clause ("An AWS engineer debugging an issue mistakenly
 * removed …"), following a relative pronoun to its antecedent and a subject-less coordinated clause
 * ("… and should at least have directed …") back to the clause before.
 */
export function subjectOf(tokens: Token[], v: number, ctx: RuleContext): { kind: AgentKind; index: number } {
  let j = v - 1;
  while (j >= 0) {
    const t = tokens[j]!;
    if (t.pos === 'ADV' || t.pos === 'AUX' || (t.pos === 'PART' && t.text !== "'s") || isQuote(t)) j--;
    else if (t.text === ')' ) {
      while (j >= 0 && tokens[j]!.text !== '(') j--;
      j--;
    } else break;
  }
  if (j >= 0) {
    const t = tokens[j]!;
    if (t.lower === 'who' || t.lower === 'whoever') return { kind: 'person', index: j };
    if (NOUNISH.has(t.pos) || t.lower === 'that' || t.lower === 'which') {
      const kind = npAgent(tokens, j, ctx);
      if (kind || t.lower === 'that' || t.lower === 'which') return { kind, index: j };
    }
  }
  // The first noun phrase of the clause, unless another finite verb stands between it and `v`.
  let end = v;
  for (let hop = 0; hop < 3; hop++) {
    let start = end - 1;
    while (start >= 0 && !isClauseBoundary(tokens[start]!)) start--;
    const clauseStart = start + 1;
    let inPP = false;
    let found = -1;
    for (let i = clauseStart; i < end; i++) {
      const t = tokens[i]!;
      if (t.pos === 'ADP') inPP = true;
      else if (NOUNISH.has(t.pos)) {
        let k = i;
        while (k + 1 < end && (NP_INNER.has(tokens[k + 1]!.pos) || tokens[k + 1]!.text === "'s" || tokens[k + 1]!.text === '-')) k++;
        if (!inPP) {
          found = k;
          break;
        }
        inPP = false;
        i = k;
      }
    }
    if (found >= 0) {
      for (let i = found + 1; i < v; i++) if (isFiniteVerb(tokens[i]!) && !isBe(tokens[i])) return { kind: null, index: found };
      return { kind: npAgent(tokens, found, ctx), index: found };
    }
    // No noun at all before the verb in this clause: a coordinated verb shares the earlier subject.
    if (start < 0) return { kind: null, index: -1 };
    const b = tokens[start]!;
    if (!(b.lower === 'and' || b.lower === 'but' || b.lower === 'or' || b.text === ',')) return { kind: null, index: -1 };
    end = start;
  }
  return { kind: null, index: -1 };
}

/** A negator within `window` tokens before `i`, in the same clause ("not because of any human error"). */
function deniedBefore(tokens: Token[], i: number, window = 5): boolean {
  for (let j = i - 1; j >= 0 && j >= i - window; j--) {
    const t = tokens[j]!;
    if (t.pos === 'PUNCT' && /^[;:.!?—–]$/.test(t.text)) return false;
    if (t.pos === 'CCONJ' || t.lower === 'but') return false;
    if (NEGATORS.has(lemmaOf(t)) || NEGATORS.has(t.lower)) return true;
  }
  return false;
}

function matchSequence(tokens: Token[], at: number, seq: readonly string[]): number {
  let i = at;
  for (const want of seq) {
    const t = tokens[i];
    if (!t) return -1;
    if (want !== '*' && lemmaOf(t) !== want && t.lower !== want) return -1;
    i++;
  }
  return i;
}

/** Verb after "to" (skipping adverbs): "failed to properly regulate" → regulate. */
function verbAfterTo(tokens: Token[], to: number): number {
  let k = to + 1;
  while (k < tokens.length && tokens[k]!.pos === 'ADV') k++;
  return k < tokens.length && (tokens[k]!.pos === 'VERB' || tokens[k]!.pos === 'AUX') ? k : -1;
}

function agentFamily(kind: AgentKind): BlamelessFamily | null {
  switch (kind) {
    case 'person':
      return 'person';
    case 'group':
    case 'propn':
    case 'they':
      return 'organisation';
    case 'self':
      return 'self-blame';
    default:
      return null;
  }
}

const isAgent = (k: AgentKind) => k === 'person' || k === 'group' || k === 'self' || k === 'propn' || k === 'they';

/** The subject is asked about, not accused: "We'll figure out why we didn't detect the bug". */
function inEmbeddedQuestion(tokens: Token[], subjectIndex: number): boolean {
  const prev = tokens[subjectIndex - 1];
  return Boolean(prev && /^(?:why|whether|how)$/.test(prev.lower));
}

type Add = (hit: Hit) => void;
type Rule = (tokens: Token[], ctx: RuleContext, add: Add) => void;

const rules: Rule[] = [
  // "human error", "operator error": explicit, unless denied or the object of a safeguard.
  function humanError(tokens, _ctx, add) {
    for (let i = 1; i < tokens.length; i++) {
      if (lemmaOf(tokens[i]) !== 'error' || !HUMAN_ERROR_MODIFIERS.has(lemmaOf(tokens[i - 1]))) continue;
      if (deniedBefore(tokens, i - 1, 6)) continue;
      let guarded = false;
      for (let j = Math.max(0, i - 5); j < i - 1; j++) if (MITIGATION_WORDS.has(lemmaOf(tokens[j]))) guarded = true;
      if (guarded) continue;
      add({ family: 'person', rule: 'human_error', from: i - 1, to: i + 1, rewrite: { kind: 'human-error' } });
    }
  },

  function blame(tokens, ctx, add) {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (lemmaOf(t) !== 'blame' || t.lower === 'blameless') continue;
      if (i > 0 && tokens[i - 1]!.lower === 'git') continue;
      if (deniedBefore(tokens, i, 3)) continue;
      const prev = tokens[i - 1];
      // "X is (mostly) to blame"; "looking for someone to blame" names nobody.
      if (prev && prev.lower === 'to') {
        if (tokens.slice(Math.max(0, i - 8), i).some((x) => /^(?:someone|somebody|something|anyone|anything|thing|nobody)$/.test(x.lower))) continue;
        const s = subjectOf(tokens, i - 1, ctx);
        const family = agentFamily(s.kind);
        if (family) add({ family, rule: 'blame', from: i - 1, to: i + 1, rewrite: { kind: 'none' } });
        continue;
      }
      // Target: after "on"/"at"/"between"/"with" when present, else the object of the verb.
      let target = -1;
      let targetEnd = -1;
      for (let k = i + 1; k < Math.min(tokens.length, i + 14); k++) {
        const w = tokens[k]!;
        if (w.pos === 'PUNCT' && /^[;:.!?]$/.test(w.text)) break;
        if (/^(?:on|at|between|with|upon)$/.test(w.lower) && w.pos === 'ADP') {
          target = k + 1;
          break;
        }
      }
      // Without a target: "plenty of blame to go around" still hands out blame.
      if (/^to go around/.test(tokens.slice(i + 1, i + 4).map((x) => x.lower).join(' '))) {
        add({ family: 'person', rule: 'blame', from: i, to: i + 1, rewrite: { kind: 'none' } });
        continue;
      }
      if (target < 0 && t.pos === 'VERB') target = i + 1;
      if (target < 0) continue;
      while (target < tokens.length && (isQuote(tokens[target]) || tokens[target]!.pos === 'DET')) target++;
      if (target >= tokens.length) continue;
      targetEnd = npEnd(tokens, target);
      let kind = npAgent(tokens, targetEnd, ctx);
      if (!isAgent(kind)) kind = possessorAgent(tokens, target, targetEnd, ctx);
      // A verdict word in the target is blame too: "blamed … the Department's insufficient oversight".
      const family = agentFamily(kind);
      if (family) add({ family, rule: 'blame', from: i, to: i + 1, rewrite: { kind: 'none' } });
    }
  },

  function fault(tokens, ctx, add) {
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]!.lower !== 'fault' || tokens[i]!.pos === 'VERB') continue;
      const prev = tokens[i - 1];
      const next = tokens[i + 1];
      if (next && /^(?:injection|tolerance|tolerant|-tolerant|line|lines|domain|domains|code|codes|isolation)$/.test(next.lower)) continue;
      if (deniedBefore(tokens, i, 5)) continue;
      let kind: AgentKind = null;
      if (prev && prev.lower === 'at') kind = subjectOf(tokens, i - 1, ctx).kind;
      else if (prev && (prev.text === "'s" || prev.text === '’s')) kind = npAgent(tokens, i - 2, ctx);
      else if (prev && prev.pos === 'PRON') kind = tokenAgent(prev, undefined, ctx);
      else if (next && next.lower === 'of') {
        let k = i + 2;
        while (k + 1 < tokens.length && NP_INNER.has(tokens[k + 1]!.pos)) k++;
        kind = npAgent(tokens, k, ctx);
      } else if (next && lemmaOf(next) === 'lie' && tokens[i + 2]?.lower === 'with') {
        let k = i + 3;
        while (k + 1 < tokens.length && NP_INNER.has(tokens[k + 1]!.pos)) k++;
        kind = npAgent(tokens, k, ctx);
      }
      if (kind === 'it') continue;
      const family = agentFamily(kind);
      if (family) add({ family, rule: 'fault', from: prev && prev.lower === 'at' ? i - 1 : i, to: i + 1, rewrite: { kind: 'none' } });
    }
  },

  // "the probable cause was the failure of the operator", "People are the cause of …", "the root cause of this was fingers".
  function cause(tokens, ctx, add) {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.lower !== 'cause' || t.pos !== 'NOUN') continue;
      if (deniedBefore(tokens, i, 4)) continue;
      // "<agent> was the cause"
      let j = i - 1;
      while (j >= 0 && (tokens[j]!.pos === 'DET' || tokens[j]!.pos === 'ADJ' || tokens[j]!.pos === 'ADV')) j--;
      if (j >= 0 && isBe(tokens[j])) {
        const s = subjectOf(tokens, j, ctx);
        const family = agentFamily(s.kind === 'it' ? null : s.kind);
        if (family && s.kind !== 'self') {
          add({ family, rule: 'cause', from: j, to: i + 1, rewrite: { kind: 'none' } });
          continue;
        }
      }
      // "the cause … was <agent>" / "isolated the cause … to <agent>"
      for (let k = i + 1; k < Math.min(tokens.length, i + 10); k++) {
        const w = tokens[k]!;
        if (w.pos === 'PUNCT' && /^[;:.!?,]$/.test(w.text)) break;
        if (isBe(w) || w.lower === 'to') {
          let m = k + 1;
          while (m < tokens.length && (tokens[m]!.pos === 'DET' || tokens[m]!.pos === 'ADJ' || isQuote(tokens[m]) || /^(?:our|their|his|her|its|my)$/.test(tokens[m]!.lower))) m++;
          let e = m;
          while (e + 1 < tokens.length && (NP_INNER.has(tokens[e + 1]!.pos))) e++;
          if (m < tokens.length) {
            const kind = npAgent(tokens, e, ctx);
            const head = tokens[npHead(tokens, e)];
            if ((kind === 'person' || kind === 'group') && head && head.lemma !== 'failure') {
              add({ family: agentFamily(kind)!, rule: 'cause', from: i, to: i + 1, rewrite: { kind: 'none' } });
            }
          }
          break;
        }
      }
    }
  },

  // "<agent> was responsible for …" (past): a verdict, where the present tense is usually a role.
  function responsible(tokens, ctx, add) {
    for (let i = 1; i < tokens.length; i++) {
      const after = tokens[i + 1];
      if (tokens[i]!.lower !== 'responsible' || !(after === undefined || after.lower === 'for' || (after.pos === 'PUNCT' && after.text !== '-'))) continue;
      let j = i - 1;
      while (j >= 0 && (tokens[j]!.pos === 'ADV' || isQuote(tokens[j]))) j--;
      if (j < 0 || !/^(?:was|were)$/.test(tokens[j]!.lower)) continue;
      if (deniedBefore(tokens, i, 3)) continue;
      const s = subjectOf(tokens, j, ctx);
      const family = agentFamily(s.kind);
      if (family) add({ family, rule: 'responsible', from: j, to: after?.lower === 'for' ? i + 2 : i + 1, rewrite: { kind: 'none' } });
    }
  },

  // "X's failure to …", "the failure of the operator to monitor", "repeated failures by senior public servants", "Knight Capital's violations".
  function failureNoun(tokens, ctx, add) {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.pos !== 'NOUN' || !FAULT_NOUNS.has(lemmaOf(t))) continue;
      if (deniedBefore(tokens, i, 5)) continue;
      let kind: AgentKind = null;
      const prev = tokens[i - 1];
      let p = i - 1;
      while (p >= 0 && (tokens[p]!.pos === 'ADJ' || isQuote(tokens[p]))) p--;
      const before = tokens[p];
      if (before && (before.text === "'s" || before.text === '’s')) kind = npAgent(tokens, p - 1, ctx);
      else if (before && before.pos === 'PRON' && /^(?:his|her|their)$/.test(before.lower)) kind = tokenAgent(before, undefined, ctx);
      const next = tokens[i + 1];
      if (!kind && next && (next.lower === 'of' || next.lower === 'by')) {
        let e = i + 2;
        while (e < tokens.length && tokens[e]!.pos === 'DET') e++;
        while (e + 1 < tokens.length && NP_INNER.has(tokens[e + 1]!.pos)) e++;
        const k = npAgent(tokens, e, ctx);
        // "the failure of the vehicle operator to monitor": "of" needs the "to"; "by" does not.
        if (isAgent(k) && k !== 'self' && (next.lower === 'by' || tokens[e + 1]?.lower === 'to')) kind = k;
      }
      if (kind === 'it' || !prev) continue;
      // "Knight Capital made critical technology missteps", "an admin … made a mistake".
      if (!kind) {
        let v = i - 1;
        while (v >= 0 && (tokens[v]!.pos === 'DET' || tokens[v]!.pos === 'ADJ' || tokens[v]!.pos === 'NUM' || tokens[v]!.pos === 'NOUN' || isQuote(tokens[v]))) v--;
        if (v >= 0 && /^(?:make|commit)$/.test(lemmaOf(tokens[v])) && tokens[v]!.pos === 'VERB') {
          const s = subjectOf(tokens, v, ctx);
          if (isAgent(s.kind) && !(s.kind === 'self' && inEmbeddedQuestion(tokens, s.index))) kind = s.kind;
        }
      }
      // "learn from our mistakes" and "own our mistakes" are culture, not a verdict.
      if (kind === 'self' && tokens.slice(Math.max(0, i - 3), i).some((x) => /^(?:from|own|learn)$/.test(lemmaOf(x)))) continue;
      const family = agentFamily(kind);
      if (family) add({ family, rule: 'failure_noun', from: before && (before.text === "'s" || before.text === '’s') ? p + 1 : i, to: i + 1, rewrite: { kind: 'none' } });
    }
  },

  // "<agent> failed to …", "we failed you".
  function failedTo(tokens, ctx, add) {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (lemmaOf(t) !== 'fail' || t.pos !== 'VERB') continue;
      let to = -1;
      for (let k = i + 1; k < Math.min(tokens.length, i + 6); k++) {
        if (tokens[k]!.lower === 'to' && tokens[k]!.pos === 'PART') {
          to = k;
          break;
        }
        if (tokens[k]!.pos === 'PUNCT' && tokens[k]!.text !== ',') break;
      }
      const s = subjectOf(tokens, i, ctx);
      if (s.kind === 'self' && inEmbeddedQuestion(tokens, s.index)) continue;
      if (to >= 0) {
        const v = verbAfterTo(tokens, to);
        if (v < 0) continue;
        const duty = DUTY_VERBS.has(lemmaOf(tokens[v]));
        const ok = s.kind === 'person' || s.kind === 'group' || s.kind === 'self' || ((s.kind === 'propn' || s.kind === 'they' || s.kind === 'it') && duty);
        if (!ok) continue;
        add({ family: agentFamily(s.kind === 'it' ? 'group' : s.kind)!, rule: 'failed_to', from: i, to: v + 1, rewrite: { kind: 'prompt', verb: v } });
      } else if (s.kind === 'self' || s.kind === 'person') {
        // "we failed you", "we failed at that": a verdict on ourselves, not on a system.
        const next = tokens[i + 1];
        if (next && (next.pos === 'PRON' || next.pos === 'ADP' || next.text === '(' || next.pos === 'NOUN' || next.pos === 'DET')) {
          add({ family: agentFamily(s.kind)!, rule: 'failed_to', from: i, to: i + 1, rewrite: { kind: 'none' } });
        }
      }
    }
  },

  // "<agent> did not check", "never tested", "didn't have adequate safeguards", "without realizing".
  function omission(tokens, ctx, add) {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const neg = t.lower === 'not' || t.lower === "n't" || t.lower === 'never';
      const without = t.lower === 'without';
      if (!neg && !without) continue;
      let v = i + 1;
      while (v < tokens.length && (tokens[v]!.pos === 'ADV' || isQuote(tokens[v]))) v++;
      const verb = tokens[v];
      if (!verb || !(verb.pos === 'VERB' || verb.pos === 'AUX')) continue;
      const lemma = lemmaOf(verb);
      if (without) {
        if (!/ing$/.test(verb.lower) || !OMISSION_VERBS.has(lemma)) continue;
        const s = subjectOf(tokens, i, ctx);
        const family = agentFamily(s.kind);
        if (!family) continue;
        add({ family, rule: 'omission', from: i, to: v + 1, rewrite: { kind: 'none' } });
        continue;
      }
      // The auxiliary before the negation: did/do/does/had/has/have (or "never" alone).
      let a = i - 1;
      while (a >= 0 && tokens[a]!.pos === 'ADV') a--;
      const aux = tokens[a];
      const auxLemma = lemmaOf(aux);
      const isDo = auxLemma === 'do';
      const isHave = auxLemma === 'have';
      // "The vehicle operator was not paying attention": a progressive omission by a person.
      if (auxLemma === 'be' && /ing$/.test(verb.lower) && (lemma === 'pay' ? tokens[v + 1]?.lower === 'attention' : OMISSION_VERBS.has(lemma))) {
        const s = subjectOf(tokens, a, ctx);
        if (s.kind === 'person' || s.kind === 'group') add({ family: agentFamily(s.kind)!, rule: 'omission', from: a, to: lemma === 'pay' ? v + 2 : v + 1, rewrite: { kind: 'none' } });
        continue;
      }
      if (!(isDo || isHave || t.lower === 'never')) continue;
      const subjectAt = isDo || isHave ? a : i;
      const s = subjectOf(tokens, subjectAt, ctx);
      if (!isAgent(s.kind)) continue;
      if (s.kind === 'self' && inEmbeddedQuestion(tokens, s.index)) continue;
      let omitted = OMISSION_VERBS.has(lemma);
      // "did not have adequate safeguards": a lack pinned on someone else (our own gaps are the system's).
      if (lemma === 'have' && isDo && s.kind !== 'self') {
        const obj = tokens[v + 1];
        omitted = Boolean(obj && (/^(?:adequate|a|an|any|proper|effective|sufficient|appropriate|code|enough)$/.test(obj.lower)));
      }
      if (!omitted) continue;
      if (isHave && !/(?:ed|en|wn|ght)$/.test(verb.lower)) continue;
      const followObject = lemma === 'follow' ? objectSpan(tokens, v + 1) : null;
      add({
        family: agentFamily(s.kind)!,
        rule: 'omission',
        from: isDo || isHave ? a : i,
        to: v + 1,
        rewrite: followObject ? { kind: 'not-followed', object: followObject } : lemma === 'have' ? { kind: 'none' } : { kind: 'prompt', verb: v },
      });
    }
  },

  // "<agent> overlooked / ignored / neglected / misled / rushed / violated …".
  function faultVerb(tokens, ctx, add) {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.pos !== 'VERB') continue;
      const lemma = lemmaOf(t);
      if (!FAULT_VERBS.has(lemma) || tokens[i - 1]?.lower === 'to') continue;
      if ((lemma === 'mess' || lemma === 'screw') && tokens[i + 1]?.lower !== 'up') continue;
      if (lemma === 'lie' && !/^(?:lied|lying|lies)$/.test(t.lower)) continue;
      // Passive: the subject is what was overlooked, not who overlooked it.
      let p = i - 1;
      while (p >= 0 && tokens[p]!.pos === 'ADV') p--;
      if (p >= 0 && (isBe(tokens[p]) || lemmaOf(tokens[p]) === 'get') && /(?:ed|en)$/.test(t.lower)) continue;
      if (deniedBefore(tokens, i, 3)) continue;
      const s = i === 0 ? { kind: 'person' as AgentKind, index: -1 } : subjectOf(tokens, i, ctx);
      let kind = s.kind;
      if (kind === 'it' && /^(?:violate|breach|contravene|flout)$/.test(lemma)) {
        const obj = tokens.slice(i + 1, i + 6).map(lemmaOf);
        if (obj.some((w) => /^(?:rule|law|regulation|policy|obligation|duty|standard|requirement|order)$/.test(w))) kind = 'group';
      }
      if (s.kind === 'self' && inEmbeddedQuestion(tokens, s.index)) continue;
      const family = agentFamily(kind);
      if (!family) continue;
      add({ family, rule: 'fault_verb', from: i, to: lemma === 'mess' || lemma === 'screw' ? i + 2 : i + 1, rewrite: { kind: 'none' } });
    }
  },

  // An action by a person or a team marked as an error: "an engineer mistakenly wiped", "entered one wrong input".
  function errorAction(tokens, ctx, add) {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.pos !== 'VERB' || /ing$/.test(t.lower) || tokens[i - 1]?.lower === 'to') continue;
      let p = i - 1;
      while (p >= 0 && tokens[p]!.pos === 'ADV') p--;
      const passive = p >= 0 && isBe(tokens[p]);
      // Clause end: the next boundary after the verb.
      let end = i + 1;
      while (
        end < tokens.length &&
        end < i + 10 &&
        !(tokens[end]!.pos === 'PUNCT' && /^[;:.!?—,]$/.test(tokens[end]!.text)) &&
        tokens[end]!.pos !== 'SCONJ' &&
        !/^(?:because|but|that|which|who|and)$/.test(tokens[end]!.lower)
      )
        end++;
      let marker = -1;
      for (let k = Math.max(0, p + 1); k < end; k++) {
        const w = tokens[k]!;
        // The marker belongs to this verb's object, not to a clause further on ("know you had a bad day").
        if (k > i && (w.pos === 'VERB' || w.pos === 'AUX')) break;
        if (ERROR_MARKERS.has(w.lower) || (w.lower === 'instead' && tokens[k + 1]?.lower === 'of') || (w.lower === 'than' && tokens[k + 1]?.lower === 'intended')) {
          marker = k;
          break;
        }
      }
      if (marker < 0 && !passive) continue;
      let kind: AgentKind = null;
      let from = i;
      if (passive) {
        // "an incorrect command entered by an S3 team member"
        const by = tokens.findIndex((w, k) => k > i && k < end && w.lower === 'by');
        if (by < 0) continue;
        let e = by + 1;
        while (e < end && tokens[e]!.pos === 'DET') e++;
        while (e + 1 < end && NP_INNER.has(tokens[e + 1]!.pos)) e++;
        kind = npAgent(tokens, e, ctx);
        if (marker < 0) {
          for (let k = Math.max(0, i - 6); k < i; k++) if (ERROR_MARKERS.has(tokens[k]!.lower)) marker = k;
        }
      } else if (!/ed$/.test(t.lower) || p < 0 || !isBe(tokens[p])) {
        const s = subjectOf(tokens, i, ctx);
        kind = s.kind;
        if (marker >= 0 && marker < i) from = marker;
      }
      if (marker < 0 || !isAgent(kind) || kind === 'self') continue;
      // Organisations need a plain verdict ("wrong", "incorrect"), not a description of the artefact ("a bad file").
      if (kind !== 'person') {
        if (!/^(?:wrong|wrongly|incorrect|incorrectly|mistaken|mistakenly|erroneous|erroneously)$/.test(tokens[marker]!.lower)) continue;
      }
      if (tokens.slice(0, i).some((w) => /^(?:think|thought|assume|assumed|believe|believed)$/.test(w.lower))) continue;
      add({ family: agentFamily(kind)!, rule: 'error_action', from: Math.min(from, i), to: i + 1, rewrite: { kind: 'none' } });
    }
  },

  // "criticized Uber for …", "slammed Optus as …", "accusing the company of negligence", "has been sued".
  function censure(tokens, ctx, add) {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      // "finding Air Canada liable for damages", "the company was held liable".
      if (t.lower === 'liable' && !deniedBefore(tokens, i, 5)) {
        let j = i - 1;
        while (j >= 0 && (tokens[j]!.pos === 'ADV' || tokens[j]!.pos === 'AUX' || /^(?:held|found|deemed)$/.test(tokens[j]!.lower))) j--;
        const kind = j >= 0 && NOUNISH.has(tokens[j]!.pos) ? npAgent(tokens, j, ctx) : null;
        if (isAgent(kind) && kind !== 'self') add({ family: agentFamily(kind)!, rule: 'censure', from: i, to: i + 1, rewrite: { kind: 'none' } });
        continue;
      }
      if (t.pos !== 'VERB' || !CENSURE_VERBS.has(lemmaOf(t))) continue;
      let p = i - 1;
      while (p >= 0 && (tokens[p]!.pos === 'ADV' || tokens[p]!.pos === 'AUX' && !isBe(tokens[p]))) p--;
      let kind: AgentKind = null;
      if (p >= 0 && isBe(tokens[p])) {
        kind = subjectOf(tokens, p, ctx).kind;
      } else {
        let o = i + 1;
        while (o < tokens.length && (tokens[o]!.pos === 'DET' || isQuote(tokens[o]) || tokens[o]!.lower === 'both')) o++;
        let e = o;
        while (e + 1 < tokens.length && (NP_INNER.has(tokens[e + 1]!.pos) || tokens[e + 1]!.text === "'s")) e++;
        if (o < tokens.length) {
          kind = npAgent(tokens, e, ctx);
          if (!isAgent(kind)) kind = possessorAgent(tokens, o, e, ctx);
        }
      }
      if (kind === 'self' || !isAgent(kind)) continue;
      add({ family: agentFamily(kind)!, rule: 'censure', from: i, to: i + 1, rewrite: { kind: 'none' } });
    }
  },

  function judgement(tokens, ctx, add) {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const word = t.lower;
      const strong = STRONG_JUDGEMENT.has(word) || STRONG_JUDGEMENT.has(lemmaOf(t));
      const weak = !strong && WEAK_JUDGEMENT.has(word);
      if (!strong && !weak) continue;
      if (deniedBefore(tokens, i, 6)) continue;
      const next = tokens[i + 1];
      const near = [tokens[i - 2], tokens[i - 1], next].filter(Boolean).map((x) => x!.lower);
      if (near.some((w) => GENERIC_JUDGEMENT_CONTEXT.has(w))) continue;
      // "Reckless typically requires …": the word as a term, not a verdict.
      if (i === 0 && t.pos !== 'VERB' && next && (next.pos === 'ADV' || next.pos === 'VERB')) continue;
      // "it would be irresponsible to disclose …": an evaluation of an act someone might take.
      if (tokens.slice(Math.max(0, i - 4), i).some((w) => w.lower === 'would') && tokens[i + 1]?.lower === 'to') continue;
      if (word === 'lazy' && next && /^(?:load|loading|loaded|evaluat|eval|init)/.test(next.lower)) continue;
      if (weak) {
        // Pinned on an agent: a possessor in its noun phrase, or the subject of a predicate.
        const start = npStart(tokens, i);
        let kind = possessorAgent(tokens, start, i, ctx);
        if (!isAgent(kind)) {
          let p = i - 1;
          while (p >= 0 && tokens[p]!.pos === 'ADV') p--;
          if (p >= 0 && isBe(tokens[p])) {
            const s = subjectOf(tokens, p, ctx);
            kind = s.kind === 'person' || s.kind === 'group' || s.kind === 'propn' ? s.kind : null;
            if (!kind && s.index >= 0) kind = possessorAgent(tokens, npStart(tokens, s.index), s.index, ctx);
          } else if (t.pos === 'ADJ' && word === 'untrue') {
            // "Scott Morrison presented untrue evidence": the object of a person's verb.
            let v = start - 1;
            while (v >= 0 && (tokens[v]!.pos === 'ADV' || isQuote(tokens[v]))) v--;
            if (v >= 0 && tokens[v]!.pos === 'VERB' && subjectOf(tokens, v, ctx).kind === 'person') kind = 'person';
          }
        }
        if (kind === 'self' || !isAgent(kind)) continue;
        add({ family: 'judgement', rule: 'judgement', from: i, to: i + 1, rewrite: { kind: 'none' } });
        continue;
      }
      const attributive =
        t.pos === 'ADJ' && next && next.pos !== 'PUNCT' && (next.pos === 'NOUN' || next.pos === 'PROPN' || tokens[i - 1]?.pos === 'DET') && !(tokens[i - 1] && isBe(tokens[i - 1]));
      add({ family: 'judgement', rule: 'judgement', from: i, to: i + 1, rewrite: attributive ? { kind: 'drop-word' } : { kind: 'none' } });
    }
    for (let i = 0; i < tokens.length; i++) {
      for (const seq of JUDGEMENT_PHRASES) {
        const end = matchSequence(tokens, i, seq);
        if (end < 0 || deniedBefore(tokens, i, 3)) continue;
        const self = tokens.slice(Math.max(0, i - 3), end).some((w) => FIRST_PERSON.has(w.lower));
        add({ family: self ? 'self-blame' : 'judgement', rule: 'judgement', from: i, to: end, rewrite: { kind: 'none' } });
      }
      for (const seq of AGENT_JUDGEMENT_PHRASES) {
        const end = matchSequence(tokens, i, seq);
        if (end < 0 || deniedBefore(tokens, i, 3)) continue;
        const s = subjectOf(tokens, i, ctx);
        const family = agentFamily(s.kind);
        if (family) add({ family: family === 'self-blame' ? family : 'judgement', rule: 'judgement', from: i, to: end, rewrite: { kind: 'none' } });
      }
    }
  },

  // "should have checked", "could have rolled back", "should at least have directed", "should have been caught".
  function hindsight(tokens, ctx, add) {
    for (let i = 0; i < tokens.length; i++) {
      const modal = tokens[i]!.lower;
      if (!/^(?:should|ought|could|would)$/.test(modal)) continue;
      let k = i + 1;
      if (modal === 'ought' && tokens[k]?.lower === 'to') k++;
      let negated = false;
      while (k < tokens.length && (tokens[k]!.pos === 'ADV' || tokens[k]!.pos === 'PART' || isQuote(tokens[k]) || (tokens[k]!.lower === 'at' && tokens[k + 1]?.lower === 'least') || (tokens[k]!.lower === 'least' && tokens[k - 1]?.lower === 'at'))) {
        if (/^(?:not|n't|never)$/.test(tokens[k]!.lower)) negated = true;
        k++;
      }
      if (!tokens[k] || lemmaOf(tokens[k]) !== 'have') continue;
      const have = k;
      k++;
      while (k < tokens.length && (tokens[k]!.pos === 'ADV' || isQuote(tokens[k]))) k++;
      let passive = false;
      if (tokens[k]?.lower === 'been') {
        passive = true;
        k++;
        while (k < tokens.length && (tokens[k]!.pos === 'ADV' || isQuote(tokens[k]))) k++;
      }
      const verb = tokens[k];
      if (!verb || !(verb.pos === 'VERB' || (passive && verb.pos === 'ADJ'))) continue;
      const lemma = lemmaOf(verb);
      if (modal === 'could' && negated) continue;
      if (passive) {
        if (!HINDSIGHT_PASSIVE.has(lemma)) continue;
        // "would have been caught" is hindsight only with its condition: "… if someone had looked".
        if (modal === 'would' && !tokens.slice(k).some((w) => w.lower === 'if')) continue;
        add({ family: 'hindsight', rule: 'hindsight', from: i, to: k + 1, rewrite: { kind: 'none' } });
        continue;
      }
      if (modal === 'would') continue;
      if (modal === 'could' && IMPACT_VERBS.has(lemma)) continue;
      const s = subjectOf(tokens, i, ctx);
      if (!isAgent(s.kind)) {
        // A sentence that opens on the modal ("Should have checked the metrics") is a person's note.
        if (!(s.index < 0 && tokens.slice(0, i).every((w) => w.pos === 'PUNCT'))) continue;
      }
      add({
        family: 'hindsight',
        rule: 'hindsight',
        from: i,
        to: k + 1,
        rewrite: COGNITION_VERBS.has(lemma) || negated ? { kind: 'none' } : { kind: 'prompt', verb: k },
      });
      void have;
    }
  },

  // "If Bob had run the slice report, …would not have…", "Had Priya escalated at 14:00, …".
  function counterfactual(tokens, ctx, add) {
    const hasWould = tokens.some((w, i) => /^(?:would|could|might)$/.test(w.lower) && tokens.slice(i + 1, i + 4).some((x) => lemmaOf(x) === 'have'));
    if (!hasWould) return;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      let subjFrom = -1;
      if (t.lower === 'if') subjFrom = i + 1;
      else if (t.lower === 'had' && (i === 0 || tokens[i - 1]!.pos === 'PUNCT')) subjFrom = i + 1;
      else continue;
      // Find the subject noun phrase and the participle.
      let k = subjFrom;
      while (k < tokens.length && k < subjFrom + 8 && !(lemmaOf(tokens[k]) === 'have' && t.lower === 'if') && tokens[k]!.pos !== 'VERB') k++;
      if (t.lower === 'if') {
        if (lemmaOf(tokens[k]) !== 'have') continue;
        const kind = npAgent(tokens, k - 1, ctx);
        let v = k + 1;
        while (v < tokens.length && (tokens[v]!.pos === 'ADV' || tokens[v]!.pos === 'PART')) v++;
        if (!isAgent(kind) || tokens[v]?.pos !== 'VERB') continue;
        add({ family: 'hindsight', rule: 'counterfactual', from: i, to: v + 1, rewrite: { kind: 'prompt', verb: v } });
      } else {
        if (k >= tokens.length || tokens[k]!.pos !== 'VERB' || k === subjFrom) continue;
        const kind = npAgent(tokens, k - 1, ctx);
        if (!isAgent(kind)) continue;
        add({ family: 'hindsight', rule: 'counterfactual', from: i, to: k + 1, rewrite: { kind: 'prompt', verb: k } });
      }
    }
  },

  function selfBlame(tokens, _ctx, add) {
    for (let i = 0; i < tokens.length; i++) {
      for (const seq of SELF_BLAME_PHRASES) {
        const end = matchSequence(tokens, i, seq);
        if (end < 0) continue;
        if (deniedBefore(tokens, i, 3) && seq[0] !== 'no') continue;
        if (tokens.slice(Math.max(0, i - 3), i).some((x) => /^(?:from|own|learn|why|whether|how|if)$/.test(lemmaOf(x)))) continue;
        // "we fail" is about us only when "we" is the subject of "fail", not "… we failover".
        if (seq[1] === 'fail' && (tokens[i + 1]!.pos !== 'VERB' || tokens[i + 2]?.lower === 'to')) continue;
        add({ family: 'self-blame', rule: 'self_blame', from: i, to: end, rewrite: { kind: 'none' } });
      }
    }
  },
];

/** The object noun phrase starting at `from` (determiners dropped): "the rollout checklist". */
function objectSpan(tokens: Token[], from: number): [number, number] | null {
  let s = from;
  while (s < tokens.length && (tokens[s]!.pos === 'DET' || tokens[s]!.pos === 'PRON' && /^(?:our|their|his|her|its|the)$/.test(tokens[s]!.lower))) s++;
  let e = s;
  while (e < tokens.length && (NP_INNER.has(tokens[e]!.pos) && tokens[e]!.pos !== 'DET' || tokens[e]!.text === '-')) e++;
  return e > s ? [s, e] : null;
}

/** Every finding in one sentence, earliest first; a phrase claimed by one rule is not reported again. */
export function findHits(tokens: Token[], ctx: RuleContext): Hit[] {
  const hits: Hit[] = [];
  const add: Add = (hit) => {
    if (hits.some((h) => hit.from < h.to && hit.to > h.from)) return;
    hits.push(hit);
  };
  for (const rule of rules) rule(tokens, ctx, add);
  return hits.sort((a, b) => a.from - b.from);
}
