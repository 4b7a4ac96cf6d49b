/**
 * A rollback's contents are checked against the org as a file's are before a plan is made from it: the org held the
 * restored version once, but what it referenced may be gone or unpublished since, and its limits may be lower now.
 * Such a rollback is refused at plan time, naming the finding, rather than by the platform at the write.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import type { CxConfig } from '../../src/model/config.js';
import { planRollback, type RollbackOptions } from '../../src/org/rollback.js';
import { clientFor, startOrg, type TestOrg } from '../support/org-rig.js';
import { draft, ref, text } from '../support/schema-builders.js';

let org: TestOrg | undefined;
let emulator: EmulatorHandle | undefined;
let folder: string | undefined;
afterEach(async () => {
  await org?.stop();
  await emulator?.stop();
  if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  org = emulator = folder = undefined;
});

const NONE: CxConfig['compatibility'] = { mode: 'NONE', ignore: [] };

function rollback(target: RollbackOptions['target'], externalId: string, extra: Partial<RollbackOptions> = {}) {
  return planRollback({
    target,
    orgDomain: 'emulator',
    externalId,
    toVersion: 1,
    compatibility: NONE,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  });
}

describe('rollback checked against the org', () => {
  it('refuses a version whose reference names a schema deleted since', async () => {
    org = await startOrg();
    await org.other.create(draft('bee'));
    await org.other.create(draft('aye', [text('label'), ref('buddy', 'bee')]));
    await org.other.update({ ...draft('aye'), version: 2 });
    await org.other.delete('bee');

    const { plan } = await rollback(org.target, 'aye');
    const step = plan.steps[0]!;
    expect(step.kind).toBe('update');
    expect(step.blocked).toMatch(/^the restored v1 does not validate against the org: REFERENCE_TARGET_UNKNOWN /);
    expect(step.blocked).toContain("referencedType 'bee'");
    expect(plan.summary).toMatchObject({ blocked: 1, writes: 0 });

    const result = await applyPlan(plan, { target: org.target });
    expect(result.summary).toMatchObject({ updated: 0, blocked: 1, failed: 0 });
    expect((await org.other.get('aye'))?.version).toBe(2);
  });

  it('refuses a published version whose reference names a schema deprecated since', async () => {
    org = await startOrg();
    const published = { version: 2, status: 'PUBLISHED' as const };
    await org.other.create(draft('bee'));
    await org.other.update({ ...draft('bee'), ...published });
    await org.other.create(draft('aye', [text('label'), ref('buddy', 'bee')]));
    await org.other.update({ ...draft('aye', [text('label'), ref('buddy', 'bee')]), ...published });
    await org.other.update({ ...draft('aye'), version: 3, status: 'PUBLISHED' });
    await org.other.update({ ...draft('bee'), version: 3, status: 'DEPRECATED' });

    const { plan } = await rollback(org.target, 'aye', { toVersion: 2 });
    expect(plan.steps[0]!.blocked).toContain('PUBLISHED_REFERENCES_UNPUBLISHED');
    await applyPlan(plan, { target: org.target });
    expect((await org.other.get('aye'))?.version).toBe(3);
  });

  it('reads the org as a plan does, then the version: four requests, as docs/rollback.md "Cost" says', async () => {
    org = await startOrg();
    await org.other.create(draft('aye', [text('label'), text('note')]));
    await org.other.update({ ...draft('aye'), version: 2 });
    for (const mode of ['BACKWARD', 'BACKWARD_TRANSITIVE'] as const) {
      const before = org.target.stats().requests;
      await rollback(org.target, 'aye', { compatibility: { mode, ignore: [] } });
      // The list (one page), /limits, the system objects, and the version (or the versions).
      expect(org.target.stats().requests - before).toBe(4);
    }
  });

  it("refuses a version beyond the org's limits now, and checks with the config's rule severities", async () => {
    folder = await mkdtemp(join(tmpdir(), 'cxschema-rollback-limits-'));
    const dataPath = join(folder, 'state.json');
    const wide = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0, dataPath });
    await clientFor(wide).create(draft('note', [text('a'), text('b'), text('c')]));
    await clientFor(wide).update({ ...draft('note', [text('a')]), version: 2 });
    await wide.stop();
    // The same org, its limit lowered since v1 was written.
    emulator = await startEmulator({
      port: 0,
      host: '127.0.0.1',
      rateLimitPerMinute: 0,
      dataPath,
      limits: { maxFieldsPerSchema: 2 },
    });
    const target = clientFor(emulator);

    const { plan } = await rollback(target, 'note');
    expect(plan.steps[0]!.blocked).toContain('FIELD_COUNT_LIMIT');
    await applyPlan(plan, { target });
    expect((await target.get('note'))?.version).toBe(2);

    // A config that lowers the rule to a warning plans the write, as it would plan a file's.
    const config: CxConfig = {
      schemas: [],
      rules: { FIELD_COUNT_LIMIT: 'warning' },
      systemObjects: [],
      limits: {},
      compatibility: NONE,
      root: folder,
    };
    const lowered = await rollback(target, 'note', { config });
    expect(lowered.plan.steps[0]!.blocked).toBeUndefined();
  });
});
