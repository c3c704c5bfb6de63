import { createRequire } from 'node:module';

/**
 * The English parser behind the review: wink-nlp with its light English model, both shipped in
 * their npm packages (no network, no data files read at run time). Loading the model costs a few
 * hundred milliseconds, so it happens once per process and only when a text first needs parsing —
 * importing the post-mortem code (or a test that never reviews) does not pay for it.
 */

export interface Token {
  text: string;
  lower: string;
  lemma: string;
  /** Universal POS tag (NOUN, PROPN, VERB, AUX, ADJ, ADV, ADP, DET, PRON, PART, SCONJ, CCONJ, PUNCT, …). */
  pos: string;
  /** Character offsets within the sentence. */
  start: number;
  end: number;
}

export interface ParsedSentence {
  text: string;
  /** Offset of the sentence within the text it was split from. */
  offset: number;
  tokens: Token[];
}

interface WinkItem {
  out(f?: unknown): unknown;
}
interface WinkDoc {
  sentences(): { each(cb: (s: WinkItem & { tokens(): { out(f?: unknown): unknown[] } }) => void): void };
}
interface Wink {
  readDoc(text: string): WinkDoc;
  its: Record<string, unknown>;
}

let wink: Wink | null = null;

function load(): Wink {
  if (wink) return wink;
  // Synchronous and lazy: the review API is synchronous, and both packages are CommonJS.
  const require = createRequire(import.meta.url);
  const winkNLP = require('wink-nlp') as (model: unknown, pipe?: string[]) => Wink;
  const model = require('wink-eng-lite-web-model') as unknown;
  // Sentence boundaries, parts of speech and lemmas; entity and sentiment detection are not needed.
  wink = winkNLP(model, ['sbd', 'pos']);
  return wink;
}

/** Splits `text` into sentences and tokens. Deterministic: same text, same parse. */
export function parse(text: string): ParsedSentence[] {
  const nlp = load();
  const its = nlp.its;
  const out: ParsedSentence[] = [];
  let cursor = 0;
  nlp.readDoc(text).sentences().each((s) => {
    const sentenceText = String(s.out()).trim();
    let offset = text.indexOf(sentenceText, cursor);
    if (offset < 0) offset = cursor;
    cursor = offset + sentenceText.length;
    const values = s.tokens().out(its.value) as string[];
    const tags = s.tokens().out(its.pos) as string[];
    const lemmas = s.tokens().out(its.lemma) as string[];
    const tokens: Token[] = [];
    let at = 0;
    for (let i = 0; i < values.length; i++) {
      const value = values[i]!;
      let start = sentenceText.indexOf(value, at);
      // The tokenizer may normalise a token (curly quotes, expanded contractions): keep going.
      if (start < 0) start = at;
      const end = Math.min(sentenceText.length, start + value.length);
      at = end;
      const lower = value.toLowerCase();
      tokens.push({ text: value, lower, lemma: normaliseLemma(lower, (lemmas[i] ?? lower).toLowerCase()), pos: tags[i] ?? 'X', start, end });
    }
    retagSentenceStart(nlp, tokens);
    out.push({ text: sentenceText, offset, tokens });
  });
  return out;
}

/**
 * The tagger reads any capitalised first word as a proper noun ("Challenges in diagnosing …",
 * "Engineers had been …"). A first word whose lower-case form the model lemmatises to something
 * else is an inflected common word, not a name: retag it so it is not mistaken for a company.
 */
const firstWordLemma = new Map<string, string>();

function retagSentenceStart(nlp: Wink, tokens: Token[]): void {
  const first = tokens.findIndex((t) => t.pos !== 'SPACE' && t.pos !== 'PUNCT');
  const t = tokens[first];
  if (!t || t.pos !== 'PROPN' || tokens[first + 1]?.pos === 'PROPN' || t.text === t.text.toUpperCase()) return;
  const lemma = firstWordLemma.get(t.lower) ?? String((nlp.readDoc(t.lower) as unknown as { tokens(): { out(f: unknown): unknown[] } }).tokens().out(nlp.its.lemma)[0] ?? t.lower).toLowerCase();
  if (firstWordLemma.size < 10_000) firstWordLemma.set(t.lower, lemma);
  // "Testing overlooked …": a gerund opening the sentence is an activity, not a company.
  if (lemma !== t.lower || /ing$/.test(t.lower)) {
    t.pos = 'NOUN';
    t.lemma = lemma;
  }
}

/** Lemmas the model leaves inflected or gets wrong in incident prose. */
function normaliseLemma(lower: string, lemma: string): string {
  if (lower === "n't" || lower === 'nt') return 'not';
  // "Mr." and "Dr.": titles are matched without their full stop.
  if (lemma.length > 1 && lemma.endsWith('.')) return lemma.slice(0, -1);
  if (lower === "'ve") return 'have';
  if (lower === 'fell') return 'fall';
  if (lower === 'overlooked') return 'overlook';
  if (lower === 'fat-fingered') return 'fat-finger';
  return lemma;
}
