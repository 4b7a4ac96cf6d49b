/**
 * A write whose first send got no answer, resent after the read back still showed the version before it, and whose
 * resend met a version conflict: the first send may have landed (here it did, just before someone else wrote on top
 * of it), so its intent stays open in the audit log (docs/audit.md "Writes whose answer never came"), while the
 * step is still planned again against what the org holds.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { sameSchemaContent } from '../../src/family/custom-objects/content-equality.js';
import { nodeHttpFetch, type FetchLike } from '../../src/genesys/node-http-fetch.js';
import { createApplyObserver } from '../../src/observe/apply-observer.js';
import { openAuditLog, readAuditEntries } from '../../src/observe/audit/audit-log.js';
import type { CustomObjectsTarget } from '../../src/genesys/index.js';
import type { Plan } from '../../src/plan/plan-types.js';
import { definition, documents, draft, text } from '../support/schema-builders.js';
import { startOrg, orgAndFolderPerTest } from '../support/org-rig.js';
import { planAgainst } from '../support/plan-against.js';

const rig = orgAndFolderPerTest();

const LOG = 'audit.jsonl';

async function observedApply(plan: Plan, target: CustomObjectsTarget) {
  const audit = await openAuditLog(join(rig.dir!, LOG), { environment: 'test', orgDomain: 'emulator', actor: 'ci' });
  const observer = createApplyObserver({ audit });
  const result = await applyPlan(plan, { target, events: observer.events });
  await observer.finish();
  return result;
}

const connectionReset = (): Error =>
  Object.assign(new Error('the connection closed before the end of the answer'), { code: 'ECONNRESET' });

describe('a resend that meets a conflict after a lost answer', () => {
  it('leaves the first send intent open and plans the step again', async () => {
    rig.org = await startOrg();
    rig.dir = await mkdtemp(join(tmpdir(), 'cxschema-resend-conflict-'));
    const initial = documents(definition('customer', [text('label')]));
    await observedApply(await planAgainst(rig.org.target, initial), rig.org.target);
    const startVersion = rig.org.emulator.schemas().find((s) => s.externalId === 'customer')!.version;

    // The first PUT is held back and its answer lost; when the client sends it again, the held one lands first,
    // then someone else writes on top of it, so the resend meets a version conflict.
    const desired = documents(definition('customer', [text('label'), text('email')]));
    let held: (() => Promise<unknown>) | undefined;
    let puts = 0;
    const someone = rig.org.other;
    const fetch: FetchLike = async (url, init) => {
      if (init.method === 'PUT') puts++;
      if (puts === 1 && init.method === 'PUT') {
        held = () => nodeHttpFetch(url, init);
        throw connectionReset();
      }
      if (puts === 2 && init.method === 'PUT') {
        await held!();
        await someone.update({
          ...draft('customer', [text('label')], { description: 'changed by someone else' }),
          status: 'PUBLISHED',
          version: startVersion + 2,
        });
      }
      return nodeHttpFetch(url, init);
    };
    const target = rig.org.client({ fetch, maxAttempts: 3 });
    const result = await observedApply(await planAgainst(target, desired), target);

    // The first send was applied: the rig.org holds its version with the desired content.
    const landed = rig.org.emulator.versions('customer').find((v) => v.version === startVersion + 1);
    expect(landed && sameSchemaContent(landed, { ...desired[0]!.definition, status: landed.status })).toBe(true);
    // The step was planned again against what the rig.org holds (someone else's version) and written on top of it.
    expect(result.summary).toMatchObject({ failed: 0, rebased: 1 });

    const entries = await readAuditEntries(join(rig.dir, LOG));
    const intent = entries.find((e) => e.action === 'SCHEMA_WRITE_INTENDED' && e.version === startVersion + 1);
    expect(intent).toBeDefined();
    expect(entries.filter((e) => e.intentSeq === intent!.seq)).toEqual([]);
  });
});
