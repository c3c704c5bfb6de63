/**
 * Word lists of the blameless review. Lemmas (base forms), lower case: the parser lemmatises
 * every token, so "engineers", "failed" and "overlooked" meet "engineer", "fail" and "overlook".
 * Kept in one place so a word is added once and every rule sees it.
 */

/** Nouns naming a person by role. A clause with one of these as its subject is about people. */
export const PERSON_NOUNS = new Set([
  'engineer', 'developer', 'dev', 'programmer', 'coder', 'reviewer', 'oncaller', 'operator', 'analyst', 'teammate',
  'author', 'approver', 'scientist', 'manager', 'lead', 'commander', 'responder', 'admin', 'administrator', 'sysadmin',
  'person', 'people', 'sre', 'owner', 'recruiter', 'annotator', 'labeller', 'labeler', 'intern', 'contractor',
  'colleague', 'employee', 'staff', 'staffer', 'staffer', 'human', 'worker', 'technician', 'tech', 'driver', 'pilot',
  'supervisor', 'official', 'officer', 'director', 'executive', 'ceo', 'cto', 'cio', 'ciso', 'founder', 'chairman',
  'president', 'minister', 'secretary', 'bureaucrat', 'servant', 'politician', 'senator', 'architect', 'designer',
  'dispatcher', 'nurse', 'doctor', 'clerk', 'representative', 'spokesperson', 'spokesman',
  'spokeswoman', 'individual', 'actor', 'litigant', 'practitioner', 'member', 'customer', 'guy', 'someone', 'somebody', 'anyone',
  'anybody', 'everyone', 'everybody', 'nobody', 'whoever', 'mr', 'mrs', 'ms', 'dr', 'finger',
]);

/** Nouns naming a group or an organisation. */
export const GROUP_NOUNS = new Set([
  'team', 'company', 'firm', 'organisation', 'organization', 'org', 'department', 'management', 'leadership',
  'vendor', 'provider', 'supplier', 'contractor', 'government', 'agency', 'board', 'business', 'corporation', 'corp',
  'inc', 'llc', 'ltd', 'group', 'division', 'bank', 'carrier', 'operator', 'telco', 'utility', 'airline', 'regulator',
  'administration', 'ministry', 'cabinet', 'council', 'state', 'authority', 'authorities', 'executives', 'crew',
  'staff', 'squad', 'unit', 'office', 'party', 'brokerage', 'startup', 'manufacturer', 'builder', 'maker', 'owner',
]);

/** Pronouns that stand for people. "it" and "they" are judged by the rule that meets them. */
export const PERSON_PRONOUNS = new Set(['i', 'we', 'he', 'she', 'you', 'someone', 'somebody', 'anyone', 'anybody', 'everyone', 'everybody', 'nobody', 'who', 'whoever']);
export const FIRST_PERSON = new Set(['i', 'we', 'us', 'our', 'ours', 'my', 'me', 'mine', 'ourselves', 'myself']);

/** Words that are proper nouns to the tagger but name things, not organisations. */
export const THING_PROPER_NOUNS = new Set([
  'kafka', 'postgres', 'postgresql', 'mysql', 'redis', 'consul', 'nomad', 'vault', 'kubernetes', 'k8s', 'docker',
  'linux', 'windows', 'bgp', 'dns', 'api', 'cdn', 'waf', 'cpu', 'gpu', 'ram', 'ssd', 'hdd', 'vm', 'ec2', 's3', 'ebs',
  'lambda', 'boltdb', 'falcon', 'sensor', 'systems', 'system', 'transit', 'gateway', 'ci', 'pr', 'llm', 'utc', 'pst',
  'est', 'pdt', 'aest', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january',
  'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'ai', 'ml', 'json', 'yaml', 'http', 'https', 'tls', 'ssh', 'vpn', 'sql', 'ip', 'gcp', 'azure', 'prod', 'staging',
]);

/**
 * Verbs that name a duty when an organisation "failed to" do them ("failed to provide honest
 * communication"), as opposed to what a system fails to do ("failed to start", "failed to scale").
 * Applied when the subject is only a proper noun or "it": a person or a team fails at anything.
 */
export const DUTY_VERBS = new Set([
  'provide', 'ensure', 'act', 'conduct', 'implement', 'test', 'notify', 'inform', 'disclose', 'maintain', 'review',
  'monitor', 'communicate', 'take', 'follow', 'report', 'address', 'prevent', 'protect', 'adhere', 'comply', 'warn',
  'train', 'supervise', 'escalate', 'respond', 'check', 'verify', 'validate', 'tell', 'update', 'consider', 'exercise',
  'discharge', 'oversee', 'regulate', 'investigate', 'heed', 'catch', 'detect', 'notice', 'learn', 'think', 'consult',
  'establish', 'enforce', 'mitigate', 'recognise', 'recognize', 'explain', 'apologise', 'apologize', 'prepare',
  'plan', 'invest', 'secure', 'fix', 'patch', 'acknowledge', 'listen', 'act', 'care', 'stop', 'assess', 'document',
]);

/** Things a person or an organisation leaves undone: "did not check", "never tested". */
export const OMISSION_VERBS = new Set([
  'check', 'test', 'review', 'notice', 'read', 'verify', 'validate', 'escalate', 'monitor', 'update', 'ask', 'tell',
  'inform', 'notify', 'page', 'catch', 'spot', 'see', 'confirm', 'consult', 'double-check', 'follow', 'detect',
  'discover', 'realise', 'realize', 'think', 'learn', 'heed', 'communicate', 'disclose', 'act', 'respond', 'bother',
  'care', 'listen', 'warn', 'report', 'ensure', 'consider', 'plan', 'prepare', 'investigate', 'acquit', 'adhere',
  'comply', 'anticipate', 'foresee', 'expect', 'wait', 'look', 'pay', 'apologise', 'apologize',
]);

/** Verbs that are a verdict on whoever is their subject: "X overlooked the red flags". */
export const FAULT_VERBS = new Set([
  'overlook', 'neglect', 'ignore', 'disregard', 'forget', 'botch', 'bungle', 'misjudge', 'misconfigure', 'mistype',
  'fumble', 'mishandle', 'misrepresent', 'mislead', 'misinform', 'lie', 'rush', 'skip', 'bypass', 'circumvent',
  'violate', 'breach', 'contravene', 'flout', 'fat-finger', 'screw', 'mess', 'blunder', 'omit', 'miss',
]);

/** Verbs that report someone else's verdict on an agent: "the board blasted Uber's lack of …". */
export const CENSURE_VERBS = new Set([
  'criticise', 'criticize', 'blast', 'slam', 'fault', 'accuse', 'condemn', 'rebuke', 'reprimand', 'chastise',
  'censure', 'castigate', 'lambast', 'berate', 'scold', 'fine', 'penalise', 'penalize', 'sue', 'charge',
]);

/** Judgement words that are a verdict wherever they appear (unless denied): "negligent", "sloppy". */
export const STRONG_JUDGEMENT = new Set([
  'negligent', 'negligently', 'negligence', 'careless', 'carelessly', 'carelessness', 'reckless', 'recklessly',
  'recklessness', 'sloppy', 'sloppily', 'sloppiness', 'amateurish', 'amateur', 'unprofessional', 'unprofessionally',
  'incompetent', 'incompetence', 'incompetently', 'incompetency', 'arrogant', 'arrogance', 'lazy', 'laziness',
  'stupid', 'stupidity', 'dumb', 'idiotic', 'idiot', 'irresponsible', 'irresponsibly', 'untruthful', 'dishonest',
  'dishonesty', 'callous', 'callously', 'obliviousness', 'oblivious', 'inattentive', 'inattention', 'inexcusable',
  'unforgivable', 'shoddy', 'slapdash', 'cavalier', 'clueless', 'inept', 'ineptitude', 'foolish', 'silly',
  'absurd', 'complacent', 'complacency', 'lax', 'laxity', 'unethical',
]);

/** Judgement words that are a verdict only when pinned on an agent: "Uber's inadequate safety culture". */
export const WEAK_JUDGEMENT = new Set([
  'inadequate', 'inadequately', 'insufficient', 'ineffective', 'poor', 'poorly', 'bad', 'deficient', 'improper',
  'improperly', 'lacking', 'flawed', 'weak', 'manifestly', 'critical', 'shocking', 'untrue', 'wrong',
]);

/** Nouns of fault: "Knight Capital's violations", "repeated failures by senior public servants". */
export const FAULT_NOUNS = new Set([
  'failure', 'failing', 'violation', 'misstep', 'mistake', 'error', 'blunder', 'lapse', 'negligence', 'omission',
  'oversight', 'misconduct', 'wrongdoing', 'shortcoming', 'incompetence', 'lack', 'breach', 'misjudgement',
  'misjudgment', 'gaffe', 'goof', 'screw-up', 'screwup', 'fuck-up', 'slip',
]);

/** Nouns for the cause of an error that mean "a person": "operator error", "human error". */
export const HUMAN_ERROR_MODIFIERS = new Set(['human', 'operator', 'employee', 'pilot', 'user', 'driver', 'staff', 'personnel', 'engineer', 'manual', 'clerical']);

/** Markers that an action was an error, not just an action: "entered one wrong input", "instead of the replica". */
export const ERROR_MARKERS = new Set([
  'wrong', 'wrongly', 'incorrect', 'incorrectly', 'mistaken', 'mistakenly', 'accidental', 'accidentally', 'inadvertent',
  'inadvertently', 'erroneous', 'erroneously', 'unintentionally', 'bad', 'faulty', 'untested', 'buggy', 'broken',
]);

/** Past participles whose passive hindsight shifts responsibility to a reviewer ("should have been caught"). */
export const HINDSIGHT_PASSIVE = new Set([
  'catch', 'notice', 'spot', 'check', 'review', 'test', 'see', 'flag', 'escalate', 'detect', 'prevent', 'avoid',
  'know', 'foresee', 'anticipate', 'predict', 'pick', 'question', 'roll', 'page', 'stop', 'handle', 'do', 'verify',
  'validate', 'raise', 'report', 'find', 'identify', 'address', 'fix', 'obvious', 'clear', 'apparent', 'evident',
]);

/** After "could have": impact, not a missed action ("could have affected every applicant"). */
export const IMPACT_VERBS = new Set([
  'lose', 'affect', 'hurt', 'harm', 'expose', 'leak', 'go', 'become', 'happen', 'reach', 'hit', 'have', 'cost', 'end',
  'spread', 'break', 'be', 'take', 'last', 'impact', 'damage', 'cause', 'kill', 'result', 'crash', 'fail', 'get',
]);

/** Cognition verbs: hindsight about knowledge ("should have known") is reworded as what was visible then. */
export const COGNITION_VERBS = new Set(['know', 'realise', 'realize', 'understand', 'foresee', 'anticipate', 'expect', 'predict', 'guess', 'see']);

/** Words that deny what follows within a short window: "not because of any human error". */
export const NEGATORS = new Set(['not', "n't", 'no', 'never', 'nobody', 'none', 'without', 'nor', 'neither', 'hardly', 'rather', 'instead', 'beyond']);

/** Verbs whose object is a risk being reduced, not a cause: "make our systems robust to human error". */
export const MITIGATION_WORDS = new Set(['handle', 'prevent', 'reduce', 'avoid', 'mitigate', 'minimise', 'minimize', 'eliminate', 'robust', 'resilient', 'tolerate', 'guard', 'protect', 'catch', 'absorb', 'against']);

/** Legal and generic uses of judgement words: "a gross negligence tort", "the definition of negligence". */
export const GENERIC_JUDGEMENT_CONTEXT = new Set(['definition', 'tort', 'claim', 'claims', 'standard', 'doctrine', 'lawsuit', 'lawsuits', 'gross', 'case', 'test', 'loading', 'load', 'evaluation', 'eval', 'init', 'initialisation', 'initialization', 'import', 'iterator', 'instantiation', 'fetch', 'fetching', 'sequence', 'val', 'property', 'static', 'compilation', 'binding', 'mode', 'mistakes']);

/** Self-blame phrases, as lemma sequences ("*" matches any one token). */
export const SELF_BLAME_PHRASES: readonly (readonly string[])[] = [
  ['we', 'fail'], ['i', 'fail'], ['we', 'let', '*', 'down'], ['i', 'let', '*', 'down'], ['we', 'mess', 'up'], ['i', 'mess', 'up'],
  ['we', 'screw', 'up'], ['i', 'screw', 'up'], ['we', 'drop', 'the', 'ball'], ['i', 'drop', 'the', 'ball'], ['we', 'blow', 'it'],
  ['our', 'fault'], ['my', 'fault'], ['our', 'mistake'], ['my', 'mistake'], ['our', 'own', 'stupidity'], ['our', 'stupidity'],
  ['we', 'be', 'wrong'], ['i', 'be', 'wrong'], ['buck', 'stop', 'with', 'us'], ['buck', 'stop', 'with', 'me'], ['be', 'on', 'us'],
  ['be', 'on', 'me'], ['no', 'excuse'], ['take', 'full', 'responsibility'], ['take', 'full', 'blame'], ['mistake', 'that', 'we', 'make'],
  ['mistake', 'we', 'make'], ['mistake', 'that', 'i', 'make'], ['mistake', 'i', 'make'], ['we', 'make', 'a', 'mistake'], ['i', 'make', 'a', 'mistake'],
  ['oversight', 'in', 'how', 'we'], ['our', 'oversight'], ['we', 'rush'], ['i', 'rush'], ['we', 'cut', 'corner'], ['we', 'drop', 'the', 'ball'],
];

/** Judgements that need a person or an organisation as their subject: "X fell short", "X showed little interest". */
export const AGENT_JUDGEMENT_PHRASES: readonly (readonly string[])[] = [
  ['fall', 'short'], ['show', 'little', 'interest'], ['give', 'little', 'thought'], ['have', 'no', 'excuse'],
];

/** Multi-word judgements, as lemma sequences ("*" matches any one token). */
export const JUDGEMENT_PHRASES: readonly (readonly string[])[] = [
  ['cut', 'corner'], ['drop', 'the', 'ball'], ['fat', 'finger'], ['fat', '-', 'finger'], ['fat', '-', 'fingered'], ['fat-fingered'], ['fat-finger'], ['fat-fingered'], ['sit', 'on', '*', 'hand'],
  ['asleep', 'at', 'the', 'wheel'], ['learn', 'to', 'count'], ['should', 'know', 'better'], ['bad', 'management'],
  ['bad', 'decision'], ['poor', 'judgement'], ['poor', 'judgment'], ['bad', 'planning'], ['deserve', 'what'], ['deserving', 'of', 'what'],
  ['stretch', 'credulity'], ['no', 'excuse'], ['what', 'be', 'they', 'think'], ['exceedingly', 'clever'], ['too', 'clever'],
  ['callous', 'disregard'],
  ['under', 'scrutiny', 'for'], ['under', 'fire', 'for'], ['come', 'under', 'fire'], ['a', 'lot', 'to', 'answer', 'for'], ['have', 'a', 'lot', 'to', 'answer'],
  ['take', '*', 'to', 'task'], ['take', 'the', '*', 'to', 'task'],
];
