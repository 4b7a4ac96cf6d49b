/**
 * Two applies of the same files to one org, no answer lost: every version the org holds is claimed by exactly one
 * of them, in the summary, the audit log and the portal events. A write resolved by reading back what someone else
 * wrote (409 exists with equal content) is counted as found already done, never as created. (With a lost answer,
 * a version may be claimed by none: test/apply/racing-lost-answers.test.ts.)
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { nodeHttpFetch, type FetchLike } from '../../src/genesys/node-http-fetch.js';
import { applySucceeded } from '../../src/apply/apply-summary.js';
import { createApplyObserver } from '../../src/observe/apply-observer.js';
import { openAuditLog, readAuditEntries } from '../../src/observe/audit/audit-log.js';
import type { ChangeEvent } from '../../src/observe/portal/portal-export.js';
import { createRunMetrics } from '../../src/observe/metrics/run-metrics.js';
import { definition, documents, ref, text } from '../support/schema-builders.js';
import { startOrg, orgAndFolderPerTest } from '../support/org-rig.js';
import { planAgainst } from '../support/plan-against.js';
import type { CustomObjectsTarget } from '../../src/genesys/index.js';
import type { Plan } from '../../src/plan/plan-types.js';

const rig = orgAndFolderPerTest();

const SCHEMA_COUNT = 12;
const files = () =>
  documents(
    ...Array.from({ length: SCHEMA_COUNT }, (_, i) =>
      i === 0
        ? definition('s00', [text('a')])
        : definition(`s${String(i).padStart(2, '0')}`, [text('a'), ref('parent', 's00')]),
    ),
  );

async function observedApply(plan: Plan, target: CustomObjectsTarget, name: string) {
  const audit = await openAuditLog(join(rig.dir!, `${name}.jsonl`), {
    environment: 'test',
    orgDomain: 'emulator',
    actor: name,
  });
  const sent: ChangeEvent[] = [];
  const metrics = createRunMetrics();
  const observer = createApplyObserver({ audit, metrics, portal: { send: async (event) => void sent.push(event) } });
  const result = await applyPlan(plan, { target, events: observer.events });
  await observer.finish();
  return {
    result,
    // The entries that record a write the rig.org took (an intent, one refused by a conflict, or one found by a
    // read back after a lost answer claims none).
    entries: (await readAuditEntries(join(rig.dir!, `${name}.jsonl`))).filter(
      (entry) =>
        entry.action !== 'SCHEMA_WRITE_INTENDED' &&
        entry.action !== 'SCHEMA_WRITE_NOT_DONE' &&
        entry.action !== 'SCHEMA_WRITE_FOUND',
    ),
    sent,
    metrics: metrics.toJSON().schemas,
  };
}

describe('racing applies', () => {
  it('an apply that finds every schema written by another run claims none of them', async () => {
    rig.org = await startOrg();
    rig.dir = await mkdtemp(join(tmpdir(), 'cxschema-race-'));
    // Both plans made before either ran: the second apply meets 409 exists on every create.
    const first = await planAgainst(rig.org.target, files());
    const second = await planAgainst(rig.org.other, files());
    const a = await observedApply(first, rig.org.target, 'first');
    const b = await observedApply(second, rig.org.other, 'second');

    expect(a.result.summary).toMatchObject({ created: SCHEMA_COUNT, alreadyDone: 0 });
    expect(b.result.summary).toMatchObject({ created: 0, alreadyDone: SCHEMA_COUNT, writes: 0, failed: 0 });
    expect(applySucceeded(b.result.summary)).toBe(true);
    expect(b.entries.filter((e) => e.action === 'SCHEMA_CREATED')).toEqual([]);
    expect(b.sent).toEqual([]);
    expect(b.metrics).toMatchObject({ created: 0, already_done: SCHEMA_COUNT });
    expect(a.entries.filter((e) => e.action === 'SCHEMA_CREATED')).toHaveLength(SCHEMA_COUNT);
  });

  it('two applies at once claim each version the rig.org holds exactly once', async () => {
    rig.org = await startOrg();
    rig.dir = await mkdtemp(join(tmpdir(), 'cxschema-race-'));
    const first = await planAgainst(rig.org.target, files());
    const second = await planAgainst(rig.org.other, files());
    const [a, b] = await Promise.all([
      observedApply(first, rig.org.target, 'first'),
      observedApply(second, rig.org.other, 'second'),
    ]);
    expect(applySucceeded(a.result.summary) && applySucceeded(b.result.summary)).toBe(true);

    const held = rig.org.emulator
      .schemas()
      .flatMap((s) => rig.org!.emulator.versions(s.externalId).map((v) => `${s.externalId} v${v.version}`))
      .sort();
    const claimed = [...a.entries, ...b.entries].map((e) => `${e.schemaId} v${e.version}`).sort();
    expect(claimed).toEqual(held);
    // Every schema counted once as created, across both summaries.
    expect(a.result.summary.created + b.result.summary.created).toBe(SCHEMA_COUNT);
    expect(a.result.summary.writes + b.result.summary.writes).toBe(held.length);
  });

  it("a run whose publish meets the other run's names in its change event the version it made", async () => {
    rig.org = await startOrg();
    rig.dir = await mkdtemp(join(tmpdir(), 'cxschema-race-'));
    const one = documents(definition('customer', [text('label')]));
    const first = await planAgainst(rig.org.target, one);
    const second = await planAgainst(rig.org.other, one);
    // The second run creates version 1; before its publish goes, the first runs the same plan to the end: its POST
    // meets version 1 and it publishes version 2, so the second run's publish meets a conflict and finds it done.
    let other: Awaited<ReturnType<typeof observedApply>> | undefined;
    let puts = 0;
    const fetch: FetchLike = async (url, init) => {
      if (init.method === 'PUT' && puts++ === 0) other = await observedApply(first, rig.org!.target, 'first');
      return nodeHttpFetch(url, init);
    };
    const late = await observedApply(second, rig.org.client({ fetch }), 'second');

    expect(rig.org.emulator.versions('customer').map((v) => `v${v.version} ${v.status}`)).toEqual([
      'v1 DRAFT',
      'v2 PUBLISHED',
    ]);
    expect(late.entries.map((e) => `${e.action} v${e.version}`)).toEqual(['SCHEMA_CREATED v1']);
    expect(other!.entries.map((e) => `${e.action} v${e.version}`)).toEqual(['SCHEMA_PUBLISHED v2']);
    // Each version named by one change event, sent by the run that made it.
    expect(late.sent).toMatchObject([{ schema: 'customer', version: 1, status: 'DRAFT' }]);
    expect(other!.sent).toMatchObject([{ schema: 'customer', version: 2, previousVersion: 1, status: 'PUBLISHED' }]);
  });
});
