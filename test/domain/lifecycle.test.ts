import { describe, expect, it } from 'vitest';
import { DomainError, ValidationError } from '../../src/domain/errors';
import { isBackward, parseStatusArgs, planStatusChange, statusChangeText, type LifecycleState } from '../../src/domain/lifecycle';
import type { Status } from '../../src/domain/status';

const at = new Date('2026-11-23T12:00:00Z');
const t1 = new Date('2026-11-23T10:00:00Z');
const t2 = new Date('2026-11-23T11:00:00Z');
const t3 = new Date('2026-11-23T11:30:00Z');

function state(status: Status, stamps: Partial<LifecycleState> = {}): LifecycleState {
  return { status, containedAt: null, mitigatedAt: null, resolvedAt: null, closedAt: null, ...stamps };
}

describe('planStatusChange: allowed moves', () => {
  it.each([
    ['forward one phase', state('investigating'), 'contained', null, 'forward', { status: 'contained', containedAt: at }],
    ['forward with a note', state('contained', { containedAt: t1 }), 'mitigated', 'bad weights removed', 'forward', { status: 'mitigated', mitigatedAt: at }],
    ['skipping phases stamps only the target', state('investigating'), 'resolved', null, 'forward', { status: 'resolved', resolvedAt: at }],
    ['skip from contained keeps contained_at', state('contained', { containedAt: t1 }), 'resolved', null, 'forward', { status: 'resolved', resolvedAt: at }],
    [
      'back one phase clears the later stamps only',
      state('mitigated', { containedAt: t1, mitigatedAt: t2 }),
      'contained',
      'fallback drifts too',
      'backward',
      { status: 'contained', mitigatedAt: null, resolvedAt: null, closedAt: null },
    ],
    [
      'back to investigating clears every phase',
      state('resolved', { containedAt: t1, mitigatedAt: t2, resolvedAt: t3 }),
      'investigating',
      'users still affected',
      'backward',
      { status: 'investigating', containedAt: null, mitigatedAt: null, resolvedAt: null, closedAt: null },
    ],
    [
      're-opening a closed incident clears closed_at',
      state('closed', { resolvedAt: t3, closedAt: at }),
      'resolved',
      'post-mortem found a second cause',
      'backward',
      { status: 'resolved', closedAt: null },
    ],
    ['status names are case-insensitive', state('investigating'), 'CONTAINED', null, 'forward', { status: 'contained', containedAt: at }],
  ] as const)('%s', (_name, from, to, note, direction, patch) => {
    const change = planStatusChange(from, to, note, at);
    expect(change.direction).toBe(direction);
    expect(change.patch).toEqual(patch);
    expect(change.note).toBe(note);
  });
});

describe('planStatusChange: refused moves', () => {
  it.each([
    ['back without a note', state('contained'), 'investigating', null, ValidationError, 're-opens the incident'],
    ['back with a blank note', state('resolved'), 'mitigated', '   ', ValidationError, 're-opens the incident'],
    ['to the same status', state('contained'), 'contained', null, DomainError, 'already'],
    ['to closed', state('resolved'), 'closed', null, ValidationError, 'Closing is a step of its own'],
    ['to an unknown status', state('investigating'), 'fixed', null, ValidationError, 'Pick one of'],
    ['with a note that is too long', state('investigating'), 'contained', 'x'.repeat(501), ValidationError, 'under 500'],
  ] as const)('%s', (_name, from, to, note, type, message) => {
    expect(() => planStatusChange(from, to, note, at)).toThrow(type);
    expect(() => planStatusChange(from, to, note, at)).toThrow(message);
  });
});

describe('parseStatusArgs', () => {
  it.each([
    ['contained', { to: 'contained', note: null }],
    ['Mitigated  removed poisoned rows', { to: 'mitigated', note: 'removed poisoned rows' }],
    ['investigating multi\nline note', { to: 'investigating', note: 'multi\nline note' }],
  ])('%j', (args, expected) => {
    expect(parseStatusArgs(args)).toEqual(expected);
  });

  it('asks for a status when none is given', () => {
    expect(() => parseStatusArgs('  ')).toThrow(ValidationError);
  });
});

describe('isBackward and the entry text', () => {
  it.each([
    ['investigating', 'contained', false],
    ['mitigated', 'contained', true],
    ['closed', 'resolved', true],
    ['resolved', 'closed', false],
    ['contained', 'nonsense', false],
  ] as const)('%s → %s backward: %s', (from, to, expected) => {
    expect(isBackward(from, to)).toBe(expected);
  });

  it('says re-opened for a backward move and carries the note', () => {
    expect(statusChangeText({ from: 'mitigated', to: 'contained', note: 'drift again', direction: 'backward' })).toBe(
      'Re-opened: Mitigated → Contained — drift again',
    );
    expect(statusChangeText({ from: 'investigating', to: 'resolved', note: null, direction: 'forward' })).toBe('Status: Investigating → Resolved');
  });
});
