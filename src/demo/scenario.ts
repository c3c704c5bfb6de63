import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const userRef = z.string().min(1);
const messageRef = z.string().min(1);

/** `+25m`, `+2h`, `+1d`: how far the demo clock moves before a step. */
export const OFFSET = /^\+(\d+)(m|h|d)$/;

const base = { at: z.string().regex(OFFSET).optional() };

export const stepSchema = z.union([
  z.object({ ...base, say: z.string() }).strict(),
  z.object({ ...base, command: z.string(), user: userRef, in: z.string().optional() }).strict(),
  z.object({ ...base, submit: z.record(z.string(), z.unknown()), user: userRef }).strict(),
  z
    .object({
      ...base,
      post: z.string(),
      user: userRef,
      as: z.string().optional(),
      thread: messageRef.optional(),
      files: z.array(z.object({ name: z.string(), content: z.string().optional() })).optional(),
      in: z.string().optional(),
    })
    .strict(),
  z.object({ ...base, pin: messageRef, user: userRef }).strict(),
  z.object({ ...base, react: messageRef, emoji: z.string(), user: userRef }).strict(),
  z.object({ ...base, shortcut: messageRef, user: userRef }).strict(),
  z.object({ ...base, edit: messageRef, text: z.string(), user: userRef }).strict(),
  z.object({ ...base, join: userRef }).strict(),
  z.object({ ...base, click: z.string(), user: userRef, value: z.string().optional() }).strict(),
]);
export type Step = z.infer<typeof stepSchema>;

export const scenarioSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    /** How long before the real present the demo clock starts, e.g. `2d`. */
    startsAgo: z.string().regex(/^\d+(m|h|d)$/),
    users: z.array(z.object({ id: z.string().regex(/^U[A-Z0-9_]+$/), name: z.string(), realName: z.string() })).min(1),
    channels: z.array(z.object({ name: z.string(), members: z.array(z.string()) })).min(1),
    incidentsChannel: z.string(),
    steps: z.array(stepSchema).min(1),
    /** What the compiled post-mortem must contain; checked by the test that plays every scenario. */
    expect: z.object({ postmortemContains: z.array(z.string()) }),
  })
  .strict();
export type Scenario = z.infer<typeof scenarioSchema>;

export function loadScenario(path: string): Scenario {
  const parsed = scenarioSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

export function durationMs(text: string): number {
  const m = /^\+?(\d+)(m|h|d)$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'm' | 'h' | 'd'];
}

export const SCENARIO_DIR = fileURLToPath(new URL('./scenarios', import.meta.url));

/** Every shipped scenario file: adding one is adding a JSON file here, no code. */
export function listScenarios(): string[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(SCENARIO_DIR, f));
}
