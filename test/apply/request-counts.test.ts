/**
 * The run's request counts say what happened to each call: a write whose answer was lost and that was read back,
 * a 409 resolved by reading the schema again, a 404 that means "not there yet": none of them is "failed" when
 * every schema was deployed. A call a step failed on is.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { applySucceeded } from '../../src/apply/apply-summary.js';
import { createApplyObserver } from '../../src/observe/apply-observer.js';
import { createRunMetrics, type RunMetrics } from '../../src/observe/metrics/run-metrics.js';
import type { CustomObjectsTarget } from '../../src/genesys/index.js';
import { definition, documents, ref, text } from '../support/schema-builders.js';
import { startOrg, type TestOrg } from '../support/org-rig.js';
import { planAgainst } from '../support/plan-against.js';

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

const files = () => documents(definition('customer', [text('email')]), definition('order', [ref('buyer', 'customer')]));

/** A 503 for the first request `matches` picks: after the org handled it (`landed`), or instead of sending it. */
function answerLost(matches: (method: string, url: string) => boolean, landed: boolean): typeof fetch {
  let done = false;
  return async (input, init) => {
    const request = new Request(input, init);
    if (done || !matches(request.method, request.url)) return fetch(request);
    done = true;
    if (landed) await fetch(request);
    return new Response(JSON.stringify({ message: 'upstream went away', code: 'service.unavailable', status: 503 }), {
      status: 503,
      headers: { 'content-type': 'application/json' },
    });
  };
}

async function observedApply(target: CustomObjectsTarget, metrics: RunMetrics) {
  const plan = await planAgainst(target, files());
  const observer = createApplyObserver({ metrics });
  const result = await applyPlan(plan, { target, events: observer.events });
  await observer.finish();
  return result;
}

describe('request counts of an apply', () => {
  it('a create whose answer was lost, read back and found done, is read back, not failed', async () => {
    org = await startOrg();
    const metrics = createRunMetrics();
    const target = org.client({
      hooks: metrics.hooks,
      fetch: answerLost((method, url) => method === 'POST' && url.includes('/api/v2/'), true),
    });
    const result = await observedApply(target, metrics);
    expect(applySucceeded(result.summary)).toBe(true);
    // The create found by its read back is not claimed (docs/deploying.md "Conflicts"): its step counts as the
    // publish it still made.
    expect(result.summary).toMatchObject({ created: 1, published: 1 });
    const requests = metrics.toJSON().requests;
    expect(requests.error).toBe(1);
    expect(requests).toMatchObject({ readBack: 1, failed: 0 });
    expect(metrics.summaryLines()[0]).toMatch(/^requests: \d+ in \d+\.\d s: 0 retried, 1 read back, 0 failed$/);
  });

  it('an update whose answer was lost before it landed is read back (not there yet), sent again, and not failed', async () => {
    org = await startOrg();
    const metrics = createRunMetrics();
    const target = org.client({
      hooks: metrics.hooks,
      fetch: answerLost((method) => method === 'PUT', false),
    });
    const result = await observedApply(target, metrics);
    expect(applySucceeded(result.summary)).toBe(true);
    const json = metrics.toJSON();
    expect(json.requests).toMatchObject({ readBack: 1, failed: 0 });
    expect(json.retries.byReason['server-error']).toBe(1);
    expect(metrics.summaryLines()[0]).toMatch(/: 1 retried \(server-error 1\), 1 read back, 0 failed$/);
  });

  it('a create met by 409 exists and resolved by reading back is read back, not failed', async () => {
    org = await startOrg();
    const metrics = createRunMetrics();
    const target = org.client({ hooks: metrics.hooks });
    const plan = await planAgainst(target, files());
    // Someone else deploys the same files between this plan and its apply.
    await applyPlan(await planAgainst(org.other, files()), { target: org.other });
    const observer = createApplyObserver({ metrics });
    const result = await applyPlan(plan, { target, events: observer.events });
    await observer.finish();
    expect(result.summary).toMatchObject({ alreadyDone: 2, failed: 0 });
    const requests = metrics.toJSON().requests;
    expect(requests.byEndpoint.filter((c) => c.status === 409).reduce((n, c) => n + c.count, 0)).toBe(2);
    expect(requests).toMatchObject({ readBack: 2, failed: 0 });
  });

  it('a write refused outright is a failed call, as its step is', async () => {
    org = await startOrg();
    const metrics = createRunMetrics();
    const target = org.client({
      hooks: metrics.hooks,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        if (request.method !== 'POST' || !request.url.endsWith('/schemas')) return fetch(request);
        if ((await request.clone().text()).includes('"order"')) {
          return new Response(JSON.stringify({ message: 'no', code: 'bad.request', status: 400 }), {
            status: 400,
            headers: { 'content-type': 'application/json' },
          });
        }
        return fetch(request);
      },
    });
    const result = await observedApply(target, metrics);
    expect(result.summary.failed).toBe(1);
    expect(metrics.toJSON().requests).toMatchObject({ readBack: 0, failed: 1 });
  });
});
