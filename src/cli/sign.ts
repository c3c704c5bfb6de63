import { parseArgs } from 'node:util';
import { LOCAL_SIGNING_SECRET } from '../demo/run-demo';
import { signRequest } from '../slack-sim/signing';

const USAGE = `usage:
  npm run -s sign -- --command "<text after /incident>" [--user U_ALICE] [--channel C…] | sh
  npm run -s sign -- --body '<raw form or JSON body>' | sh
options: --url (default http://127.0.0.1:3000/slack/events), --secret (default SLACK_SIGNING_SECRET or the local demo secret)`;

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Prints a curl command that sends a correctly signed request to the bot — how to poke the bot
 * by hand, exactly as Slack would, without a workspace.
 */
export function buildSignedCurl(opts: { body: string; url: string; secret: string; now: number }): string {
  const json = opts.body.trimStart().startsWith('{');
  const headers = {
    'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
    ...signRequest(opts.secret, opts.body, Math.floor(opts.now / 1000)),
  };
  const h = Object.entries(headers).map(([k, v]) => `-H ${quote(`${k}: ${v}`)}`);
  return ['curl -sS -X POST', quote(opts.url), ...h, '--data-raw', quote(opts.body)].join(' ');
}

export function commandBody(p: { text: string; user: string; channel: string; responseUrl?: string }): string {
  return new URLSearchParams({
    token: 'local',
    team_id: 'T1',
    team_domain: 'acme',
    channel_id: p.channel,
    channel_name: 'local',
    user_id: p.user,
    user_name: p.user.toLowerCase(),
    command: '/incident',
    text: p.text,
    api_app_id: 'A1',
    response_url: p.responseUrl ?? 'http://127.0.0.1:4000/response/manual',
    trigger_id: `manual.${Date.now()}`,
  }).toString();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      command: { type: 'string' },
      body: { type: 'string' },
      user: { type: 'string', default: 'U_ALICE' },
      channel: { type: 'string', default: 'C00000001' },
      url: { type: 'string', default: 'http://127.0.0.1:3000/slack/events' },
      secret: { type: 'string' },
    },
  });
  if (!values.command && !values.body) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = 2;
  } else {
    const body = values.body ?? commandBody({ text: values.command!, user: values.user!, channel: values.channel! });
    const secret = values.secret ?? process.env.SLACK_SIGNING_SECRET ?? LOCAL_SIGNING_SECRET;
    process.stdout.write(`${buildSignedCurl({ body, url: values.url!, secret, now: Date.now() })}\n`);
  }
}
