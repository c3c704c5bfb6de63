/**
 * Blameless review: finds phrases that assign blame or argue from hindsight, and proposes a
 * rewording toward what the system allowed and what was known at the time.
 *
 * The hard part is not firing on ordinary engineering prose. "Failed to", "should have" and
 * "could have" are blame only when a person is the subject ("the deploy failed to roll back" is a
 * fact about a system; "Alice failed to roll back" is a verdict about a person) or when the modal
 * is a hindsight perfect ("should have been caught") rather than a requirement ("should have a
 * fallback"). The rules therefore look at the clause's subject and at the verb form, and prefer
 * missing a borderline phrase over nagging a team about correct technical language.
 */

export const BLAMELESS_RULES = [
  'human_error',
  'hindsight_should',
  'hindsight_could',
  'counterfactual',
  'did_not_follow',
  'failed_to',
  'forgot',
  'person_failure',
  'person_omission',
  'judgement',
  'blame',
  'fault',
] as const;
export type BlamelessRule = (typeof BLAMELESS_RULES)[number];

export const BLAMELESS_RULE_INFO: Record<BlamelessRule, { title: string; why: string }> = {
  human_error: { title: '"human error"', why: 'Names people as the cause and ends the inquiry where it should start.' },
  hindsight_should: { title: 'hindsight ("should have")', why: 'Judges a past decision by what is known only now.' },
  hindsight_could: { title: 'hindsight ("could have")', why: 'Judges a past decision by what is known only now.' },
  counterfactual: { title: 'counterfactual about a person', why: 'Describes what a person did not do instead of what happened and why.' },
  did_not_follow: { title: 'procedure not followed', why: 'Points at a person deviating from a procedure without asking why it did not fit the situation.' },
  failed_to: { title: '"failed to" about a person', why: 'Frames a decision made with the information at hand as a personal failing.' },
  forgot: { title: '"forgot to"', why: 'Blames memory for a step a process or tool could have carried.' },
  person_failure: { title: 'person as the cause', why: 'Names a person as the subject of the failure.' },
  person_omission: { title: 'person as the cause (omission)', why: 'Frames something a person did not do as the cause.' },
  judgement: { title: 'judgement of a person', why: 'Judges character; says nothing about the conditions that made the slip likely.' },
  blame: { title: 'blame', why: 'Assigns blame explicitly.' },
  fault: { title: 'fault', why: 'Assigns fault to a person or team.' },
};

export interface BlamelessSource {
  /** Where the text came from, shown to the reader (e.g. "5 Whys, why 3"). */
  where: string;
  text: string;
}

export interface BlamelessFinding {
  where: string;
  rule: BlamelessRule;
  /** The whole sentence the phrase sits in, as written. */
  sentence: string;
  /** The offending phrase, as written. */
  phrase: string;
  /** Offset of `phrase` within `sentence`. */
  index: number;
  /** A reworded sentence. */
  suggestion: string;
  /** What the author should add that the rewording cannot know. */
  hint: string;
}

const PERSON_NOUNS = [
  'engineers?',
  'developers?',
  'devs?',
  'reviewers?',
  'on-?call(?:ers?)?',
  'on call',
  'operators?',
  'analysts?',
  'teams?',
  'teammates?',
  'staff',
  'authors?',
  'approvers?',
  'scientists?',
  'managers?',
  'leads?',
  'commanders?',
  'responders?',
  'admins?',
  'administrators?',
  'person',
  'people',
  'sres?',
  'owners?',
  'recruiters?',
  'annotators?',
  'labell?ers?',
  'interns?',
  'contractors?',
  'colleagues?',
  'employees?',
  'humans?',
];

/** "they" is left out on purpose: in incident prose it refers to jobs and checks as often as to people. */
const PERSON_PRONOUNS = ['somebody', 'someone', 'nobody', 'no one', 'everyone', 'everybody', 'anyone', 'anybody', 'we', 'he', 'she', 'you', 'who'];

/** Short or dictionary-like name parts that would match ordinary words. */
const NAME_STOPWORDS = new Set([
  'will', 'may', 'max', 'mark', 'bill', 'pat', 'art', 'grant', 'page', 'case', 'lane', 'rose', 'joy', 'hope', 'faith', 'dawn',
  'summer', 'june', 'april', 'august', 'sky', 'river', 'king', 'young', 'long', 'little', 'white', 'black', 'brown', 'green',
  'the', 'and', 'bot', 'admin', 'team', 'dev', 'ops', 'sre', 'oncall', 'test', 'user', 'guest', 'data', 'model', 'prod', 'staging',
]);

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Letters/digits on either side mean we are inside a larger word. */
const WB_START = '(?<![\\p{L}\\p{N}_])';
const WB_END = '(?![\\p{L}\\p{N}_])';

export interface BlamelessOptions {
  /** Display names (and ids) of people: a sentence with one of them as its subject is about a person. */
  names?: readonly string[];
}

const IRREGULAR_BASE: Record<string, string> = {
  been: 'be', known: 'know', seen: 'see', caught: 'catch', done: 'do', gone: 'go', run: 'run', ran: 'run', taken: 'take',
  written: 'write', rewritten: 'rewrite', read: 'read', reread: 'reread', sent: 'send', built: 'build', rebuilt: 'rebuild',
  made: 'make', put: 'put', set: 'set', reset: 'reset', told: 'tell', found: 'find', thought: 'think', got: 'get', gotten: 'get',
  held: 'hold', kept: 'keep', left: 'leave', brought: 'bring', begun: 'begin', chosen: 'choose', given: 'give', spoken: 'speak',
  understood: 'understand', paid: 'pay', said: 'say', shut: 'shut', let: 'let', cut: 'cut', hit: 'hit', spent: 'spend', felt: 'feel',
  meant: 'mean', heard: 'hear', shown: 'show', drawn: 'draw', driven: 'drive', frozen: 'freeze', foreseen: 'foresee',
  withdrawn: 'withdraw', broken: 'break', forgotten: 'forget', stuck: 'stick', led: 'lead', fed: 'feed', won: 'win', sold: 'sell',
  taught: 'teach', bought: 'buy', sought: 'seek', struck: 'strike', proven: 'prove', overseen: 'oversee', mistaken: 'mistake',
  undertaken: 'undertake', rerun: 'rerun', hidden: 'hide', overridden: 'override', ridden: 'ride', risen: 'rise', fallen: 'fall',
  woken: 'wake', shaken: 'shake', stolen: 'steal', worn: 'wear', torn: 'tear', sworn: 'swear', thrown: 'throw', blown: 'blow',
  grown: 'grow', flown: 'fly', lain: 'lie', dealt: 'deal', spread: 'spread', split: 'split', quit: 'quit', upheld: 'uphold',
  saw: 'see', embedded: 'embed', synced: 'sync', routed: 'route', panicked: 'panic', biased: 'bias', created: 'create', pasted: 'paste',
  wasted: 'waste', tasted: 'taste', deleted: 'delete', completed: 'complete', competed: 'compete', ignored: 'ignore',
  stored: 'store', restored: 'restore', explored: 'explore', scored: 'score', scaled: 'scale', consoled: 'console',
  noted: 'note', voted: 'vote', quoted: 'quote', promoted: 'promote', demoted: 'demote', devoted: 'devote', cloned: 'clone',
  zoned: 'zone', phoned: 'phone', honed: 'hone', developed: 'develop', added: 'add', padded: 'pad',
};

const PARTICIPLE_LIKE = /^(?:[a-z]+(?:ed|en|wn)|been|done|gone|known|seen|caught|run|made|put|set|told|found|thought|got|held|kept|left|brought|paid|said|shut|let|cut|hit|spent|felt|meant|heard|read|sent|built|led|fed|won|sold|taught|bought|sought|struck|stuck|dealt|spread|split|quit|understood)$/;

/** Words ending in -ed/-en/-wn that are not verb participles in the positions we look at. */
const NOT_PARTICIPLES = new Set(['need', 'often', 'even', 'open', 'token', 'golden', 'sudden', 'kitten', 'garden', 'seed', 'speed', 'feed', 'red', 'bed', 'shed', 'own', 'town', 'down', 'brown', 'gown']);

export function isParticiple(word: string): boolean {
  const w = word.toLowerCase();
  if (NOT_PARTICIPLES.has(w)) return false;
  return PARTICIPLE_LIKE.test(w) && w.length > 2;
}

/**
 * Past participle → base form, good enough for rewording suggestions ("checked" → "check",
 * "escalated" → "escalate", "caught" → "catch"). English spelling defeats simple rules, so common
 * verbs that the rules get wrong are listed; an unknown word comes back unchanged.
 */
export function toBaseForm(participle: string): string {
  const w = participle.toLowerCase();
  const irregular = IRREGULAR_BASE[w];
  if (irregular) return irregular;
  if (!w.endsWith('ed') || w.length < 4) return w;
  if (w.endsWith('ied') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('eed')) return w.slice(0, -1);
  let stem = w.slice(0, -2);
  const last = stem[stem.length - 1]!;
  const prev = stem[stem.length - 2] ?? '';
  if (last === prev && /[bcgkmnprtv]/.test(last)) return stem.slice(0, -1);
  if (needsFinalE(stem)) stem += 'e';
  return stem;
}

function needsFinalE(stem: string): boolean {
  const V = '[aeiou]';
  const C = '[^aeiou]';
  const tests: RegExp[] = [
    new RegExp(`${C}at$`),
    new RegExp(`${C}ut$`),
    /(?<!cu|bia)s$/,
    /(?<!o)n?g$/,
    /c$/,
    /v$/,
    /z$/,
    /u$/,
    /(?:[^e]a|[^ae]i|u)r$/,
    new RegExp(`${C}l$`),
    new RegExp(`${C}[ui]l$`),
    new RegExp(`${C}${V}m$`),
    new RegExp(`${C}[iu]n$`),
    new RegExp(`${C}[aeiouy][pkbd]$`),
  ];
  if (/(?:ss|sh|ch|ck|ng|ll)$/.test(stem) && !/(?:[ae]ng)$/.test(stem)) return false;
  return tests.some((re) => re.test(stem));
}

/** Sentences of a text, split at line breaks and sentence-ending punctuation. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const trimmed = line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim();
    if (!trimmed) continue;
    for (const part of trimmed.split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}@<"“'(])/u)) {
      const s = part.trim();
      if (s) out.push(s);
    }
  }
  return out;
}

/** Hard clause boundaries: the subject of a verb is looked for after the last one of these. */
const CLAUSE_BOUNDARY =
  /(?:[;:()—–]|,\s|\s-\s|\b(?:and|but|because|so|since|when|whenever|while|although|though|after|before|until|once|if|then|where|whereas|as)\b)/giu;

export interface Reviewer {
  review(sources: readonly BlamelessSource[]): BlamelessFinding[];
  reviewText(text: string, where: string): BlamelessFinding[];
  /** Whether a phrase (a clause's subject) refers to a person. */
  isPerson(subject: string): boolean;
}

interface Match {
  rule: BlamelessRule;
  index: number;
  phrase: string;
  suggestion: string;
  hint: string;
}

/** A compiled reviewer: the name patterns are built once so a long timeline stays linear. */
export function createBlamelessReviewer(options: BlamelessOptions = {}): Reviewer {
  const nameAlternatives = buildNameAlternatives(options.names ?? []);
  const personWord = `(?:${[...PERSON_NOUNS, ...PERSON_PRONOUNS, ...nameAlternatives].join('|')})`;
  const mention = `<@[A-Z0-9]+(?:\\|[^>]*)?>|(?<![\\w])@[\\p{L}\\p{N}._-]+`;
  const personRe = new RegExp(`(?:${WB_START}${personWord}${WB_END}(?!['’]s${WB_END})|${mention})`, 'iu');
  // "I" only in capitals: a case-insensitive match would take the "i" of "i.e." for a person.
  const firstPerson = new RegExp(`${WB_START}I(?![\\p{L}\\p{N}_.'’])`, 'u');
  const names = nameAlternatives.length ? `${nameAlternatives.join('|')}|` : '';
  const personSubjectStart = `(?:${mention}|${WB_START}(?:${names}I|we|he|she|someone|somebody|(?:the|our|an?)\\s+(?:[\\p{L}-]+\\s+)?(?:${PERSON_NOUNS.join('|')}))${WB_END})`;
  const personFailureRe = buildPersonFailure(personSubjectStart);

  const isPerson = (subject: string): boolean => personRe.test(subject) || firstPerson.test(subject);

  /** The words that govern the verb at `index`: after the last clause boundary or relative word. */
  const subjectBefore = (sentence: string, index: number): string => {
    const prefix = sentence.slice(0, index);
    let start = 0;
    CLAUSE_BOUNDARY.lastIndex = 0;
    for (let m = CLAUSE_BOUNDARY.exec(prefix); m; m = CLAUSE_BOUNDARY.exec(prefix)) start = m.index + m[0].length;
    let clause = prefix.slice(start).trim();
    // "The alert that Bob set up failed": a relative clause, the subject is the noun before it.
    // "We saw that the job failed": a complement clause, the subject follows "that".
    const rel = /^(.*?)\s*\b(that|which)\b\s*(.*)$/isu.exec(clause);
    if (rel) {
      const head = rel[1]!.trim();
      const relative =
        rel[2]!.toLowerCase() === 'which' ||
        rel[3]!.trim() === '' ||
        (/^(?:the|a|an|this|these|those|our|its|their|every|each|no|any)\b/i.test(head) && head.split(/\s+/).length <= 5);
      clause = relative ? head : rel[3]!.trim();
    }
    return clause.split(/\s+/).slice(-8).join(' ');
  };

  const ctx: RuleContext = { isPerson, subjectBefore, personFailureRe };
  const matchSentence = (sentence: string): Match[] => {
    const found: Match[] = [];
    const taken: [number, number][] = [];
    const add = (m: Match) => {
      const end = m.index + m.phrase.length;
      if (taken.some(([a, b]) => m.index < b && end > a)) return;
      taken.push([m.index, end]);
      found.push(m);
    };
    for (const rule of RULE_ORDER) RULES[rule](sentence, ctx, add);
    return found.sort((a, b) => a.index - b.index);
  };

  const reviewText = (text: string, where: string): BlamelessFinding[] => {
    if (!TRIGGER.test(text)) return [];
    const findings: BlamelessFinding[] = [];
    for (const sentence of splitSentences(text)) {
      if (!TRIGGER.test(sentence)) continue;
      for (const m of matchSentence(sentence)) {
        findings.push({ where, rule: m.rule, sentence, phrase: m.phrase, index: m.index, suggestion: m.suggestion, hint: m.hint });
      }
    }
    return findings;
  };

  return {
    isPerson,
    reviewText,
    review(sources) {
      const out: BlamelessFinding[] = [];
      for (const source of sources) for (const f of reviewText(source.text, source.where)) out.push(f);
      return out;
    },
  };
}

export function reviewBlameless(sources: readonly BlamelessSource[], options: BlamelessOptions = {}): BlamelessFinding[] {
  return createBlamelessReviewer(options).review(sources);
}

function buildNameAlternatives(names: readonly string[]): string[] {
  const variants = new Set<string>();
  for (const raw of names) {
    const name = raw.trim();
    if (name.length < 2) continue;
    variants.add(name.toLowerCase());
    for (const token of name.split(/[\s._-]+/)) {
      const t = token.toLowerCase();
      if (t.length >= 3 && !NAME_STOPWORDS.has(t) && /^\p{L}+$/u.test(t)) variants.add(t);
    }
  }
  // Longest first so "Alice Chen" wins over "Alice" and the whole name is quoted.
  return [...variants].sort((a, b) => b.length - a.length).map((v) => escapeRe(v).replace(/\s+/g, '\\s+'));
}

/** A cheap pre-filter: a text without any of these words cannot produce a finding. */
const TRIGGER =
  /human[- ]errors?|should(?:n['’]t| not)?(?: have|['’]ve)|ought to have|could(?: have|['’]ve)|\bif\b|\bhad\b|fail|forg[eo]t|neglect|follow|ignor|disregard|skipp|bypass|careless|negligen|lazy|laziness|sloppy|sloppiness|reckless|incompeten|irresponsib|stupid|dumb|inattent|blam|fault|broke|caused|missed|overlook|messed|screwed|botched|misconfigur|fat-finger|mistyp|accidental|mistaken|wrongly|incorrectly|mistake|did(?:n['’]t| not)|never/i;

/** False when a text cannot produce a finding; lets callers skip building a source for it. */
export function mayAssignBlame(text: string): boolean {
  return TRIGGER.test(text);
}

interface RuleContext {
  isPerson(subject: string): boolean;
  subjectBefore(sentence: string, index: number): string;
  /** Built once per reviewer: it embeds every known name. */
  personFailureRe: RegExp;
}

function buildPersonFailure(personSubjectStart: string): RegExp {
  const verbs =
    '(?:broke|caused|missed|ignored|overlooked|messed\\s+up|screwed\\s+up|botched|misconfigured|mis-configured|fat-fingered|mistyped|made\\s+(?:a|an)\\s+(?:mistake|error|blunder))';
  const adverbs = '(?:accidentally|mistakenly|wrongly|incorrectly|carelessly|inadvertently|erroneously)';
  const bad = '(?:pushed|deployed|merged|shipped|introduced|approved|released|applied)\\s+(?:a|an|the)\\s+(?:bad|wrong|broken|untested|buggy|faulty|incorrect)';
  return new RegExp(`(${personSubjectStart})\\s+(?:(${adverbs})\\s+([\\p{L}-]+)|(${verbs})|(${bad}))`, 'giu');
}

type RuleFn = (sentence: string, ctx: RuleContext, add: (m: Match) => void) => void;

const SYSTEM_FRAME = 'At the time, nothing in the process or tooling prompted anyone to';
const SYSTEM_FRAME_PASSIVE = 'At the time, nothing in the process or tooling was set up to';

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The rest of the clause after `from`: up to the next sentence or clause punctuation. */
function restOfClause(sentence: string, from: number): string {
  const rest = sentence.slice(from);
  const stop = rest.search(/[.;:!?()]|,\s|\s[—–-]\s/);
  return (stop >= 0 ? rest.slice(0, stop) : rest).trim();
}

/** "checked the metrics and rolled back" → "check the metrics and roll back". */
function verbPhraseToBase(vp: string): string {
  const words = vp.split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const convert = i === 0 || ((words[i - 1] === 'and' || words[i - 1] === 'or') && isParticiple(w));
    if (convert && /^[a-z-]+$/i.test(w)) words[i] = toBaseForm(w);
  }
  return words.join(' ');
}

function withPeriod(s: string): string {
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

function subjectForHint(subject: string): string {
  const s = subject.trim();
  if (!s) return 'the people involved';
  if (/^(?:we|i)$/i.test(s)) return 'the responders';
  if (/^(?:some|any|every|no)\s*(?:one|body)$/i.test(s)) return 'the people involved';
  return s.replace(/^(?:the|our)\s+/i, 'the ');
}

const KNEW_HINT = (subject: string) => `Add what ${subjectForHint(subject)} knew then and why the action taken made sense at the time.`;

/** Objects of a hindsight passive that shift responsibility to a reviewer or responder. */
const HINDSIGHT_PASSIVE =
  /^(?:caught|noticed|spotted|checked|reviewed|tested|seen|flagged|escalated|detected|prevented|avoided|known|foreseen|anticipated|predicted|picked|questioned|rolled|paged|obvious|clear|apparent|evident|stopped|handled|done|verified|validated|raised|reported)$/i;

/** Hindsight about knowledge: "should have known/foreseen" — reworded as what was visible then. */
const COGNITION = /^(?:known|realised|realized|understood|foreseen|anticipated|expected|predicted|guessed)$/i;

const IMPACT_VERBS = /^(?:lost|affected|hurt|harmed|exposed|leaked|gone|become|happened|reached|hit|had|cost|ended|spread|broken|been|taken|lasted|impacted|damaged)$/i;

const JUDGEMENT_WORDS =
  'careless(?:ly|ness)?|negligen(?:t|tly|ce)|lazy|laziness|sloppy|sloppily|sloppiness|reckless(?:ly|ness)?|incompeten(?:t|ce|tly)|irresponsibl[ey]|stupid(?:ity)?|dumb|inattentive|inattention';

const RULES: Record<BlamelessRule, RuleFn> = {
  human_error(sentence, _ctx, add) {
    const re = /human[- ]errors?/giu;
    for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
      const before = sentence.slice(Math.max(0, m.index - 24), m.index);
      if (/\b(?:not|no|rather than|instead of|isn['’]t|wasn['’]t|beyond)\s+(?:a\s+|an\s+|simply\s+|just\s+)?$/i.test(before)) continue;
      const replaced = `${sentence.slice(0, m.index)}a step that the process and tooling made easy to get wrong${sentence.slice(m.index + m[0].length)}`;
      add({
        rule: 'human_error',
        index: m.index,
        phrase: m[0],
        suggestion: capitalise(withPeriod(replaced.replace(/\ba a step\b/i, 'a step').replace(/\ban a step\b/i, 'a step'))),
        hint: 'Name the step and the safeguard (check, default, confirmation, alert) that was missing.',
      });
    }
  },

  hindsight_should(sentence, ctx, add) {
    modalPerfect(sentence, ctx, add, /\b(should(?:n['’]t| not)?|ought to)(?:\s+have|['’]ve)\s+(been\s+)?([\p{L}-]+)/giu, 'hindsight_should');
  },

  hindsight_could(sentence, ctx, add) {
    modalPerfect(sentence, ctx, add, /\b(could)(?:\s+have|['’]ve)\s+(been\s+)?([\p{L}-]+)/giu, 'hindsight_could');
  },

  counterfactual(sentence, ctx, add) {
    const forms = [
      /\bif\s+(.{1,80}?)\s+had(?:n['’]t|\s+not)?\s+([\p{L}-]+)/giu,
      /^(?:had)\s+(.{1,60}?)\s+(?:not\s+)?([\p{L}-]+ed|[\p{L}-]+en)\b/giu,
    ];
    if (!/\bwould(?:n['’]t|\s+not)?(?:\s+have|['’]ve)\b|\bwould\s+never\s+have\b/i.test(sentence)) return;
    for (const re of forms) {
      for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
        const subject = m[1]!;
        if (!ctx.isPerson(subject) || !isParticiple(m[2]!)) continue;
        const vpStart = m.index + m[0].length - m[2]!.length;
        const vp = verbPhraseToBase(restOfClause(sentence, vpStart));
        add({
          rule: 'counterfactual',
          index: m.index,
          phrase: m[0],
          suggestion: `${SYSTEM_FRAME} ${vp}.`,
          hint: `${KNEW_HINT(subject)} Describe what did happen rather than what did not.`,
        });
      }
    }
  },

  did_not_follow(sentence, ctx, add) {
    const re =
      /\b(?:did(?:n['’]t|\s+not)\s+follow|never\s+followed|failed\s+to\s+follow|failure\s+to\s+follow|not\s+following|ignored|disregarded|skipped|bypassed|circumvented|deviated\s+from)\s+(?:the\s+|our\s+|a\s+|an\s+)?((?:[\p{L}-]+\s+){0,3}?(?:runbook|process|procedure|policy|checklist|guidelines?|protocol|instructions|playbook|steps?|review|sign-?off|approval|alerts?|warnings?))\b/giu;
    for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
      const subject = ctx.subjectBefore(sentence, m.index);
      const processWord = /(?:runbook|process|procedure|policy|checklist|guidelines?|protocol|instructions|playbook|sign-?off|approval)$/i.test(m[1]!);
      const person = subject === '' ? m.index === 0 : ctx.isPerson(subject);
      // A system "ignores" inputs and "skips" steps by design; only not *following* a procedure is about people.
      const followVerb = /^(?:did|never|fail|not)/i.test(m[0]);
      if (!(person || (followVerb && processWord))) continue;
      const object = m[1]!.trim();
      const isAlert = /(?:alerts?|warnings?)$/i.test(object);
      add({
        rule: 'did_not_follow',
        index: m.index,
        phrase: m[0],
        suggestion: isAlert
          ? `The ${object} did not lead to action at the time.`
          : `The ${object} was not followed at the time.`,
        hint: isAlert
          ? 'Say what competed for attention then (alert volume, routing, other pages) and what the alert looked like.'
          : 'Say what made it hard to apply then: was it found, current, clear, and did it fit the situation?',
      });
    }
  },

  failed_to(sentence, ctx, add) {
    const re = /\b(?:failed|fails|failing|fail)\s+to\s+([\p{L}-]+)/giu;
    for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
      const subject = ctx.subjectBefore(sentence, m.index);
      if (!subject || !ctx.isPerson(subject)) continue;
      const vp = restOfClause(sentence, m.index + m[0].length - m[1]!.length);
      add({ rule: 'failed_to', index: m.index, phrase: m[0], suggestion: `${SYSTEM_FRAME} ${vp}.`, hint: KNEW_HINT(subject) });
    }
  },

  forgot(sentence, ctx, add) {
    const re = /\b(?:forgot|forgotten|neglected|omitted)(?:\s+to\s+([\p{L}-]+))?/giu;
    for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
      const subject = ctx.subjectBefore(sentence, m.index);
      const person = subject === '' ? m.index === 0 : ctx.isPerson(subject);
      if (/^(?:neglected|omitted)/i.test(m[0]) && !person) continue;
      const hasTo = m[1] !== undefined;
      const vpRaw = restOfClause(sentence, hasTo ? m.index + m[0].length - m[1]!.length : m.index + m[0].length);
      if (!vpRaw) continue;
      const suggestion = hasTo
        ? `${SYSTEM_FRAME} ${vpRaw}; the step depended on memory.`
        : `Nothing in the process or tooling carried ${vpRaw.replace(/^(?:the|a|an)\s+/i, 'the ')}; the step depended on memory.`;
      add({
        rule: 'forgot',
        index: m.index,
        phrase: m[0],
        suggestion: capitalise(suggestion),
        hint: `Say how a checklist, default or automation could carry the step. ${KNEW_HINT(subject)}`,
      });
    }
  },

  person_failure(sentence, ctx, add) {
    const re = ctx.personFailureRe;
    re.lastIndex = 0;
    for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
      const subject = m[1]!;
      const after = sentence.slice(m.index + m[0].length);
      let suggestion: string;
      let hint = 'Name the change and the safeguard that did not stop it, not the person.';
      const verb = (m[3] ?? m[4] ?? m[5] ?? '').toLowerCase();
      if (/^(?:missed|ignored|overlooked)$/.test(verb)) {
        const object = restOfClause(after, 0).replace(/^(?:the|a|an)\s+/i, '');
        suggestion = object ? `The ${object} went unnoticed at the time.` : 'It went unnoticed at the time.';
        hint = 'Say what competed for attention then (alert volume, routing, other pages) and what the signal looked like.';
      } else if (/^made/.test(verb)) {
        suggestion = `The process allowed a ${verb.split(/\s+/).pop()}${restOfClause(after, 0) ? ` ${restOfClause(after, 0)}` : ''}.`;
      } else if (m[2]) {
        suggestion = `A manual step ${m[3]}${restOfClause(after, 0) ? ` ${restOfClause(after, 0)}` : ''}; nothing in the tooling asked for confirmation.`;
      } else {
        suggestion = `A change ${verb.replace(/\s+/g, ' ')}${restOfClause(after, 0) ? ` ${restOfClause(after, 0)}` : ''}.`;
      }
      add({ rule: 'person_failure', index: m.index, phrase: m[0], suggestion: capitalise(suggestion), hint: `${hint} ${KNEW_HINT(subject)}` });
    }
  },

  person_omission(sentence, ctx, add) {
    const re =
      /\b(?:did(?:n['’]t|\s+not)\s+|never\s+)((?:check|test|review|notice|read|verify|validate|escalate|look\s+at|monitor|run|update|ask|tell|inform|page|roll\s+back|wait\s+for|catch|spot|see|confirm|consult|double-check)(?:ed|d)?\b|(?:ran|saw|told|caught|verified|asked)\b)/giu;
    for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
      if (/^did/i.test(m[0]) && /(?:ed|ran|saw|told|caught)$/i.test(m[1]!) && !/^(?:need|read)$/i.test(m[1]!)) continue;
      const subject = ctx.subjectBefore(sentence, m.index);
      if (subject ? !ctx.isPerson(subject) : m.index > 0) continue;
      const verbStart = m.index + m[0].length - m[1]!.length;
      const vp = verbPhraseToBase(restOfClause(sentence, verbStart));
      add({ rule: 'person_omission', index: m.index, phrase: m[0], suggestion: `${SYSTEM_FRAME} ${vp}.`, hint: KNEW_HINT(subject) });
    }
  },

  judgement(sentence, _ctx, add) {
    let reported = false;
    const re = new RegExp(`\\b(${JUDGEMENT_WORDS})\\b`, 'giu');
    for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
      const word = m[1]!.toLowerCase();
      let after = sentence.slice(m.index + m[0].length);
      if (word === 'lazy' && /^[\s-]*(?:load|loading|loaded|evaluat|eval|init|import|iterator|instantiat|fetch|sequence|val|propert|static|compil|binding|mode)/i.test(after)) continue;
      // "careless and lazy" is one judgement: report it once and reword the whole run.
      if (reported) continue;
      reported = true;
      after = after.replace(new RegExp(`^(?:\\s*(?:,|and|or)\\s+(?:${JUDGEMENT_WORDS}))+`, 'iu'), '');
      let suggestion: string;
      const before = sentence.slice(0, m.index);
      const predicative = /\b(?:was|were|is|are|been|being|be)\s+(?:very\s+|a\s+bit\s+|quite\s+|too\s+)?$/i.exec(before);
      if (/(?:ness|ence|ity|tion)$/.test(word) || word === 'laziness' || word === 'sloppiness') {
        suggestion = `${before}gaps in the process and tooling${after}`;
      } else if (predicative) {
        suggestion = `${before.slice(0, predicative.index)}${predicative[0].trim().split(/\s+/)[0]} working under conditions that made this easy to get wrong${after}`;
      } else {
        const rest = after.replace(/^\s+/, '');
        const article = /\b(a|an)\s+$/i.exec(before);
        const head = article ? `${before.slice(0, article.index)}${/^[aeiou]/i.test(rest) ? 'an' : 'a'} ` : before;
        suggestion = `${head}${rest}`.replace(/\s{2,}/g, ' ');
      }
      add({
        rule: 'judgement',
        index: m.index,
        phrase: m[0],
        suggestion: capitalise(withPeriod(suggestion.trim())),
        hint: 'Name the conditions instead (time pressure, missing checks, unclear ownership, confusing tooling).',
      });
    }
  },

  blame(sentence, _ctx, add) {
    const re = /\b(?:to\s+blame|blamed|blaming|blames|blame)\b/giu;
    for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
      const before = sentence.slice(0, m.index);
      if (/\bgit\s+$/i.test(before) || /\b(?:no|without)\s+$/i.test(before)) continue;
      add({
        rule: 'blame',
        index: m.index,
        phrase: m[0],
        suggestion: 'Describe the conditions that allowed this (the gap in process, tooling or information), without assigning it to anyone.',
        hint: 'A post-mortem explains how the system made the outcome possible; it does not allocate blame.',
      });
    }
  },

  fault(sentence, _ctx, add) {
    const re = /\b(?:(?:the\s+)?fault\s+of\s+([^.,;]+)|at\s+fault|([\p{L}@-]+)['’]s\s+fault|(?:his|her|their|my|our|your)\s+fault)\b/giu;
    for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
      const who = (m[1] ?? m[2] ?? '').trim();
      const itWas = /^it\s+(?:was|is)\s+$/i.exec(sentence.slice(0, m.index));
      const that = /^\s+that\s+(.+?)[.!]?$/i.exec(sentence.slice(m.index + m[0].length));
      if (who && itWas && that) {
        add({
          rule: 'fault',
          index: m.index,
          phrase: m[0],
          suggestion: `The conditions ${who} worked in made this possible: ${that[1]}.`,
          hint: 'Say which conditions (process, tooling, information, time pressure) made the outcome possible.',
        });
        continue;
      }
      const replacement = who ? `made possible by the conditions ${who} worked in` : 'involved';
      const suggestion = `${sentence.slice(0, m.index)}${replacement}${sentence.slice(m.index + m[0].length)}`;
      add({
        rule: 'fault',
        index: m.index,
        phrase: m[0],
        suggestion: capitalise(withPeriod(suggestion.trim())),
        hint: 'Say which conditions (process, tooling, information, time pressure) made the outcome possible.',
      });
    }
  },
};

/** Specific rules first: a phrase claimed by one is not reported again by a broader one. */
const RULE_ORDER: readonly BlamelessRule[] = [
  'human_error',
  'counterfactual',
  'did_not_follow',
  'person_failure',
  'hindsight_should',
  'hindsight_could',
  'failed_to',
  'forgot',
  'person_omission',
  'judgement',
  'fault',
  'blame',
];

function modalPerfect(sentence: string, ctx: RuleContext, add: (m: Match) => void, re: RegExp, rule: BlamelessRule): void {
  for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
    const modal = m[1]!.toLowerCase();
    const passive = Boolean(m[2]);
    const word = m[3]!;
    if (rule === 'hindsight_could' && /\bcould(?:n['’]t|\s+not)\s*$/i.test(sentence.slice(0, m.index + m[1]!.length + 4))) continue;
    const subject = ctx.subjectBefore(sentence, m.index);
    const person = subject === '' ? m.index === 0 || /^\W*$/.test(sentence.slice(0, m.index)) : ctx.isPerson(subject);
    const wordStart = m.index + m[0].length - word.length;
    let suggestion: string;
    if (passive) {
      if (!HINDSIGHT_PASSIVE.test(word) && !(person && subject !== '')) continue;
      if (rule === 'hindsight_could' && !HINDSIGHT_PASSIVE.test(word)) continue;
      if (/^(?:obvious|clear|apparent|evident)$/i.test(word)) {
        suggestion = `At the time, the signal was not visible in what responders were looking at; describe what they saw.`;
      } else {
        const object = subject === '' ? 'it' : subject.replace(/^(?:This|That|It|The|These|Those)\b/, (w) => w.toLowerCase());
        const rest = restOfClause(sentence, wordStart + word.length);
        suggestion = `${SYSTEM_FRAME_PASSIVE} ${toBaseForm(word)} ${object}${rest ? ` ${rest}` : ''}.`;
      }
    } else {
      if (!isParticiple(word)) continue;
      if (!person) continue;
      if (rule === 'hindsight_could' && IMPACT_VERBS.test(word)) continue;
      if (COGNITION.test(word)) {
        const rest = restOfClause(sentence, wordStart + word.length);
        suggestion = /^(?:that|how|why|what|whether|when|which)\b/i.test(rest)
          ? `At the time, nothing in the process or tooling made it clear ${rest}.`
          : `At the time, nothing in the process or tooling pointed to ${rest || 'it'}.`;
      } else if (modal.startsWith('should') && /n['’]t|not/.test(modal)) {
        const vp = verbPhraseToBase(restOfClause(sentence, wordStart));
        suggestion = `At the time, nothing in the process or tooling signalled the risk of choosing to ${vp}.`;
      } else {
        suggestion = `${SYSTEM_FRAME} ${verbPhraseToBase(restOfClause(sentence, wordStart))}.`;
      }
    }
    add({
      rule,
      index: m.index,
      phrase: m[0],
      suggestion: capitalise(suggestion),
      hint: passive ? 'Describe the safeguard that was missing and the signals that were available then.' : KNEW_HINT(subject),
    });
  }
}
