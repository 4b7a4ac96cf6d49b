/**
 * Apply under injected faults (10% 503, 5% 429, 2% slow success, 2% connection resets) converges: reruns, if
 * any are needed, leave the org equal to the desired state with contiguous versions. The client's clock and
 * sleep are virtual, so back-offs and Retry-After pauses cost no real time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { sameSchemaContent } from '../../src/family/custom-objects/content-equality.js';
import { definition, documents, ref, text } from '../support/schema-builders.js';
import { clientFor, startOrg, type TestOrg } from '../support/org-rig.js';
import { planAgainst } from '../support/plan-against.js';

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

function virtualClock(): { now: () => number; sleep: (ms: number) => Promise<void> } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    sleep: (ms) => {
      offset += ms;
      return new Promise((resolve) => setImmediate(resolve));
    },
  };
}

function desired(generation: number) {
  const extra = Array.from({ length: generation }, (_, i) => text(`extra_${i}`));
  const defs = [];
  for (let i = 0; i < 12; i++) {
    const fields = [text('name'), ...extra];
    if (i >= 4) fields.push(ref('parent', `s${i % 4}`));
    if (i >= 8) fields.push(ref('uncle', `s${4 + (i % 4)}`));
    defs.push(definition(`s${i}`, fields));
  }
  return documents(...defs);
}

describe('apply under faults', () => {
  it('converges with 10% 503, 5% 429, 2% slow success and 2% resets', async () => {
    org = await startOrg({
      faults: { status: { 503: 0.1 }, rateLimit: 0.05, slowSuccess: 0.02, slowSuccessMs: 400, reset: 0.02 },
      seed: 42,
    });
    const clock = virtualClock();
    // A short timeout turns every slow success into an unknown outcome that the client must resolve.
    const target = clientFor(org.emulator, { ...clock, requestTimeoutMs: 200, maxAttempts: 8 });

    for (const generation of [0, 1, 2]) {
      const want = desired(generation);
      let runs = 0;
      for (;;) {
        runs++;
        const plan = await planAgainst(target, want);
        if (plan.summary.changes === 0) break;
        expect(runs, `generation ${generation} did not converge`).toBeLessThanOrEqual(4);
        await applyPlan(plan, { target, now: clock.now });
      }
      for (const doc of want) {
        const there = org.emulator.schemas().find((s) => s.externalId === doc.definition.externalId);
        expect(there && sameSchemaContent(there, { ...doc.definition, status: 'PUBLISHED' })).toBe(true);
        const versions = org.emulator.versions(doc.definition.externalId).map((v) => v.version);
        expect(versions).toEqual(versions.map((_, i) => i + 1));
      }
    }
    const log = org.emulator.requestLog();
    // The faults did happen.
    expect(log.filter((e) => e.fault === 'status').length).toBeGreaterThan(0);
    expect(log.filter((e) => e.fault === 'rateLimit').length).toBeGreaterThan(0);
    expect(target.stats().retries).toBeGreaterThan(0);
  });
});
