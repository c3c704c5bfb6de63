import { describe, expect, it } from 'vitest';
import { createBlamelessReviewer, reviewBlameless, splitSentences, type BlamelessFamily } from '../../src/domain/blameless';

const NAMES = ['Priya Raman', 'Bob Okafor', 'alice.chen', 'U0CAROL'];
const review = (text: string) => reviewBlameless([{ where: 'test', text }], { names: NAMES });

describe('blameless review: each family fires', () => {
  it.each<[string, BlamelessFamily, string]>([
    // [text, family, the phrase the reader sees in bold]
    // person blamed
    ['The outage was caused by human error during the deploy.', 'person', 'human error'],
    ['Amazon S3 disruption was caused by human error', 'person', 'human error'],
    ['Driver mostly to blame for the crash.', 'person', 'to blame'],
    ['The regulator blamed the accident on the safety driver.', 'person', 'blamed'],
    ["It was Bob's fault that the model shipped.", 'person', 'fault'],
    ['The on-call engineer failed to escalate the drift alert.', 'person', 'failed to escalate'],
    ['The probable cause was the failure of the vehicle operator to monitor the road.', 'person', 'failure'],
    ['An engineer mistakenly wiped the primary database directory.', 'person', 'mistakenly wiped'],
    ['The worker entered one wrong input for the command.', 'person', 'entered'],
    ['Priya did not follow the rollout checklist.', 'person', 'did not follow'],
    ['The vehicle operator was not paying attention at the time of the crash.', 'person', 'was not paying attention'],
    ['People are the cause of most security breaches.', 'person', 'are the cause'],
    ['Bob made a mistake in the threshold config.', 'person', 'mistake'],
    ['<@U0CAROL> overlooked the drift alert from the monitor.', 'person', 'overlooked'],
    // organisation or group blamed
    ['Knight Capital failed to conduct adequate reviews of its controls.', 'organisation', 'failed to conduct'],
    ['The team apparently overlooked the warning.', 'organisation', 'overlooked'],
    ["Knight Capital's violations put the markets at risk.", 'organisation', 'violations'],
    ['There were repeated failures by senior public servants to discharge their obligations.', 'person', 'failures'],
    ['According to the SEC, Knight Capital made "critical technology missteps".', 'organisation', 'missteps'],
    ['The NTSB criticized Uber for its ineffective safety culture.', 'organisation', 'criticized'],
    ['Optus never detected the emergency services failure.', 'organisation', 'never detected'],
    ['The company did not have a dedicated safety manager.', 'organisation', 'did not have'],
    ['The tribunal found Air Canada liable for negligent misrepresentation.', 'organisation', 'liable'],
    ['The labelling vendor was at fault for the noisy labels.', 'organisation', 'at fault'],
    // hindsight
    ['Bob should have checked the per-university metrics before the rollout.', 'hindsight', 'should have checked'],
    ['This should have been caught in review.', 'hindsight', 'should have been caught'],
    ['We could have rolled back sooner, but the first hour went into the parser.', 'hindsight', 'could have rolled'],
    ['If Bob had run the slice report, the skew would not have shipped.', 'hindsight', 'If Bob had run'],
    ['Had Knight implemented adequate controls, the loss would have been avoided.', 'hindsight', 'Had Knight implemented'],
    ['The minister should "at least have directed" his department to produce the legal advice.', 'hindsight', 'should "at least have directed'],
    ['They should have actually tested for unknown consequences.', 'hindsight', 'should have actually tested'],
    ['The regression would have been caught if anyone had looked at the slices.', 'hindsight', 'would have been caught'],
    // judgement
    ['The careless config edit changed the scoring weights.', 'judgement', 'careless'],
    ['Bob was negligent with the training data.', 'judgement', 'negligent'],
    ["The agency listed Uber's inadequate safety culture among the factors.", 'judgement', 'inadequate'],
    ['An engineer fat-fingered a command during maintenance.', 'judgement', 'fat-fingered'],
    ['The team cut corners on the rollout.', 'judgement', 'cut corners'],
    ['Whoever approved this dropped the ball.', 'judgement', 'dropped the ball'],
    ['The deploy tooling is amateurish and the process is sloppy.', 'judgement', 'amateurish'],
    ['The engineers were reckless and arrogant.', 'judgement', 'reckless'],
    // self-blame
    ['We failed you.', 'self-blame', 'failed'],
    ['That was a mistake we made.', 'self-blame', 'mistake we made'],
    ['We messed up.', 'self-blame', 'messed up'],
    ['The buck stops with us.', 'self-blame', 'buck stops with us'],
    ['We recently failed on that first promise and we take full responsibility.', 'self-blame', 'failed'],
  ])('%s', (text, family, phrase) => {
    const findings = review(text);
    expect(findings.map((f) => f.family)).toContain(family);
    const f = findings.find((x) => x.family === family)!;
    expect(f.phrase).toBe(phrase);
    expect(f.sentence.slice(f.index, f.index + f.phrase.length)).toBe(phrase);
    expect(f.question).toMatch(/\?$/);
    expect(f.hint.length).toBeGreaterThan(10);
  });
});

describe('blameless review: stays quiet on the false-positive traps', () => {
  it.each([
    // blame and responsibility aimed at a thing
    'Slack blamed the outage on a routing problem between network boundaries.',
    'CrowdStrike blames quality control bug for faulty update.',
    'Fastly placed the blame on an "undiscovered software bug".',
    'Delta is seeking damages, blaming the incident for substantial disruptions.',
    "In the software world I wouldn't be pointing the blame at DNS.",
    'Challenges in diagnosing these issues were largely responsible for the extended downtime.',
    'Air Canada suggests the chatbot is a separate legal entity that is responsible for its own actions.',
    'The fault lies in the systems and software that should have done something reasonable but did not.',
    // denials
    "This isn't the engineer's fault.",
    'It was not because of any human error; the runbook pointed to the wrong dashboard.',
    'It was not human error; the runbook pointed to the wrong dashboard.',
    'This is not incompetence.',
    "It wasn't an attack, and it wasn't a bug introduced by a careless deploy.",
    'As a rule, people are not the cause of an outage.',
    'Air Canada says it cannot be held liable for the information provided by the chatbot.',
    'This is not generally considered negligence.',
    // the wrong clause: a system is the subject
    'Systems that should have stopped an outage did not.',
    'Critical monitoring systems that would have provided better visibility relied on affected systems.',
    'An internal auditing tool should have stopped the misconfiguration, but a software bug caused the control to fail.',
    'The network should have coped with the change that occurred.',
    'The alert that Bob set up in January failed to fire because the metric was renamed.',
    'A bug in an audit tool failed to prevent this command.',
    'Testing overlooked the mismatch due to wildcard matching criteria.',
    'Our checks missed an obscure but critical issue in these connections.',
    // requirements and plans, not hindsight
    'The model should have a fallback when confidence is low.',
    'Every release should have two reviewers and a fairness sign-off.',
    'Operational commands that can cause large-scale impact should require explicit confirmation.',
    'No one who works in the tech industry should have any schadenfreude about this outage.',
    'This could have been much worse: the model was only live in two regions.',
    'The outage could have affected every applicant in the EU.',
    'We could not have known about the proxy feature from the aggregate dashboard.',
    // ordinary technical prose
    'The deploy failed to roll back because the previous artifact had been garbage-collected.',
    'The job failed to start because the GPU node was drained.',
    'Kafka failed to deliver the events.',
    'The gateway failed to scale up fast enough to handle the incoming traffic.',
    'git blame shows the threshold line last changed in March.',
    'We switched to lazy loading for the embeddings to reduce cold-start time.',
    'This is a blameless review; we focus on the system, with no blame.',
    'If the canary had compared per-university score distributions, the skew would have been visible on day one.',
    'Fault injection tests did not cover the feature store, and the fault-tolerant queue hid the errors.',
    'The client did not follow the redirect to the new endpoint.',
    'The hotfix path bypassed the approval gate by design.',
    'An engineer deployed a new rule to the WAF managed rules.',
    'Early June 8, a customer pushed a valid configuration change that triggered the bug.',
    'Priya deployed the rollback at 16:40 and Bob confirmed the scores.',
    'We will make our systems more robust to handle human error.',
    'After every outage, we write a blameless post-mortem to try and learn from our mistakes.',
    "We'll figure out why we didn't detect the bug during our testing processes.",
    'Reckless typically requires conscious disregard of risk.',
    'It would be irresponsible to disclose the exact nature of the bug.',
    'A CPU exhaustion was caused by a single WAF rule that contained a poorly written regular expression.',
  ])('%s', (text) => {
    expect(review(text)).toEqual([]);
  });
});

describe('suggested rewordings', () => {
  it.each([
    ['Bob should have checked the per-university metrics before the rollout.', 'At the time, nothing in the process or tooling prompted anyone to check the per-university metrics before the rollout.'],
    ['The on-call engineer failed to escalate the drift alert.', 'At the time, nothing in the process or tooling prompted anyone to escalate the drift alert.'],
    ['If Bob had run the slice report, the skew would not have shipped.', 'At the time, nothing in the process or tooling prompted anyone to run the slice report.'],
    ['The careless config edit changed the scoring weights.', 'The config edit changed the scoring weights.'],
    ['It was a careless edit.', 'It was an edit.'],
    ['The outage was caused by human error during the deploy.', 'The outage was caused by a step that the process and tooling made easy to get wrong during the deploy.'],
    ['Priya did not follow the rollout checklist.', 'The rollout checklist was not followed at the time.'],
  ])('%s', (text, suggestion) => {
    expect(review(text)[0]!.suggestion).toBe(suggestion);
  });

  it('gives the question instead where no rewording keeps the facts', () => {
    const [f] = review('We failed you.');
    expect(f!.suggestion).toBeNull();
    expect(f!.question).toBe('What made this outcome possible, and what will change so it cannot happen the same way?');
    const [g] = review('Bob should have known that the embedding was a proxy.');
    expect(g!.suggestion).toBeNull();
    expect(g!.question).toMatch(/know at the time/);
  });

  const SAMPLES = [
    'Bob should have checked the per-university metrics before the rollout.',
    'Someone should have noticed the drop in callbacks weeks earlier.',
    'We could have rolled back sooner and checked the slices.',
    "Priya shouldn't have approved the release on a Friday.",
    'The on-call engineer failed to escalate the drift alert.',
    'Bob forgot to re-enable the fairness check after the hotfix.',
    'Bob never checked the slice report.',
    'Priya did not follow the rollout checklist.',
    'The engineers did not follow the procedures.',
    'The careless config edit changed the scoring weights.',
    'The outage was caused by human error.',
    'Human errors during the migration dropped two tables.',
    'Had Priya escalated at 14:00, we would have contained it an hour earlier.',
    'If the team had tested the migration, the outage would not have happened.',
    'The team apparently overlooked the warning.',
    'Knight Capital failed to conduct adequate reviews of its controls.',
    'It was a human error amplified by the absence of guardrails.',
  ];

  it.each(SAMPLES)('never keeps the phrase it replaces and reads as a sentence: %s', (text) => {
    const findings = review(text);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      const words = f.suggestion ?? f.question;
      expect(words).toMatch(/^[A-Z]/);
      expect(words).toMatch(/[.?]$/);
      expect(words).not.toMatch(/\s{2}|\b(a|an|the) (a|an|the)\b|\s[.,?]/i);
      expect(words).not.toMatch(/\b(?:should|could|ought to)\s+(?:\w+\s+)?have\b|\bhuman errors?\b|\bcareless\b/i);
      if (f.suggestion) {
        expect(f.suggestion.toLowerCase()).not.toContain(f.phrase.toLowerCase());
        // A reworded sentence has a verb after the frame and keeps at least one content word of the original.
        const content = f.sentence.toLowerCase().match(/\b[a-z]{5,}\b/g) ?? [];
        expect(content.some((w) => f.suggestion!.toLowerCase().includes(w.slice(0, 5)))).toBe(true);
      }
    }
  });
});

describe('quoted timeline entries are a record', () => {
  it('are pointed at with the question, never reworded', () => {
    const findings = createBlamelessReviewer({ names: NAMES }).review([
      { where: 'Timeline 14:50 · Sam', text: 'Bob should have checked the per-slice metrics.', record: true },
      { where: 'What went wrong', text: 'Bob should have checked the per-slice metrics.' },
    ]);
    expect(findings.map((f) => [f.where, f.record, f.suggestion === null])).toEqual([
      ['Timeline 14:50 · Sam', true, true],
      ['What went wrong', false, false],
    ]);
    expect(findings[0]!.question).toMatch(/\?$/);
  });
});

describe('reviewer', () => {
  it('reports where each finding came from, in source order', () => {
    const findings = reviewBlameless(
      [
        { where: '5 Whys, why 4', text: 'If Bob had run the slice report, the skew would not have shipped.' },
        { where: 'What went wrong', text: 'We could have rolled back sooner.' },
        { where: 'What went well', text: 'The fallback re-ranker was ready from a game day.' },
      ],
      { names: NAMES },
    );
    expect(findings.map((f) => f.where)).toEqual(['5 Whys, why 4', 'What went wrong']);
  });

  it('finds each blaming phrase in a mixed paragraph and nothing else', () => {
    const text = [
      'At 13:40 a recruiter noticed that no Northfield graduates had been shortlisted for a week.',
      'The drift monitor failed to detect the shift because it tracked aggregate pass rates only.',
      'Bob should have checked the per-university metrics before the rollout.',
      'The model should have a per-slice fallback; we are adding one.',
      'The careless rollout skipped the fairness gate. Human error.',
    ].join(' ');
    expect(review(text).map((f) => f.family)).toEqual(['hindsight', 'judgement', 'person']);
  });

  it('one phrase is reported once even when several rules match it', () => {
    expect(review('Bob failed to follow the runbook.')).toHaveLength(1);
  });

  it('a known name is a person; an unknown one only with a duty verb', () => {
    expect(reviewBlameless([{ where: 'x', text: 'Zed failed to deliver the events.' }])).toEqual([]);
    expect(reviewBlameless([{ where: 'x', text: 'Zed failed to deliver the events.' }], { names: ['Zed Novak'] })).toHaveLength(1);
  });

  it('is deterministic', () => {
    const text = 'The team apparently overlooked the warning. Bob should have checked.';
    expect(review(text)).toEqual(review(text));
  });

  it('splits sentences without breaking version numbers or titles', () => {
    expect(splitSentences('Model v4.2.0 was approved on 26 Feb. Bob should have checked. Mr. Moffatt did not follow it!')).toEqual([
      'Model v4.2.0 was approved on 26 Feb.',
      'Bob should have checked.',
      'Mr. Moffatt did not follow it!',
    ]);
  });
});
