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
import type { ChangeEvent } from '../../src/observe/portal/portal-export.js';
import { definition, documents, draft, text } from '../support/schema-builders.js';
import { startOrg, orgAndFolderPerTest } from '../support/org-rig.js';
import { planAgainst } from '../support/plan-against.js';

const rig = orgAndFolderPerTest();

const connectionReset = (): Error =>
  Object.assign(new Error('the connection closed before the end of the answer'), { code: 'ECONNRESET' });

const CONTEXT = { environment: 'test', orgDomain: 'emulator', actor: 'ci' };

async function observedApply(plan: Plan, target: CustomObjectsTarget, log: string) {
  const audit = await openAuditLog(join(rig.dir!, log), CONTEXT);
  const retries: ConflictRetryEvent[] = [];
  const sent: ChangeEvent[] = [];
  const observer = createApplyObserver({ audit, portal: { send: async (event) => void sent.push(event) } });
  const result = await applyPlan(plan, {
    target,
    events: { ...observer.events, onRetry: (event) => void retries.push(event) },
  });
  await observer.finish();
  return { result, retries, sent, entries: await readAuditEntries(join(rig.dir!, log)) };
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

  it('a create whose answer is lost while the other run makes the same version claims none of it', async () => {
    rig.org = await startOrg();
    rig.dir = await mkdtemp(join(tmpdir(), 'cxschema-race-claim-'));
    const files = documents(draft('customer', [text('label')]));
    const first = await planAgainst(rig.org.target, files);
    const second = await planAgainst(rig.org.other, files);
    let other: Awaited<ReturnType<typeof observedApply>> | undefined;
    const target = rig.org.client({
      fetch: firstPostLost(async () => (other = await observedApply(second, rig.org!.other, 'shared.jsonl'))),
    });

    const lost = await observedApply(first, target, 'shared.jsonl');

    // The read back finds version 1 with this run's contents: its own POST, applied, or the other run's; here the
    // other's, which got its answer. Only that run claims it, in its summary, the log and the portal.
    expect(rig.org.emulator.versions('customer')).toHaveLength(1);
    expect(other!.result.summary).toMatchObject({ created: 1, writes: 1 });
    expect(lost.result.summary).toMatchObject({ created: 0, alreadyDone: 1, foundByReadBack: 1, writes: 0, failed: 0 });
    expect([...other!.sent, ...lost.sent].map((e) => `${e.schema} v${e.version}`)).toEqual(['customer v1']);
    const entries = await readAuditEntries(join(rig.dir, 'shared.jsonl'));
    const claims = entries.filter((e) => e.action === 'SCHEMA_CREATED');
    expect(claims).toHaveLength(1);
    // The lost POST's intent is resolved: the log already held the other run's claim, so it was not done.
    const [lostIntent] = entries;
    expect(lostIntent).toMatchObject({ action: 'SCHEMA_WRITE_INTENDED', version: 1 });
    const resolving = entries.filter((e) => e.intentSeq === lostIntent!.seq);
    expect(resolving).toMatchObject([{ action: 'SCHEMA_WRITE_NOT_DONE', version: 1 }]);
    expect(resolving[0]!.errorMessage).toContain(
      `entry #${claims[0]!.seq} records the answer to the write that made it`,
    );
  });

  it('a lone create whose answer is lost after it landed is found, not claimed', async () => {
    rig.org = await startOrg();
    rig.dir = await mkdtemp(join(tmpdir(), 'cxschema-lost-alone-'));
    const plan = await planAgainst(rig.org.target, documents(definition('customer', [text('label')])));
    // The POST lands; its answer is lost on the way back.
    let first = true;
    const fetch: FetchLike = async (url, init) => {
      const response = await nodeHttpFetch(url, init);
      if (first && init.method === 'POST' && url.includes('/api/')) {
        first = false;
        throw connectionReset();
      }
      return response;
    };

    const alone = await observedApply(plan, rig.org.client({ fetch }), 'alone.jsonl');

    // Nothing in the org tells this POST from an identical one of another run: version 1 is recorded as found,
    // resolving its intent, and the publish that this run's answer confirms is what it claims and exports.
    expect(alone.result.summary).toMatchObject({ created: 0, published: 1, writes: 1, alreadyDone: 0, failed: 0 });
    expect(alone.entries.filter((e) => e.action !== 'SCHEMA_WRITE_INTENDED')).toMatchObject([
      { action: 'SCHEMA_WRITE_FOUND', status: 'SUCCESS', version: 1, intentSeq: 1 },
      { action: 'SCHEMA_PUBLISHED', version: 2, intentSeq: 3 },
    ]);
    expect(alone.sent).toMatchObject([{ schema: 'customer', version: 2, status: 'PUBLISHED' }]);
  });
});
