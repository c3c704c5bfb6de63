import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../src/slack-sim/signing';

describe('signRequest', () => {
  it("matches Slack's published example", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
      '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com' +
      '%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signRequest('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618)).toEqual({
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      'x-slack-request-timestamp': '1531420618',
    });
  });

  it('signs the exact bytes of "v0:<ts>:<body>"', () => {
    const body = '{"type":"event_callback","event":{"text":"héllo"}}';
    const expected = createHmac('sha256', 'shh').update(`v0:1700000000:${body}`, 'utf8').digest('hex');
    expect(signRequest('shh', body, 1700000000)['x-slack-signature']).toBe(`v0=${expected}`);
    expect(signRequest('shh', `${body} `, 1700000000)['x-slack-signature']).not.toBe(`v0=${expected}`);
    expect(signRequest('shh', body, 1700000000.9)['x-slack-request-timestamp']).toBe('1700000000');
  });
});
