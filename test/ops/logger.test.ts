import { describe, expect, it } from 'vitest';
import { createLogger, summarizeLibraryLog, type LogFormat } from '../../src/logger';

const NOW = () => new Date('2026-03-01T02:00:00.000Z');
const BOT_TOKEN = 'xoxb-1234567890-0987654321-AbCdEfGhIjKl';

function capture(format: LogFormat, level: 'debug' | 'info' = 'debug') {
  const lines: string[] = [];
  const logger = createLogger({ level, format, now: NOW, secrets: ['configured-signing-secret'], write: (l) => lines.push(l) });
  return { logger, lines };
}

describe('logger', () => {
  it('json: one JSON object a line, with level, time, the bound fields and the event', () => {
    const { logger, lines } = capture('json');
    logger.child({ inc: 'INC-7' }).info('incident.declared', { severity: 'sev2', by: 'U1', skipped: undefined });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', time: '2026-03-01T02:00:00.000Z', inc: 'INC-7', severity: 'sev2', by: 'U1', event: 'incident.declared' });
    expect(JSON.parse(lines[0])).toHaveProperty('pid');
    expect(lines[0]).not.toContain('skipped');
  });

  it('pretty: time level event key=value, one line', () => {
    const { logger, lines } = capture('pretty');
    logger.child({ inc: 'INC-7' }).warn('setup.step_failed', { step: 'invite', attempt: 2, error: 'user_not_found', note: 'two words' });
    expect(lines).toEqual(['2026-03-01T02:00:00.000Z warn setup.step_failed inc=INC-7 step=invite attempt=2 error=user_not_found note="two words"']);
  });

  it('drops lines below the level', () => {
    const { logger, lines } = capture('pretty', 'info');
    logger.debug('noisy');
    logger.info('kept');
    expect(lines).toHaveLength(1);
  });

  it.each(['json', 'pretty'] as const)('%s: redacts tokens anywhere, configured secrets, response_urls and trigger_ids', (format) => {
    const { logger, lines } = capture(format);
    const hook = 'https://hooks.slack.com/commands/T0123/4567/AbCdEf';
    logger.child({ response_url: hook }).error('x.failed', {
      error: new Error(`auth failed for ${BOT_TOKEN}`),
      deep: { list: [{ responseUrl: 'http://anywhere/r/1', trigger_id: '123.456.abcdef', private_metadata: '{"r":"http://elsewhere"}' }], text: `posted to ${hook} with configured-signing-secret` },
      glued: `token=${BOT_TOKEN}`,
      app: 'xapp-1-A0123-456-deadbeef',
      user: 'xoxp-1111-2222-abcd',
    });
    const line = lines.join('\n');
    for (const secret of [BOT_TOKEN.slice(5), 'AbCdEf', 'anywhere', '123.456.abcdef', 'elsewhere', 'configured-signing-secret', 'deadbeef', '1111-2222']) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('xoxb-…[redacted]');
    expect(line).toContain('https://hooks.slack.com/[redacted]');
  });

  it('describes errors without the text they quote', () => {
    const { logger, lines } = capture('json');
    let parseError: unknown;
    try {
      JSON.parse('Private title: payroll leak');
    } catch (error) {
      parseError = error;
    }
    logger.error('command.failed', { error: parseError });
    logger.error('command.failed', { error: 'Bad body {"title":"payroll leak"}' });
    expect(lines.join('\n')).not.toContain('payroll');
    expect(JSON.parse(lines[0]).error).toMatch(/^SyntaxError: /);
  });
});

describe('summarizeLibraryLog (what Bolt and the Web API client may say)', () => {
  it('keeps the leading words of a message, never a body', () => {
    expect(summarizeLibraryLog(['http request body: {"text":"payroll leak"}'])).toEqual({ detail: 'http request body' });
    expect(summarizeLibraryLog(['ack() response sent (body: Declaring payroll leak)'])).toEqual({ detail: 'ack() response sent' });
    expect(summarizeLibraryLog(["apiCall('chat.postMessage') start"])).toEqual({ detail: "apiCall('chat.postMessage') start" });
    expect(summarizeLibraryLog(['Received a message on the WebSocket: {"payload":1}'])).toEqual({ detail: 'Received a message on the WebSocket' });
  });

  it('drops a bare payload and other objects', () => {
    expect(summarizeLibraryLog(['{"type":"view_submission","view":{"title":"payroll leak"}}'])).toBeUndefined();
    expect(summarizeLibraryLog([{ response_url: 'https://hooks.slack.com/x' }])).toBeUndefined();
  });

  it('describes an error argument by name, code and message', () => {
    const error = Object.assign(new Error('An API error occurred: channel_not_found'), { code: 'slack_webapi_platform_error', data: { error: 'channel_not_found' } });
    expect(summarizeLibraryLog(['Slack API error: channel_not_found', error])).toEqual({
      detail: 'Slack API error',
      error: 'Error (slack_webapi_platform_error): An API error occurred: channel_not_found',
    });
  });
});

describe('error fields', () => {
  it('keep Slack error codes and friendly descriptions', () => {
    const { logger, lines } = capture('pretty');
    logger.warn('edit.modal_failed', { error: 'the bot is not a member of that channel (`not_in_channel`)' });
    expect(lines[0]).toContain('(`not_in_channel`)');
  });
});
