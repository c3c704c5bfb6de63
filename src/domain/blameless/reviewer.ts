import {
  AGENT_JUDGEMENT_PHRASES,
  CENSURE_VERBS,
  ERROR_MARKERS,
  FAULT_NOUNS,
  FAULT_VERBS,
  HUMAN_ERROR_MODIFIERS,
  JUDGEMENT_PHRASES,
  SELF_BLAME_PHRASES,
  STRONG_JUDGEMENT,
  WEAK_JUDGEMENT,
} from './lexicon';
import { parse, type Token } from './nlp';
import { findHits, type BlamelessFamily, type BlamelessRuleId, type Hit, type RuleContext } from './rules';

/**
 * Blameless review: finds sentences that pin an outcome on a person or a group, judge them, or
 * argue from hindsight, and says for each which family it belongs to and what to write instead —
 * a rewording when one can be built safely from the sentence's own words, otherwise the question
 * the author should answer. Pure and deterministic: the same texts give the same findings.
 */

export interface BlamelessSource {
  /** Where the text came from, shown to the reader (e.g. "5 Whys, why 3"). */
  where: string;
  text: string;
  /** A record of what someone wrote at the time (a quoted timeline entry): pointed at, never reworded. */
  record?: boolean;
}

export interface BlamelessFinding {
  where: string;
  family: BlamelessFamily;
  /** Which rule matched, for tests and tuning; readers see the family. */
  rule: BlamelessRuleId;
  /** The whole sentence the phrase sits in, as written. */
  sentence: string;
  /** The phrase that carries the blame, as written. */
  phrase: string;
  /** Offset of `phrase` within `sentence`. */
  index: number;
  /** A reworded sentence that keeps the facts, or null when no safe rewording exists (and for records). */
  suggestion: string | null;
  /** The question to answer instead of (or as well as) the rewording. */
  question: string;
  /** What the author should add that a rewording cannot know. */
  hint: string;
  /** The sentence is quoted from the timeline: address it in the analysis, do not rewrite it. */
  record: boolean;
}

export const BLAMELESS_FAMILY_INFO: Record<BlamelessFamily, { title: string; why: string; question: string; hint: string }> = {
  person: {
    title: 'person blamed',
    why: 'Names a person as the cause, which ends the inquiry where it should start.',
    question: 'What made this step easy to get wrong at the time?',
    hint: 'Name the step and the safeguard (check, default, confirmation, alert) that was missing, not the person.',
  },
  organisation: {
    title: 'organisation or group blamed',
    why: 'Pins the outcome on a team or an organisation instead of the conditions it worked in.',
    question: 'Which conditions (process, tooling, information, incentives) made this outcome possible?',
    hint: 'Describe the process, tooling or information gap, and what the people involved could see then.',
  },
  hindsight: {
    title: 'hindsight',
    why: 'Judges a past decision by what is known only now.',
    question: 'What did the people involved know at the time, and why did their choice make sense then?',
    hint: 'Describe what was visible then and what would have had to be true for the other path to look right.',
  },
  judgement: {
    title: 'judgement',
    why: 'Judges character or competence and says nothing about the conditions that made the slip likely.',
    question: 'What conditions (time pressure, missing checks, unclear ownership, confusing tooling) made this happen?',
    hint: 'Replace the verdict with the conditions and the facts that led to it.',
  },
  'self-blame': {
    title: 'self-blame',
    why: 'A verdict on ourselves still stops at who instead of how.',
    question: 'What made this outcome possible, and what will change so it cannot happen the same way?',
    hint: 'Keep the apology for the audience; in the analysis, describe the conditions and the fix.',
  },
};

export interface BlamelessOptions {
  /** Display names (and ids) of people: a sentence with one of them as its subject is about a person. */
  names?: readonly string[];
}

export interface Reviewer {
  review(sources: readonly BlamelessSource[]): BlamelessFinding[];
  reviewText(text: string, where: string, record?: boolean): BlamelessFinding[];
}

type SentenceFinding = Omit<BlamelessFinding, 'where' | 'record'>;

/** Parsed lines kept per reviewer: chatty timelines repeat the same text, and parsing is the cost. */
const MEMO_LIMIT = 20_000;

export function createBlamelessReviewer(options: BlamelessOptions = {}): Reviewer {
  const ctx: RuleContext = { names: nameParts(options.names ?? []) };
  const memo = new Map<string, SentenceFinding[]>();

  const reviewLine = (line: string): SentenceFinding[] => {
    const known = memo.get(line);
    if (known) return known;
    const out: SentenceFinding[] = [];
    for (const sentence of splitSentences(line)) {
      if (!TRIGGER.test(sentence)) continue;
      const tokens = tokenize(sentence);
      for (const hit of findHits(tokens, ctx)) out.push(toFinding(sentence, tokens, hit));
    }
    if (memo.size < MEMO_LIMIT) memo.set(line, out);
    return out;
  };

  const reviewText = (text: string, where: string, record = false): BlamelessFinding[] => {
    if (!TRIGGER.test(text)) return [];
    const findings: BlamelessFinding[] = [];
    for (const line of splitLines(text)) {
      if (!TRIGGER.test(line)) continue;
      for (const f of reviewLine(line)) {
        findings.push({ ...f, where, record, suggestion: record ? null : f.suggestion });
      }
    }
    return findings;
  };

  return {
    reviewText,
    review(sources) {
      const out: BlamelessFinding[] = [];
      for (const source of sources) for (const f of reviewText(source.text, source.where, source.record ?? false)) out.push(f);
      return out;
    },
  };
}

export function reviewBlameless(sources: readonly BlamelessSource[], options: BlamelessOptions = {}): BlamelessFinding[] {
  return createBlamelessReviewer(options).review(sources);
}

/** False when a text cannot produce a finding; lets callers skip building a source for it. */
export function mayAssignBlame(text: string): boolean {
  return TRIGGER.test(text);
}

/** Lines of a text, list markers dropped: each field line is parsed on its own. */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const trimmed = line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim();
    if (trimmed) out.push(trimmed);
  }
  return out;
}

/**
 * Sentences of one line. Split here rather than by the parser, which ends a sentence inside a
 * version number ("v4.2.0") and runs on past an abbreviated month ("26 Feb. Bob …").
 */
export function splitSentences(line: string): string[] {
  const out: string[] = [];
  let start = 0;
  const re = /[.!?]+["”’)]?\s+(?=[\p{Lu}\p{N}@<"“'(])/gu;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const before = line.slice(start, m.index + 1);
    if (ABBREVIATION.test(before)) continue;
    out.push(line.slice(start, m.index + m[0].length).trim());
    start = m.index + m[0].length;
  }
  const rest = line.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

const ABBREVIATION = /(?:^|[\s(])(?:mr|mrs|ms|dr|st|vs|no|jr|sr|prof|gen|gov|sen|rep|inc|ltd|co|corp|e\.g|i\.e|u\.s|a\.m|p\.m|[A-Z])\.$/i;

/** One sentence's tokens: the parser may still cut it in two, which the rules must not see. */
function tokenize(sentence: string): Token[] {
  const tokens: Token[] = [];
  for (const part of parse(sentence)) {
    for (const t of part.tokens) {
      if (t.pos === 'SPACE') continue;
      tokens.push({ ...t, start: t.start + part.offset, end: t.end + part.offset });
    }
  }
  // A Slack mention ("<@U0CAROL>") is one name, whatever the tokenizer made of its brackets.
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i]!.text === '<' && /^@/.test(tokens[i + 1]!.text) && tokens[i + 2]!.text === '>') {
      const text = sentence.slice(tokens[i]!.start, tokens[i + 2]!.end);
      tokens.splice(i, 3, { text, lower: text.toLowerCase(), lemma: text.toLowerCase(), pos: 'PROPN', start: tokens[i]!.start, end: tokens[i + 2]!.end });
    }
  }
  return tokens;
}

function nameParts(names: readonly string[]): Set<string> {
  const parts = new Set<string>();
  for (const raw of names) {
    for (const part of raw.trim().toLowerCase().split(/[\s._-]+/)) {
      if (part.length >= 3 && /^\p{L}+$/u.test(part) && !NAME_STOPWORDS.has(part)) parts.add(part);
    }
  }
  return parts;
}

/** Name parts that are also ordinary words: a name is not assumed where the word is meant. */
const NAME_STOPWORDS = new Set([
  'will', 'may', 'max', 'mark', 'bill', 'pat', 'art', 'grant', 'page', 'case', 'lane', 'rose', 'joy', 'hope', 'faith', 'dawn',
  'summer', 'june', 'april', 'august', 'sky', 'river', 'king', 'young', 'long', 'little', 'white', 'black', 'brown', 'green',
  'the', 'and', 'bot', 'admin', 'team', 'dev', 'ops', 'sre', 'oncall', 'test', 'user', 'guest', 'data', 'model', 'prod', 'staging',
  'responder',
]);

// ---------------------------------------------------------------------------------------------
// Pre-filter: a sentence with none of the anchor words of any rule cannot produce a finding, so
// it is never parsed. Built from the lexicon so that a word added there is never filtered out.

const IRREGULAR = ['misled', 'forgot', 'forgotten', 'fell', 'lied', 'sat', 'took', 'blew', 'let', 'gave', 'shown', 'had', 'made', 'knew', 'known', 'foresaw', 'foreseen', 'saw', 'seen', 'caught', 'thought', 'understood', 'cut', 'ran'];
const ANCHORS = [
  ...FAULT_VERBS, ...CENSURE_VERBS, ...STRONG_JUDGEMENT, ...WEAK_JUDGEMENT, ...FAULT_NOUNS, ...ERROR_MARKERS, ...HUMAN_ERROR_MODIFIERS,
  ...[...JUDGEMENT_PHRASES, ...AGENT_JUDGEMENT_PHRASES, ...SELF_BLAME_PHRASES].map((p) => p.find((w) => w !== '*' && w.length > 3) ?? p[0]!),
  'blame', 'fault', 'cause', 'responsible', 'fail', 'not', 'never', 'without', 'should', 'ought', 'could', 'would', 'if', 'instead', 'intended',
];
const TRIGGER = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${[...new Set([...ANCHORS.map(stem), ...IRREGULAR])].sort((a, b) => b.length - a.length).map(escapeRe).join('|')})|n['’]t(?![\\p{L}])`,
  'iu',
);

function stem(word: string): string {
  const w = word.toLowerCase();
  if (w.length <= 4) return w;
  return w.replace(/(?:e|y|ing|ed|ly|ness|ence|ent)$/, '');
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------
// Suggestions: built only from the sentence's own words, and only in shapes that stay grammatical;
// everything else gets the family's question.

const SYSTEM_FRAME = 'At the time, nothing in the process or tooling prompted anyone to';
const CLAUSE_END = new Set(['because', 'but', 'so', 'although', 'though', 'while', 'when', 'unless', 'whereas', 'which', 'who']);

function toFinding(sentence: string, tokens: Token[], hit: Hit): SentenceFinding {
  const first = tokens[hit.from]!;
  const last = tokens[hit.to - 1]!;
  const info = BLAMELESS_FAMILY_INFO[hit.family];
  const phrase = sentence.slice(first.start, last.end);
  const suggestion = suggest(sentence, tokens, hit);
  return {
    family: hit.family,
    rule: hit.rule,
    sentence,
    phrase,
    index: first.start,
    suggestion: suggestion && isSafeSuggestion(suggestion, phrase) ? suggestion : null,
    question: info.question,
    hint: info.hint,
  };
}

function suggest(sentence: string, tokens: Token[], hit: Hit): string | null {
  const rw = hit.rewrite;
  switch (rw.kind) {
    case 'human-error': {
      const next = tokens[hit.to];
      // Only where the phrase ends its clause ("caused by human error.", "… human error during the deploy").
      if (next && !(next.pos === 'PUNCT' || /^(?:during|in|on|while|when|at)$/.test(next.lower))) return null;
      let start = tokens[hit.from]!.start;
      const article = tokens[hit.from - 1];
      if (article && /^(?:a|an)$/i.test(article.text)) start = article.start;
      const plural = /s$/i.test(tokens[hit.to - 1]!.text);
      const replacement = plural ? 'steps that the process and tooling made easy to get wrong' : 'a step that the process and tooling made easy to get wrong';
      return sentenceCase(`${sentence.slice(0, start)}${replacement}${sentence.slice(tokens[hit.to - 1]!.end)}`);
    }
    case 'drop-word': {
      const word = tokens[hit.from]!;
      const next = tokens[hit.from + 1];
      if (!next) return null;
      let before = sentence.slice(0, word.start);
      const articleMatch = /\b(a|an)\s+$/i.exec(before);
      if (articleMatch) {
        const article = /^[aeiou]/i.test(next.text) ? 'an' : 'a';
        const cased = articleMatch[1]![0] === 'A' ? article[0]!.toUpperCase() + article.slice(1) : article;
        before = `${before.slice(0, articleMatch.index)}${cased} `;
      }
      return sentenceCase(`${before}${sentence.slice(next.start)}`);
    }
    case 'prompt': {
      const vp = verbPhrase(sentence, tokens, rw.verb);
      return vp ? `${SYSTEM_FRAME} ${vp}.` : null;
    }
    case 'not-followed': {
      const [s, e] = rw.object;
      const object = sentence.slice(tokens[s]!.start, tokens[e - 1]!.end);
      const plural = tokens[e - 1]!.lemma !== tokens[e - 1]!.lower && /s$/.test(tokens[e - 1]!.lower);
      return `The ${object} ${plural ? 'were' : 'was'} not followed at the time.`;
    }
    default:
      return null;
  }
}

/** "checked the per-slice metrics before the rollout" → "check the per-slice metrics before the rollout". */
function verbPhrase(sentence: string, tokens: Token[], v: number): string | null {
  const verb = tokens[v];
  if (!verb || verb.pos !== 'VERB') return null;
  const parts: string[] = [verb.lemma];
  let cursor = verb.end;
  for (let i = v + 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    // A colon inside a time ("at 14:00") is part of the phrase.
    const inTime = t.text === ':' && /\d$/.test(prevText(tokens, i)) && /^\d/.test(tokens[i + 1]?.text ?? '');
    if (t.pos === 'PUNCT' && /^[.,;:!?()—–"“”]$/.test(t.text) && !inTime) break;
    if (t.pos === 'SCONJ' || CLAUSE_END.has(t.lower)) break;
    const gap = sentence.slice(cursor, t.start);
    const prev = tokens[i - 1]!;
    // A coordinated verb takes the base form too: "checked the metrics and rolled back".
    const word = t.pos === 'VERB' && /^(?:and|or)$/.test(prev.lower) ? t.lemma : t.text;
    parts.push(gap + word);
    cursor = t.end;
  }
  const vp = parts.join('').trim();
  // A bare verb ("prompted anyone to check") says too little to keep the sentence's facts.
  return vp.split(/\s+/).length >= 2 ? vp : null;
}

function prevText(tokens: Token[], i: number): string {
  return tokens[i - 1]?.text ?? '';
}

function sentenceCase(s: string): string {
  const t = s.trim().replace(/\s{2,}/g, ' ');
  const body = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]["”’)]?$/.test(body) ? body : `${body}.`;
}

/** A suggestion must drop the phrase it replaces and read as a sentence. */
function isSafeSuggestion(suggestion: string, phrase: string): boolean {
  if (suggestion.toLowerCase().includes(phrase.toLowerCase())) return false;
  if (!/^[A-Z"“]/.test(suggestion) || !/[.!?]["”’)]?$/.test(suggestion)) return false;
  if (/\b(a|an|the)\s+(a|an|the)\b/i.test(suggestion)) return false;
  if (/\b(?:should|ought to|could)(?:\s+\w+)?\s+have\b/i.test(suggestion)) return false;
  return true;
}
