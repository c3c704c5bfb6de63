import { describe, expect, it } from 'vitest';
import { compilePostmortem } from '../../src/domain/postmortem';
import { hiringIncident, minimalIncident } from './postmortem-fixtures';

/*
 * Golden drafts. They are committed files: a change to the output fails CI (vitest does not
 * write snapshots when CI=true). After a deliberate change, review the diff and run
 * `npx vitest run test/domain/postmortem-golden.test.ts -u`.
 */
describe('golden post-mortem drafts', () => {
  it('a multi-day SEV1 bias incident in a résumé screening model', async () => {
    await expect(compilePostmortem(hiringIncident())).toMatchFileSnapshot('./golden/hiring-sev1.md');
  });

  it('a minimal incident with almost nothing filled in', async () => {
    await expect(compilePostmortem(minimalIncident())).toMatchFileSnapshot('./golden/minimal.md');
  });
});
