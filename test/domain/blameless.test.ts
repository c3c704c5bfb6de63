import { describe, expect, it } from 'vitest';
import { createBlamelessReviewer, isParticiple, reviewBlameless, splitSentences, toBaseForm, type BlamelessRule } from '../../src/domain/blameless';

const NAMES = ['Priya Raman', 'Bob Okafor', 'alice.chen', 'U0CAROL'];
const review = (text: string) => reviewBlameless([{ where: 'test', text }], { names: NAMES });

describe('blameless review: fires on blame and hindsight', () => {
  it.each<[string, BlamelessRule, string, string]>([
    // [text, rule, phrase, a fragment of the suggested rewording]
    ['The outage was caused by human error during the deploy.', 'human_error', 'human error', 'a step that the process and tooling made easy to get wrong'],
    [
      'The rollout was approved on Friday. Bob should have checked the per-university metrics before the rollout.',
      'hindsight_should',
      'should have checked',
      'prompted anyone to check the per-university metrics before the rollout',
    ],
    ['This should have been caught in review.', 'hindsight_should', 'should have been caught', 'was set up to catch this in review'],
    ['Someone should have noticed the drop in callbacks weeks earlier.', 'hindsight_should', 'should have noticed', 'prompted anyone to notice the drop'],
    ['We could have rolled back sooner, but the first hour went into the parser.', 'hindsight_could', 'could have rolled', 'prompted anyone to roll back sooner'],
    ['It could have been prevented with a per-university fairness check.', 'hindsight_could', 'could have been prevented', 'was set up to prevent it'],
    ['If Bob had run the slice report, the skew would not have shipped.', 'counterfactual', 'If Bob had run', 'prompted anyone to run the slice report'],
    ['Had Priya escalated at 14:00, we would have contained it an hour earlier.', 'counterfactual', 'Had Priya escalated', 'prompted anyone to escalate at 14'],
    ['The on-call engineer failed to escalate the drift alert.', 'failed_to', 'failed to escalate', 'prompted anyone to escalate the drift alert'],
    ['Bob forgot to re-enable the fairness check after the hotfix.', 'forgot', 'forgot to re-enable', 're-enable the fairness check after the hotfix; the step depended on memory'],
    ['Priya did not follow the rollout checklist.', 'did_not_follow', 'did not follow the rollout checklist', 'The rollout checklist was not followed at the time.'],
    ['Ignored the drift alert because it was noisy.', 'did_not_follow', 'Ignored the drift alert', 'did not lead to action'],
    ['Bob broke the feature pipeline on Friday.', 'person_failure', 'Bob broke', 'A change broke the feature pipeline on Friday.'],
    ['<@U0CAROL> caused the regression by pushing the new threshold.', 'person_failure', '<@U0CAROL> caused', 'A change caused the regression'],
    ['@alice.chen missed the drift alert from the monitor.', 'person_failure', '@alice.chen missed', 'The drift alert from the monitor went unnoticed at the time.'],
    ['Priya Raman accidentally deleted the evaluation set.', 'person_failure', 'Priya Raman accidentally deleted', 'A manual step deleted the evaluation set'],
    ["Didn't check the dashboard before approving the release.", 'person_omission', "Didn't check", 'prompted anyone to check the dashboard before approving the release'],
    ['The careless config edit changed the scoring weights.', 'judgement', 'careless', 'The config edit changed the scoring weights.'],
    ['Bob was negligent with the training data.', 'judgement', 'negligent', 'was working under conditions that made this easy to get wrong'],
    ['The data team is to blame for the skewed labels.', 'blame', 'to blame', 'without assigning it to anyone'],
    ["It was Bob's fault that the model shipped.", 'fault', "Bob's fault", 'The conditions Bob worked in made this possible: the model shipped.'],
    ['The labelling vendor was at fault for the noisy labels.', 'fault', 'at fault', 'The labelling vendor was involved'],
    ['We saw that Bob failed to check the slice report.', 'failed_to', 'failed to check', 'prompted anyone to check the slice report'],
    ['The reviewer should have known that the embedding was a proxy.', 'hindsight_should', 'should have known', 'made it clear that the embedding was a proxy'],
    ["Priya shouldn't have approved the release on a Friday.", 'hindsight_should', "shouldn't have approved", 'signalled the risk of choosing to approve the release'],
    ['Bob never checked the slice report.', 'person_omission', 'never checked', 'prompted anyone to check the slice report'],
    ['This was a failure to follow the release process.', 'did_not_follow', 'failure to follow the release process', 'The release process was not followed'],
    ['The engineers were careless and lazy.', 'judgement', 'careless', 'The engineers were working under conditions that made this easy to get wrong.'],
    ['Bob made a mistake in the threshold config.', 'person_failure', 'Bob made a mistake', 'The process allowed a mistake in the threshold config.'],
  ])('%s', (text, rule, phrase, suggestion) => {
    const findings = review(text);
    expect(findings.map((f) => f.rule)).toContain(rule);
    const f = findings.find((x) => x.rule === rule)!;
    expect(f.phrase).toBe(phrase);
    expect(f.sentence.slice(f.index, f.index + f.phrase.length)).toBe(phrase);
    expect(f.suggestion).toContain(suggestion);
    expect(f.hint.length).toBeGreaterThan(10);
  });
});

describe('blameless review: stays quiet on ordinary technical prose', () => {
  it.each([
    'The deploy failed to roll back because the previous artifact had been garbage-collected.',
    'The health check failed to detect the skew since it only compared aggregate scores.',
    'The job failed to start because the GPU node was drained.',
    'The model should have a fallback when confidence is low.',
    'Every release should have two reviewers and a fairness sign-off.',
    'The alert should have fired at 10:00 but the threshold was set on the weekly average.',
    'This could have been much worse: the model was only live in two regions.',
    'The outage could have affected every applicant in the EU.',
    'We could not have known about the proxy feature from the aggregate dashboard.',
    "We couldn't have known about it from the aggregate dashboard.",
    'git blame shows the threshold line last changed in March.',
    'We switched to lazy loading for the embeddings to reduce cold-start time.',
    'This is a blameless review; we focus on the system, with no blame.',
    'If the canary had compared per-university score distributions, the skew would have been visible on day one.',
    'Fault injection tests did not cover the feature store, and the fault-tolerant queue hid the errors.',
    'The retries piled up and they caused a cascade of timeouts.',
    'The client did not follow the redirect to the new endpoint.',
    'The hotfix path bypassed the approval gate by design.',
    'The canary did not catch the skew because it sampled 1% of traffic.',
    'Priya deployed the rollback at 16:40 and Bob confirmed the scores.',
    'It was not human error; the runbook pointed to the wrong dashboard.',
    'The scorer ignored the university field when it was empty.',
    'The alert that Bob set up in January failed to fire because the metric was renamed.',
    'We saw that the job failed to start.',
    'The model failed to generalise to the new résumé format.',
    'The feature store should have been refreshed nightly but the cron was disabled in January.',
    'The pipeline never validated the schema.',
    'The report omitted the per-slice breakdown.',
    'Reviewers approved the change after the fairness dashboard showed green.',
  ])('%s', (text) => {
    expect(review(text)).toEqual([]);
  });
});

describe('realistic paragraphs', () => {
  it('finds each blaming phrase in a mixed paragraph and nothing else', () => {
    const text = [
      'At 13:40 a recruiter noticed that no Northfield graduates had been shortlisted for a week.',
      'The drift monitor failed to detect the shift because it tracked aggregate pass rates only.',
      'Bob should have checked the per-university metrics before the rollout.',
      'The model should have a per-slice fallback; we are adding one.',
      'The careless rollout skipped the fairness gate. Human error.',
    ].join(' ');
    expect(review(text).map((f) => f.rule)).toEqual(['hindsight_should', 'judgement', 'human_error']);
  });

  it('reports where each finding came from', () => {
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

  it('one phrase is reported once even when several rules match it', () => {
    expect(review('Bob failed to follow the runbook.')).toHaveLength(1);
    expect(review('The engineers were careless and lazy.')).toHaveLength(1);
  });

  it('without the users map, an unknown first name is not assumed to be a person', () => {
    expect(reviewBlameless([{ where: 'x', text: 'Kafka failed to deliver the events.' }])).toEqual([]);
    expect(reviewBlameless([{ where: 'x', text: 'Zed failed to deliver the events.' }], { names: ['Zed Novak'] })).toHaveLength(1);
  });

  it('the reviewer recognises people from names, mentions, pronouns and roles', () => {
    const r = createBlamelessReviewer({ names: NAMES });
    expect(r.isPerson('Bob')).toBe(true);
    expect(r.isPerson('Priya Raman')).toBe(true);
    expect(r.isPerson('<@U0XYZ>')).toBe(true);
    expect(r.isPerson('the on-call engineer')).toBe(true);
    expect(r.isPerson('we')).toBe(true);
    expect(r.isPerson('the canary')).toBe(false);
    expect(r.isPerson("Bob's deploy")).toBe(false);
    expect(r.isPerson('I')).toBe(true);
    expect(r.isPerson('the scorer, i.e. the ranker')).toBe(false);
  });
});

describe('helpers', () => {
  it.each([
    ['checked', 'check'],
    ['escalated', 'escalate'],
    ['noticed', 'notice'],
    ['rolled', 'roll'],
    ['stopped', 'stop'],
    ['verified', 'verify'],
    ['compared', 'compare'],
    ['caught', 'catch'],
    ['monitored', 'monitor'],
    ['paged', 'page'],
    ['released', 'release'],
    ['ignored', 'ignore'],
    ['disabled', 'disable'],
    ['retrained', 'retrain'],
    ['configured', 'configure'],
    ['flagged', 'flag'],
    ['added', 'add'],
    ['realised', 'realise'],
    ['merged', 'merge'],
    ['focused', 'focus'],
    ['created', 'create'],
    ['edited', 'edit'],
    ['decided', 'decide'],
    ['typed', 'type'],
    ['known', 'know'],
    ['run', 'run'],
  ])('toBaseForm(%s) = %s', (participle, base) => {
    expect(toBaseForm(participle)).toBe(base);
  });

  it.each([
    ['checked', true],
    ['known', true],
    ['been', true],
    ['a', false],
    ['two', false],
    ['often', false],
  ])('isParticiple(%s) = %s', (word, expected) => {
    expect(isParticiple(word)).toBe(expected);
  });

  it('splits sentences at punctuation and line breaks, dropping list markers', () => {
    expect(splitSentences('- First one. Second one!\n2. Third\n\nFourth?')).toEqual(['First one.', 'Second one!', 'Third', 'Fourth?']);
  });
});
