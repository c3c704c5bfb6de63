import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The project's manifest.yml: what the workspace was told the app is. */
export const DEFAULT_MANIFEST_PATH = fileURLToPath(new URL('../../manifest.yml', import.meta.url));

/** The parts of the app manifest that change how Slack treats the app. */
export interface SimManifest {
  /** `features.app_home.messages_tab_enabled`: without it, DMs from the app answer `messages_tab_disabled`. */
  messagesTabEnabled: boolean;
  /** `should_escape` per slash command: whether `@name`, `#chan` and links arrive as Slack's tokens. */
  shouldEscape: Record<string, boolean>;
  /** `features.app_home.home_tab_enabled`: without it, views.publish answers `not_enabled`. */
  homeTabEnabled: boolean;
}

/** Reads the manifest the way Slack applies it; a missing key means Slack's default (off). */
export function readManifest(path = DEFAULT_MANIFEST_PATH): SimManifest {
  const doc = (parse(readFileSync(path, 'utf8')) ?? {}) as {
    features?: { app_home?: { messages_tab_enabled?: boolean; home_tab_enabled?: boolean }; slash_commands?: { command?: string; should_escape?: boolean }[] };
  };
  const shouldEscape: Record<string, boolean> = {};
  for (const c of doc.features?.slash_commands ?? []) if (c.command) shouldEscape[c.command] = c.should_escape === true;
  return {
    messagesTabEnabled: doc.features?.app_home?.messages_tab_enabled === true,
    shouldEscape,
    homeTabEnabled: doc.features?.app_home?.home_tab_enabled === true,
  };
}
