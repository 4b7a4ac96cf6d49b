import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { loadConfig } from '../../src/load/config-loader.js';
import { ConfigError } from '../../src/model/errors.js';
import { preparePlan } from '../../src/plan/prepare-plan.js';
import { definition, documents, text } from '../support/schema-builders.js';
import { startOrg, type TestOrg } from '../support/org-rig.js';
import { planAgainst } from '../support/plan-against.js';

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

const writes = (o: TestOrg) => o.emulator.requestLog().filter((e) => e.method !== 'GET' && e.path.includes('/schemas'));

// A count of steps in flight that is not a whole number of at least 1 started no worker: every step ended
// "skipped: not reached" with nothing written and no reason. It is refused, as the client refuses its own.
describe('the concurrency option of a library call', () => {
  for (const concurrency of [Number.NaN, 0, -1, 0.5, Number.POSITIVE_INFINITY]) {
    it(`applyPlan refuses ${concurrency} with a ConfigError, before any write`, async () => {
      org = await startOrg();
      const plan = await planAgainst(org.target, documents(definition('customer', [text('email')])));
      const refused = applyPlan(plan, { target: org.target, concurrency });
      await expect(refused).rejects.toBeInstanceOf(ConfigError);
      await expect(refused).rejects.toThrow(
        `option concurrency must be a whole number of at least 1, got ${concurrency}`,
      );
      expect(writes(org)).toEqual([]);
    });
  }

  it('applyPlan takes a whole number, and a fraction above 1 as the whole number below it', async () => {
    org = await startOrg();
    const plan = await planAgainst(org.target, documents(definition('customer', [text('email')])));
    const result = await applyPlan(plan, { target: org.target, concurrency: 1.5 });
    expect(result.summary.failed).toBe(0);
    expect(org.emulator.schemas().map((s) => s.externalId)).toEqual(['customer']);
  });

  it('preparePlan refuses NaN with a ConfigError, before reading the org', async () => {
    org = await startOrg();
    const config = await loadConfig({ cwd: process.cwd() });
    const before = org.emulator.requestLog().length;
    const refused = preparePlan({
      paths: [],
      cwd: process.cwd(),
      config,
      target: org.target,
      orgDomain: 'emulator',
      createdAt: '2026-12-03T00:00:00.000Z',
      concurrency: Number.NaN,
    });
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    expect(org.emulator.requestLog().length).toBe(before);
  });
});
