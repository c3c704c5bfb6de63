import { describe, expect, it } from 'vitest';
import { channelPurpose, channelTopic } from '../../src/domain/incident';

describe('channel topic and purpose', () => {
  it.each([
    [{ severity: 'sev1', status: 'investigating' }, 'U1', 'SEV1 · Investigating · IC: <@U1>'],
    [{ severity: 'sev4', status: 'mitigated' }, null, 'SEV4 · Mitigated · IC: unassigned'],
  ] as const)('%j with commander %j', (incident, commander, topic) => {
    expect(channelTopic(incident, commander)).toBe(topic);
  });

  it('uses the summary, else the title, within 250 characters', () => {
    expect(channelPurpose({ summary: '', title: 'T' })).toBe('T');
    const long = channelPurpose({ summary: 's'.repeat(400), title: 'T' });
    expect(long.length).toBe(250);
    expect(long.endsWith('…')).toBe(true);
  });
});
