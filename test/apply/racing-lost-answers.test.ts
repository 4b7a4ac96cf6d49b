/**
 * Two applies of the same files racing while one of them loses the answer to a write: the run whose answer was
 * lost learns what happened only by reading the schema back. Whatever it finds, the step ends where the org
 * already is (docs/deploying.md "Conflicts"), and no version is claimed by both runs.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { nodeHttpFetch, type FetchLike } from '../../src/genesys/node-http-fetch.js';
import { createApplyObserver } from '../../src/observe/apply-observer.js';
import { openAuditLog, readAuditEntries } from '../../src/observe/audit/audit-log.js';
import { newIntentOwner, resolveOpenIntents } from '../../src/observe/audit/write-intents.js';
import type { CustomObjectsTarget } from '../../src/genesys/index.js';
import type { ConflictRetryEvent } from '../../src/apply/apply-events.js';
import type { Plan } from '../../src/plan/plan-types.js';
import { definition, documents, text } from '../support/schema-builders.js';
import { startOrg, orgAndFolderPerTest } from '../support/org-rig.js';
import { planAgainst } from '../support/plan-against.js';

const rig = orgAndFolderPerTest();

const connectionReset = (): Error =>
  Object.assign(new Error('the connection closed before the end of the answer'), { code: 'ECONNRESET' });

const CONTEXT = { environment: 'test', orgDomain: 'emulator', actor: 'ci' };

async function observedApply(plan: Plan, target: CustomObjectsTarget, log: string) {
  const audit = await openAuditLog(join(rig.dir!, log), CONTEXT);
  const retries: ConflictRetryEvent[] = [];
  const observer = createApplyObserver({ audit });
  const result = await applyPlan(plan, {
    target,
    events: { ...observer.events, onRetry: (event) => void retries.push(event) },
  });
  await observer.finish();
  return { result, retries, entries: await readAuditEntries(join(rig.dir!, log)) };
}

/**
 * A client whose first POST is lost, never reaching the org: while it is on its way, `meanwhile` runs (the other
 * apply), then the connection resets.
 */
function firstPostLost(meanwhile: () => Promise<unknown>): FetchLike {
  let first = true;
  return async (url, init) => {
    if (first && init.method === 'POST' && url.includes('/api/')) {
      first = false;
      await meanwhile();
      throw connectionReset();
    }
    return nodeHttpFetch(url, init);
  };
}

describe('racing applies with a lost answer', () => {
  it("a create whose answer is lost while the other run creates and publishes ends as the other run's work", async () => {
    rig.org = await startOrg();
    rig.dir = await mkdtemp(join(tmpdir(), 'cxschema-race-lost-'));
    const files = documents(definition('customer', [text('label')]));
    const first = await planAgainst(rig.org.target, files);
    const second = await planAgainst(rig.org.other, files);
    let other: Awaited<ReturnType<typeof observedApply>> | undefined;
    const target = rig.org.client({
      fetch: firstPostLost(async () => (other = await observedApply(second, rig.org!.other, 'other.jsonl'))),
    });

    const lost = await observedApply(first, target, 'lost.jsonl');

    expect(rig.org.emulator.versions('customer').map((v) => `v${v.version} ${v.status}`)).toEqual([
      'v1 DRAFT',
      'v2 PUBLISHED',
    ]);
    expect(other!.result.summary).toMatchObject({ created: 1, writes: 2, failed: 0 });
    // The read back found version 2: the org moved on, a conflict. Planned again, the step finds the desired
    // state there and is done, claiming nothing.
    expect(lost.result.summary).toMatchObject({ failed: 0, alreadyDone: 1, created: 0, writes: 0, rebased: 1 });
    expect(lost.retries).toMatchObject([{ reason: 'exists' }]);
    expect(lost.retries[0]!.message).toContain('the read back finds customer at version 2 (PUBLISHED)');
    // The lost POST may have landed before the other run's (it did not, here): its intent stays open, for a later
    // run to settle, and no entry claims a version.
    const intent = lost.entries.find((e) => e.action === 'SCHEMA_WRITE_INTENDED');
    expect(intent).toMatchObject({ version: 1 });
    expect(lost.entries.filter((e) => e.intentSeq === intent!.seq)).toEqual([]);
    expect(lost.entries.map((e) => e.action)).toEqual(['SCHEMA_WRITE_INTENDED']);
  });

  it("settles the lost create's intent as not done when the shared log holds the other run's claim", async () => {
    rig.org = await startOrg();
    rig.dir = await mkdtemp(join(tmpdir(), 'cxschema-race-settle-'));
    const files = documents(definition('customer', [text('label')]));
    const first = await planAgainst(rig.org.target, files);
    const second = await planAgainst(rig.org.other, files);
    const target = rig.org.client({
      fetch: firstPostLost(() => observedApply(second, rig.org!.other, 'shared.jsonl')),
    });
    const { entries } = await observedApply(first, target, 'shared.jsonl');
    // The lost POST's intent comes first: the other run wrote its whole step while that POST was on its way.
    const [lostIntent] = entries;
    const created = entries.find((e) => e.action === 'SCHEMA_CREATED');
    expect(lostIntent).toMatchObject({ action: 'SCHEMA_WRITE_INTENDED', version: 1 });
    expect(created).toMatchObject({ version: 1 });

    // The next run settles the lost POST's intent: the org holds version 1 with its contents, but the other
    // run's entry records the answer to the POST that made it, so this one was not done.
    const { resolved } = await resolveOpenIntents({
      audit: await openAuditLog(join(rig.dir, 'shared.jsonl'), CONTEXT),
      context: CONTEXT,
      run: newIntentOwner(),
      version: (externalId, version, read) => rig.org!.target.version(externalId, version, read),
    });
    expect(resolved).toEqual([
      { intentSeq: lostIntent!.seq, schemaId: 'customer', found: false, claimedBy: created!.seq },
    ]);
    const all = await readAuditEntries(join(rig.dir, 'shared.jsonl'));
    expect(all.filter((e) => e.version === 1 && e.action !== 'SCHEMA_WRITE_INTENDED').map((e) => e.action)).toEqual([
      'SCHEMA_CREATED',
      'SCHEMA_WRITE_NOT_DONE',
    ]);
  });
});
