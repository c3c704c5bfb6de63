import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../src/demo/run-demo';
import { listScenarios, loadScenario } from '../../src/demo/scenario';
import { testDatabase } from '../support/db';

const out = mkdtempSync(join(tmpdir(), 'warroom-demo-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('every shipped demo scenario plays end to end', () => {
  const scenarios = listScenarios();

  it('ships at least two scenarios, all valid, with times in prose taken from the clock', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(2);
    for (const s of scenarios) expect(() => loadScenario(s)).not.toThrow();
    for (const s of scenarios) {
      for (const step of loadScenario(s).steps) {
        const prose = 'say' in step ? step.say : 'post' in step ? step.post : 'command' in step ? step.command : '';
        // A literal clock time would disagree with the demo clock, which starts relative to now.
        expect(prose, `${s}: ${prose}`).not.toMatch(/\b\d{1,2}:\d{2}\b/);
      }
    }
  });

  it.each(scenarios)('%s', async (path) => {
    // Played on the backend under test: a temp SQLite file, or this test file's Postgres database.
    const db = await testDatabase();
    try {
      const lines: string[] = [];
      const result = await runDemo(path, { outDir: out, print: (l) => lines.push(l), databaseEnv: db.env });
      const transcript = lines.join('\n');
      expect(transcript).not.toContain('    ! ');
      // The prose agrees with the clock: a narrated time is the time of the step that follows it.
      expect(transcript).not.toMatch(/\{(time|date)/);
      lines.forEach((line, i) => {
        const told = /^── (\d{2}:\d{2}) —/.exec(line)?.[1];
        if (!told) return;
        const next = lines.slice(i + 1).find((l) => /^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}\]/.test(l))!;
        expect(next.slice(12, 17), `${line}\n${next}`).toBe(told);
      });
      expect(transcript).toContain('bot → #inc-1-');

      const written = readFileSync(result.postmortemPath, 'utf8');
      expect(written).toBe(result.postmortem);
      for (const expected of result.scenario.expect.postmortemContains) expect(written).toContain(expected);

      const [incident] = await db.query<{ status: string }>('select status from incidents where id = 1');
      expect(incident?.status).toBe('resolved');
    } finally {
      await db.cleanup();
    }
  }, 60_000);
});
