import { type Logger, LogLevel, WebClient } from '@slack/web-api';
import { SlackSim, type SlackSimOptions } from '../../src/slack-sim';

export const BOT_TOKEN = 'xoxb-test-bot-token';
export const APP_TOKEN = 'xapp-1-test-app-token';
export const SIGNING_SECRET = 'test-signing-secret';

export async function startSim(extra: Partial<SlackSimOptions> = {}): Promise<SlackSim> {
  const sim = new SlackSim({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, appToken: APP_TOKEN, ...extra });
  await sim.start();
  return sim;
}

/** The client logs Slack's response_metadata messages at error level; tests provoke those on purpose. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

/** A real WebClient that never retries, so a broken sim fails fast instead of backing off for minutes. */
export function clientFor(sim: SlackSim, opts: ConstructorParameters<typeof WebClient>[1] = {}): WebClient {
  return new WebClient(BOT_TOKEN, { slackApiUrl: sim.apiUrl, retryConfig: { retries: 0 }, logger: silentLogger, ...opts });
}

/** The Slack error code of a rejected WebClient call. */
export async function slackError(p: Promise<unknown>): Promise<{ error: string; data: Record<string, any> }> {
  try {
    await p;
  } catch (e) {
    const data = (e as { data?: Record<string, any> }).data;
    if (data && typeof data.error === 'string') return { error: data.error, data };
    throw e;
  }
  throw new Error('expected the call to fail');
}
