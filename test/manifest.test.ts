import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CALLBACK, COMMAND } from '../src/slack/ids';

const manifest = parse(readFileSync('manifest.yml', 'utf8'));

/** Event → the bot scope Slack requires for it (null: none). */
const EVENT_SCOPE: Record<string, string | null> = {
  app_home_opened: null,
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  reaction_added: 'reactions:read',
  reaction_removed: 'reactions:read',
  pin_added: 'pins:read',
  pin_removed: 'pins:read',
  member_joined_channel: 'channels:read',
  member_left_channel: 'channels:read',
};

/** Web API methods the bot calls → the bot scope each needs. */
const METHOD_SCOPES = [
  'commands',
  'chat:write', // chat.postMessage, chat.update, chat.postEphemeral, DMs
  'channels:manage', // conversations.create/invite/setTopic/setPurpose/archive (public)
  'groups:write', // the same for private incident channels
  'channels:join', // conversations.join on the incidents channel
  'channels:read', // conversations.list when adopting a channel after a crash
  'groups:read',
  'channels:history', // conversations.history for the catch-up
  'groups:history',
  'pins:read', // pins.list for the catch-up
  'pins:write', // pins.add for the card
  'reactions:read',
  'reactions:write', // the capture acknowledgement
  'users:read', // names in the post-mortem draft
  'im:write', // conversations.open: the DM a job posts to, so it can find its post again
  'im:history', // conversations.history of that DM, when a retried job looks for its earlier post
  'files:write', // files.uploadV2 of the draft and of the stats chart
];

describe('manifest.yml', () => {
  it('meets Slack’s length and naming rules', () => {
    expect(manifest.display_information.name.length).toBeGreaterThanOrEqual(1);
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.features.bot_user.display_name).toBeTruthy();
    for (const c of manifest.features.slash_commands) {
      expect(c.command).toMatch(/^\/[a-z0-9_-]{1,31}$/);
      expect(c.description).toBeTruthy();
    }
  });

  it('declares the command, the shortcut and interactivity the code handles', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([COMMAND]);
    expect(manifest.features.slash_commands[0].should_escape).toBe(true);
    expect(manifest.features.shortcuts).toEqual([expect.objectContaining({ type: 'message', callback_id: CALLBACK.addToTimelineShortcut })]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    // Role DMs are the app's messages: without the Messages tab Slack answers messages_tab_disabled.
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    // The Home tab (views.publish) needs the tab enabled and the app_home_opened event.
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
    expect(manifest.settings.interactivity.request_url).toMatch(/\/slack\/events$/);
    expect(manifest.settings.event_subscriptions.request_url).toMatch(/\/slack\/events$/);
  });

  it('asks for exactly the scopes the bot uses, including each event’s scope', () => {
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    expect([...scopes].sort()).toEqual([...METHOD_SCOPES].sort());
    for (const event of manifest.settings.event_subscriptions.bot_events) {
      expect(EVENT_SCOPE[event], `unknown event ${event}`).toBeDefined();
      if (EVENT_SCOPE[event]) expect(scopes).toContain(EVENT_SCOPE[event]);
    }
  });
});
