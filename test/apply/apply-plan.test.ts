import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import type { StepOutcome } from '../../src/apply/apply-events.js';
import { checkPlanIsCurrent } from '../../src/apply/plan-freshness.js';
import { CxError } from '../../src/model/errors.js';
import { definition, documents, ref, text } from '../support/schema-builders.js';
import { clientFor, startOrg, type TestOrg } from '../support/org-rig.js';
import { planAgainst } from '../support/plan-against.js';

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

const shop = () =>
  documents(
    definition('customer', [text('email')]),
    definition('order', [ref('buyer', 'customer'), text('title')]),
    definition('line', [ref('order', 'order'), { name: 'qty', fieldtype: 'number' }]),
    definition('note', [text('body')], { status: 'DRAFT' }),
  );

function versionsOf(o: TestOrg, id: string): Array<[number, string]> {
  return o.emulator.versions(id).map((v) => [v.version, v.status]);
}

describe('applyPlan against the emulator', () => {
  it('creates wave by wave, publishing a referenced schema before a schema that references it', async () => {
    org = await startOrg();
    const plan = await planAgainst(org.target, shop());
    const events: string[] = [];
    const result = await applyPlan(plan, {
      target: org.target,
      events: {
        onWaveStart: (e) => void events.push(`wave ${e.wave}: ${e.steps.map((s) => s.externalId).join(',')}`),
        onStepDone: (o) => void events.push(`done ${o.externalId} v${o.version}`),
      },
    });
    expect(result.summary).toMatchObject({ created: 4, failed: 0, skipped: 0, writes: 7 });
    expect(events).toEqual([
      'wave 0: customer,note',
      expect.stringMatching(/^done /),
      expect.stringMatching(/^done /),
      'wave 1: order',
      'done order v2',
      'wave 2: line',
      'done line v2',
    ]);
    expect(versionsOf(org, 'customer')).toEqual([
      [1, 'DRAFT'],
      [2, 'PUBLISHED'],
    ]);
    expect(versionsOf(org, 'note')).toEqual([[1, 'DRAFT']]);
    // The request log shows the order: customer published before order was even created.
    const writes = org.emulator.requestLog().filter((e) => e.method !== 'GET' && e.path.includes('/schemas'));
    const customerPublished = writes.findIndex((e) => e.method === 'PUT' && e.path.endsWith('/customer'));
    const orderCreated = writes.findIndex(
      (e) => e.method === 'POST' && e.status === 201 && writes.indexOf(e) > 1 && e.path.endsWith('/schemas'),
    );
    expect(customerPublished).toBeGreaterThanOrEqual(0);
    expect(orderCreated).toBeGreaterThan(customerPublished);

    const again = await planAgainst(org.target, shop());
    expect(again.summary).toMatchObject({ changes: 0, unchanged: 4 });
    const noop = await applyPlan(again, { target: org.target });
    expect(noop.summary).toMatchObject({ unchanged: 4, writes: 0 });
  });

  it('stops the dependents of a failed step, not the independent ones, and says why', async () => {
    org = await startOrg();
    // The platform refuses a reference to a type it does not know: validation would catch it; apply must cope.
    const docs = documents(
      definition('customer', [ref('owner', 'no_such_type')]),
      definition('order', [ref('buyer', 'customer')]),
      definition('line', [ref('order', 'order')]),
      definition('note', [text('body')]),
    );
    const plan = await planAgainst(org.target, docs);
    const failed: StepOutcome[] = [];
    const skipped: StepOutcome[] = [];
    const result = await applyPlan(plan, {
      target: org.target,
      events: { onStepFailed: (o) => void failed.push(o), onStepSkipped: (o) => void skipped.push(o) },
    });
    expect(result.summary).toMatchObject({ created: 1, failed: 1, skipped: 2 });
    expect(failed[0]).toMatchObject({
      externalId: 'customer',
      result: 'failed',
      error: { status: 400, code: 'customobjects.schema.reference.invalid' },
    });
    expect(skipped.map((o) => [o.externalId, o.reason])).toEqual([
      ['order', 'depends on customer, which failed'],
      ['line', 'depends on order, which was skipped'],
    ]);
    expect(
      org.emulator
        .schemas()
        .map((s) => s.externalId)
        .sort(),
    ).toEqual(['note']);
  });

  it('skips the dependents of a step blocked by a compatibility violation', async () => {
    org = await startOrg();
    await applyPlan(
      await planAgainst(org.target, documents(definition('customer', [{ name: 'age', fieldtype: 'number' }]))),
      { target: org.target },
    );
    const plan = await planAgainst(
      org.target,
      documents(
        definition('customer', [{ name: 'age', fieldtype: 'string' }]),
        definition('order', [ref('buyer', 'customer')]),
        definition('note', [text('x')]),
      ),
    );
    const result = await applyPlan(plan, { target: org.target });
    expect(result.summary).toMatchObject({ blocked: 1, skipped: 1, created: 1 });
    expect(result.outcomes.find((o) => o.externalId === 'order')?.reason).toBe('depends on customer, which is blocked');
    expect(versionsOf(org, 'customer')).toHaveLength(2);
  });

  it('rebases onto a version someone else wrote meanwhile, checking compatibility again', async () => {
    org = await startOrg();
    await applyPlan(await planAgainst(org.target, documents(definition('customer', [text('email')]))), {
      target: org.target,
    });
    const plan = await planAgainst(org.target, documents(definition('customer', [text('email'), text('phone')])));
    // Someone else adds a field after the plan was made.
    await org.other.update({
      externalId: 'customer',
      name: 'The customer',
      version: 3,
      status: 'PUBLISHED',
      fields: [text('email'), text('fax')],
    });
    const retries: string[] = [];
    const result = await applyPlan(plan, {
      target: org.target,
      events: { onRetry: (e) => void retries.push(e.reason) },
    });
    expect(retries).toEqual(['version-conflict']);
    // Their fax field is dropped by our version: BACKWARD forbids removing a field, so the rebase stops and says why.
    expect(result.summary).toMatchObject({ failed: 1, rebased: 1 });
    expect(result.outcomes[0]?.error?.code).toBe('CONFLICT');
    expect(result.outcomes[0]?.reason).toMatch(
      /customer is now at version 3 .*written by someone else.*FIELD_REMOVED fax/s,
    );
    expect(versionsOf(org, 'customer').map(([v]) => v)).toEqual([1, 2, 3]);

    // A rebase that is compatible goes through, at the next version.
    const plan2 = await planAgainst(
      org.target,
      documents(definition('customer', [text('email'), text('fax'), text('phone')])),
    );
    await org.other.update({
      externalId: 'customer',
      name: 'The customer',
      version: 4,
      status: 'PUBLISHED',
      fields: [text('email'), text('fax')],
      description: 'theirs',
    });
    const result2 = await applyPlan(plan2, { target: org.target });
    expect(result2.summary).toMatchObject({ updated: 1, rebased: 1, failed: 0 });
    expect(versionsOf(org, 'customer').map(([v]) => v)).toEqual([1, 2, 3, 4, 5]);
    expect(org.emulator.schemas()[0]?.fields.map((f) => f.name)).toEqual(['email', 'fax', 'phone']);
  });

  it('counts a conflict as done when the org already holds the desired state', async () => {
    org = await startOrg();
    await applyPlan(await planAgainst(org.target, documents(definition('customer', [text('email')]))), {
      target: org.target,
    });
    const plan = await planAgainst(org.target, documents(definition('customer', [text('email'), text('phone')])));
    await org.other.update({
      externalId: 'customer',
      name: 'The customer',
      version: 3,
      status: 'PUBLISHED',
      fields: [text('phone'), text('email')],
    });
    const result = await applyPlan(plan, { target: org.target });
    expect(result.outcomes[0]).toMatchObject({
      result: 'done',
      alreadyDone: true,
      rebased: true,
      version: 3,
      writes: 0,
    });
    expect(versionsOf(org, 'customer')).toHaveLength(3);
  });

  it('resolves a create that someone else made first, with other contents, as an update', async () => {
    org = await startOrg();
    const plan = await planAgainst(org.target, documents(definition('customer', [text('email'), text('phone')])));
    await org.other.create({
      externalId: 'customer',
      name: 'The customer',
      version: 1,
      status: 'DRAFT',
      fields: [text('email')],
    });
    const result = await applyPlan(plan, { target: org.target });
    expect(result.outcomes[0]).toMatchObject({ result: 'done', rebased: true, version: 2, status: 'PUBLISHED' });
    expect(versionsOf(org, 'customer')).toEqual([
      [1, 'DRAFT'],
      [2, 'PUBLISHED'],
    ]);
  });

  it('deprecates unmanaged schemas under --prune, after everything else', async () => {
    org = await startOrg();
    await applyPlan(
      await planAgainst(
        org.target,
        documents(definition('legacy', [text('a')]), definition('customer', [text('email')])),
      ),
      { target: org.target },
    );
    const plan = await planAgainst(
      org.target,
      documents(definition('customer', [text('email')]), definition('order', [ref('c', 'customer')])),
      { prune: true },
    );
    const result = await applyPlan(plan, { target: org.target });
    expect(result.summary).toMatchObject({ created: 1, deprecated: 1, unchanged: 1 });
    expect(versionsOf(org, 'legacy')).toEqual([
      [1, 'DRAFT'],
      [2, 'PUBLISHED'],
      [3, 'DEPRECATED'],
    ]);
  });

  it('stops the whole run on a refusal that holds for every schema (missing scope)', async () => {
    org = await startOrg({
      clients: [{ id: 'reader', secret: 'reader-secret', scopes: ['customobjects:schema:read'] }],
    });
    const reader = clientFor(org.emulator, {
      credentials: { clientId: 'reader', clientSecret: 'reader-secret', domain: org.emulator.url },
      concurrency: 1,
    });
    const plan = await planAgainst(
      reader,
      documents(definition('a', [text('x')]), definition('b', [text('x')]), definition('c', [text('x')])),
    );
    const result = await applyPlan(plan, { target: reader, concurrency: 1 });
    expect(result.stopped).toMatch(/403/);
    expect(result.summary).toMatchObject({ failed: 1, skipped: 2 });
    expect(
      result.outcomes.filter((o) => o.result === 'skipped').every((o) => o.reason?.startsWith('not started:')),
    ).toBe(true);
  });

  it('keeps going when an event observer throws, and reports it', async () => {
    org = await startOrg();
    const plan = await planAgainst(org.target, documents(definition('a', [text('x')])));
    const result = await applyPlan(plan, {
      target: org.target,
      events: {
        onStepStart: () => {
          throw new Error('display broke');
        },
      },
    });
    expect(result.summary.created).toBe(1);
    expect(result.eventErrors).toEqual(['display broke']);
  });
});

describe('checkPlanIsCurrent', () => {
  it('accepts an unchanged org and refuses one that changed, naming what changed', async () => {
    org = await startOrg();
    await applyPlan(await planAgainst(org.target, documents(definition('customer', [text('email')]))), {
      target: org.target,
    });
    const plan = await planAgainst(
      org.target,
      documents(definition('customer', [text('email'), text('phone')]), definition('order', [text('t')])),
    );
    await expect(checkPlanIsCurrent(plan, org.target, 'emulator')).resolves.toHaveLength(1);
    await expect(checkPlanIsCurrent(plan, org.target, 'mypurecloud.com')).rejects.toThrow(
      /made for customobjects at emulator/,
    );

    await org.other.update({
      externalId: 'customer',
      name: 'The customer',
      version: 3,
      status: 'PUBLISHED',
      fields: [text('email')],
      description: 'x',
    });
    await org.other.create({ externalId: 'order', name: 'Order', version: 1, status: 'DRAFT', fields: [text('t')] });
    const error = await checkPlanIsCurrent(plan, org.target, 'emulator').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CxError);
    expect((error as CxError).code).toBe('STALE_PLAN');
    expect((error as CxError).message).toContain('customer: version 2 when planned, 3 now');
    expect((error as CxError).message).toContain('order: created since (now version 1)');
  });
});

describe('applyPlan abandoned', () => {
  it('sends no write once abandoned, not even the next one of a step in flight', async () => {
    org = await startOrg();
    const plan = await planAgainst(org.target, documents(definition('customer', [text('email')])));
    const signal = new AbortController();
    const abandon = new AbortController();
    const result = await applyPlan(plan, {
      target: org.target,
      signal: signal.signal,
      abandon: abandon.signal,
      events: {
        // The create is answered: the run is interrupted, then abandoned, before the step's publish is sent.
        onWrite: () => {
          signal.abort('interrupted by SIGINT');
          abandon.abort('abandoned by SIGINT');
        },
      },
    });
    expect(result.outcomes[0]).toMatchObject({ result: 'failed', reason: 'abandoned by SIGINT', writes: 1 });
    const writes = org.emulator.requestLog().filter((e) => e.method !== 'GET' && e.path.includes('/schemas'));
    expect(writes.map((e) => e.method)).toEqual(['POST']);
    expect(versionsOf(org, 'customer')).toEqual([[1, 'DRAFT']]);
  });
});
