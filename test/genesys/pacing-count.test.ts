import { afterEach, describe, expect, it } from 'vitest';
import { createRunMetrics } from '../../src/observe/metrics/run-metrics.js';
import { startOrg, type TestOrg } from '../support/org-rig.js';

/**
 * "Paced" counts requests the limiter held back. The clock here moves on every reading, as a busy event loop's
 * does between a request's arrival at the limiter and its departure: a request that passed straight through
 * must still not count as paced.
 */
function tickingClock(): () => number {
  let time = Date.now();
  return () => (time += 3);
}

describe('paced requests', () => {
  let org: TestOrg | undefined;
  afterEach(async () => {
    await org?.stop();
    org = undefined;
  });

  it('counts no pacing for requests that went straight through the limiter', async () => {
    org = await startOrg();
    const metrics = createRunMetrics();
    const target = org.client({ now: tickingClock(), hooks: metrics.hooks, concurrency: 8 });
    await Promise.all([target.list(), target.limits(), target.systemObjects()]);
    const json = metrics.toJSON();
    expect(json.requests.total).toBe(3);
    expect(json.throttle).toEqual({ waits: 0, waitMs: 0 });
    expect(target.stats().throttledMs).toBe(0);
  });

  it('counts a request that queued for a concurrency slot', async () => {
    org = await startOrg();
    const metrics = createRunMetrics();
    const target = org.client({ now: tickingClock(), hooks: metrics.hooks, concurrency: 1 });
    await Promise.all([target.list(), target.limits(), target.systemObjects()]);
    // One went at once; the other two waited for the slot, each behind the one before.
    expect(metrics.toJSON().throttle.waits).toBe(2);
    expect(metrics.toJSON().throttle.waitMs).toBeGreaterThan(0);
  });
});
