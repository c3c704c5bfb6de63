import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'warroom-slack-local-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'local.db');

/** Runs `npm run slack:local` with the given lines on a stdin that stays open, as a terminal's does. */
function session(lines: string[], extra: string[] = []): Promise<{ code: number | null; out: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/slack-local.ts', '--db', db, '--port', '0', '--sim-port', '0', ...extra], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    for (const line of lines) child.stdin.write(`${line}\n`);
    // stdin is left open: only `:quit` may end the session.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ code: null, out, timedOut: true });
    }, 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, timedOut: false });
    });
  });
}

const incidents = () => {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare('select id, channel_id as channelId from incidents order by id').all() as { id: number; channelId: string }[];
  } finally {
    d.close();
  }
};

describe('npm run slack:local', () => {
  it(':quit ends the session; a kept database never collides with the fresh local Slack; the default starts both fresh', async () => {
    const first = await session(['/incident declare sev2 Chatbot invents a refund policy', ':quit']);
    expect(first.timedOut).toBe(false);
    expect(first.code).toBe(0);
    expect(incidents()).toHaveLength(1);

    const kept = await session(['/incident declare sev3 Ranker drifts', ':quit'], ['--keep']);
    expect(kept.timedOut).toBe(false);
    // The old incident's channel is not in this new local Slack (its catch-up says so), but the new
    // declaration gets a channel of its own.
    expect(kept.out, kept.out).not.toMatch(/UNIQUE constraint|Step `\w+` failed/);
    expect(kept.out).toContain('bot → #inc-2-ranker-drifts');
    const both = incidents();
    expect(both).toHaveLength(2);
    expect(new Set(both.map((i) => i.channelId)).size).toBe(2);

    const fresh = await session([':quit']);
    expect(fresh.code).toBe(0);
    expect(incidents()).toHaveLength(0);
  }, 120_000);
});
