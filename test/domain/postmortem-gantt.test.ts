import { describe, expect, it } from 'vitest';
import { ganttPhases, renderGantt, sanitiseMermaidText, type GanttTimestamps } from '../../src/domain/postmortem';

const at = (iso: string) => new Date(`${iso}:00Z`);
const none: GanttTimestamps = {
  impactStartedAt: null,
  detectedAt: null,
  declaredAt: at('2024-03-27T14:10'),
  containedAt: null,
  mitigatedAt: null,
  resolvedAt: null,
  closedAt: null,
};

/**
 * The syntax Mermaid's gantt grammar accepts, statement by statement: a task name may not contain
 * `:`, `#` or `;`, task data may not contain `#` or `;`, and `%` anywhere starts a comment.
 */
function expectValidGantt(block: string): { tasks: { name: string; start: string; end: string }[] } {
  const lines = block.split('\n');
  expect(lines[0]).toBe('```mermaid');
  expect(lines[1]).toBe('gantt');
  expect(lines[lines.length - 1]).toBe('```');
  const tasks: { name: string; start: string; end: string }[] = [];
  let dateFormat = '';
  for (const line of lines.slice(2, -1)) {
    const s = line.trim();
    if (s.startsWith('title ')) expect(s.slice(6)).not.toMatch(/[#;%:]/);
    else if (s.startsWith('dateFormat ')) dateFormat = s.slice(11);
    else if (s.startsWith('axisFormat ')) expect(s.slice(11)).not.toMatch(/[#;]/);
    else if (s === 'todayMarker off') continue;
    else if (s.startsWith('section ')) expect(s.slice(8)).not.toMatch(/[#;%:]/);
    else {
      const m = /^([^:#;%\n]+):((?:crit|done|active|milestone), p\d+, (\d{4}-\d{2}-\d{2} \d{2}:\d{2}), (\d{4}-\d{2}-\d{2} \d{2}:\d{2}|0d))$/.exec(s);
      expect(m, `not a valid task line: ${s}`).not.toBeNull();
      expect(m![2]).not.toMatch(/[#;]/);
      tasks.push({ name: m![1]!.trim(), start: m![3]!, end: m![4]! });
    }
  }
  expect(dateFormat).toBe('YYYY-MM-DD HH:mm');
  for (const t of tasks) if (t.end !== '0d') expect(t.end >= t.start).toBe(true);
  return { tasks };
}

function blocks(md: string): string[] {
  return [...md.matchAll(/```mermaid\n[\s\S]*?\n```/g)].map((m) => m[0]);
}

describe('sanitiseMermaidText', () => {
  it.each([
    ['INC-7: bias # 3; 50%', 'INC-7 bias 3 50'],
    ['line\nbreak', 'line break'],
    ['<b>"x"</b> `y` {z} [w]', 'bx/b y z w'],
  ])('%j → %j', (input, expected) => {
    expect(sanitiseMermaidText(input)).toBe(expected);
  });
});

describe('ganttPhases', () => {
  it('all phases in lifecycle order, impact before detection first', () => {
    const phases = ganttPhases({
      impactStartedAt: at('2024-03-27T08:00'),
      detectedAt: at('2024-03-27T13:40'),
      declaredAt: at('2024-03-27T14:10'),
      containedAt: at('2024-03-27T16:05'),
      mitigatedAt: at('2024-03-27T18:00'),
      resolvedAt: at('2024-03-27T20:00'),
      closedAt: at('2024-03-28T10:00'),
    });
    expect(phases.map((p) => p.section)).toEqual(['Impact before detection', 'Detection', 'Investigating', 'Contained', 'Mitigated', 'Resolved']);
  });

  it('a skipped status is omitted and investigating runs to the next recorded phase', () => {
    const phases = ganttPhases({ ...none, resolvedAt: at('2024-03-27T15:00') });
    expect(phases.map((p) => [p.section, p.end?.toISOString() ?? null])).toEqual([
      ['Investigating', '2024-03-27T15:00:00.000Z'],
      ['Resolved', null],
    ]);
  });

  it('a phase whose end precedes its start is left out', () => {
    const phases = ganttPhases({ ...none, containedAt: at('2024-03-27T12:00'), resolvedAt: at('2024-03-27T18:00') });
    expect(phases.map((p) => p.section)).toEqual(['Contained', 'Resolved']);
  });

  it('no impact section when impact started after detection', () => {
    const phases = ganttPhases({ ...none, impactStartedAt: at('2024-03-27T15:00'), detectedAt: at('2024-03-27T14:00'), resolvedAt: at('2024-03-27T18:00') });
    expect(phases.map((p) => p.section)).not.toContain('Impact before detection');
  });
});

describe('renderGantt', () => {
  it('a note instead of an invalid diagram when no phase has an end', () => {
    const out = renderGantt(none, 'INC-1');
    expect(out).not.toContain('```');
    expect(out).toMatch(/Not enough timestamps/);
  });

  it('a same-day incident: valid syntax, time axis', () => {
    const out = renderGantt({ ...none, containedAt: at('2024-03-27T15:00'), resolvedAt: at('2024-03-27T16:00') }, 'INC-1');
    const [block] = blocks(out);
    const { tasks } = expectValidGantt(block!);
    expect(tasks.map((t) => t.name)).toEqual(['Investigating (50 min)', 'Contained (1 h)', 'Resolved']);
    expect(block).toContain('axisFormat %H:%M');
  });

  it('a long undetected impact adds a zoomed diagram of the response', () => {
    const out = renderGantt(
      { ...none, impactStartedAt: at('2024-02-26T09:00'), detectedAt: at('2024-03-27T13:40'), containedAt: at('2024-03-27T16:05'), resolvedAt: at('2024-03-29T17:00') },
      'INC-7',
    );
    const bs = blocks(out);
    expect(bs).toHaveLength(2);
    bs.forEach((b) => expectValidGantt(b));
    expect(bs[0]).toContain('Undetected impact (30 d 4 h)');
    expect(bs[1]).not.toContain('Undetected impact');
  });
});
