import { describe, expect, it } from 'vitest';
import { parseCommand, parseDeclareArgs } from '../../src/domain/command';
import { helpText } from '../../src/slack/blocks/help';
import { parseSeverity } from '../../src/domain/severity';

describe('parseCommand', () => {
  it.each([
    ['', { kind: 'subcommand', name: 'help', args: '' }],
    ['   ', { kind: 'subcommand', name: 'help', args: '' }],
    ['declare', { kind: 'subcommand', name: 'declare', args: '' }],
    ['DECLARE  sev1  Model leaks PII', { kind: 'subcommand', name: 'declare', args: 'sev1  Model leaks PII' }],
    ['list', { kind: 'subcommand', name: 'list', args: '' }],
    ['note multi\nline', { kind: 'subcommand', name: 'note', args: 'multi\nline' }],
    ['frobnicate now', { kind: 'unknown', given: 'frobnicate' }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });
});

describe('parseDeclareArgs (fast path)', () => {
  it.each([
    ['sev1 Chatbot gives dosing advice', { mode: 'fast', severity: 'sev1', title: 'Chatbot gives dosing advice' }],
    ['SEV2 Bias in ranking', { mode: 'fast', severity: 'sev2', title: 'Bias in ranking' }],
    ['Sev3 drift', { mode: 'fast', severity: 'sev3', title: 'drift' }],
    ['sev 4 near miss', { mode: 'fast', severity: 'sev4', title: 'near miss' }],
    ['sev1', { mode: 'modal', severity: 'sev1', title: '' }],
    ['sev5 nope', { mode: 'modal', severity: null, title: 'sev5 nope' }],
    ['sev10 title', { mode: 'modal', severity: null, title: 'sev10 title' }],
    ['several users report bias', { mode: 'modal', severity: null, title: 'several users report bias' }],
    ['', { mode: 'modal', severity: null, title: '' }],
    ['Hiring model bias', { mode: 'modal', severity: null, title: 'Hiring model bias' }],
  ])('%j', (args, expected) => {
    expect(parseDeclareArgs(args)).toEqual(expected);
  });
});

describe('parseSeverity', () => {
  it.each([
    ['sev1', 'sev1'],
    ['SEV2', 'sev2'],
    ['Sev 3', 'sev3'],
    ['4', 'sev4'],
    ['sev0', null],
    ['critical', null],
    ['', null],
  ])('%j → %j', (raw, expected) => {
    expect(parseSeverity(raw)).toBe(expected);
  });
});

describe('helpText', () => {
  it('lists only the available subcommands', () => {
    const text = helpText('intro', ['declare', 'help']);
    expect(text).toContain('intro');
    expect(text).toContain('/incident declare');
    expect(text).not.toContain('/incident resolve');
  });
});
