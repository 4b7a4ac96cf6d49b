import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/genesys/api-error.js';
import { startOrg, type TestOrg } from '../support/org-rig.js';
import { draft } from '../support/schema-builders.js';
import { JumpingClock } from './helpers/virtual-clock.js';

let rig: TestOrg | undefined;
afterEach(async () => {
  await rig?.emulator.stop();
  rig = undefined;
});

describe('createCustomObjectsTarget against the emulator', () => {
  it('creates, reads, updates and lists schemas, and reads their versions', async () => {
    rig = await startOrg();
    const { target } = rig;
    expect(target.kind).toBe('customobjects');
    expect(target.actor).toBe(rig.emulator.demoClient.id);
    expect(target.orgDomain).toBe(rig.emulator.url);

    const created = await target.create(draft('customer'));
    expect(created).toMatchObject({ externalId: 'customer', version: 1, status: 'DRAFT' });
    expect(created.id).toMatch(/[0-9a-f-]{36}/);
    expect(await target.get('customer')).toEqual(created);
    expect(await target.get('nobody')).toBeUndefined();

    const updated = await target.update({
      ...draft('customer', [
        { name: 'label', fieldtype: 'string' },
        { name: 'email', fieldtype: 'email' },
      ]),
      version: 2,
      status: 'PUBLISHED',
    });
    expect(updated).toMatchObject({ version: 2, status: 'PUBLISHED' });
    await target.create(draft('order'));

    expect((await target.list()).map((s) => [s.externalId, s.version])).toEqual([
      ['customer', 2],
      ['order', 1],
    ]);
    expect((await target.list({ status: 'DRAFT' })).map((s) => s.externalId)).toEqual(['order']);
    expect((await target.versions('customer')).map((v) => [v.version, v.status])).toEqual([
      [1, 'DRAFT'],
      [2, 'PUBLISHED'],
    ]);
    expect((await target.version('customer', 1))?.fields).toHaveLength(1);
    expect(await target.version('customer', 9)).toBeUndefined();
    expect(rig.emulator.versions('customer')).toHaveLength(2);
  });

  it('deletes a draft, and explains why a published schema cannot be deleted', async () => {
    rig = await startOrg();
    const { target } = rig;
    await target.create(draft('scratch'));
    await target.delete('scratch');
    expect(rig.emulator.schemas()).toEqual([]);

    await target.create(draft('kept'));
    await target.update({ ...draft('kept'), version: 2, status: 'PUBLISHED' });
    const error = (await target.delete('kept').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(409);
    expect(error.errorCode).toBe('customobjects.schema.in.use');
    expect(error.message).toContain('cannot be deleted');

    const missing = (await target.delete('ghost').catch((e: unknown) => e)) as ApiError;
    expect(missing.status).toBe(404);
  });

  it('reports a missing schema on delete even when the first attempt was answered 429', async () => {
    const clock = new JumpingClock();
    rig = await startOrg({ rateLimitPerMinute: 1, now: clock.now }, { now: clock.now, sleep: clock.sleep });
    expect(await rig.target.list()).toEqual([]);
    const missing = (await rig.target.delete('ghost').catch((e: unknown) => e)) as ApiError;
    expect(
      rig.emulator
        .requestLog()
        .filter((e) => e.method === 'DELETE')
        .map((e) => e.status),
    ).toEqual([429, 404]);
    expect(missing).toBeInstanceOf(ApiError);
    expect(missing.status).toBe(404);
  });

  it('reads the limits and system objects the org has, not the defaults', async () => {
    rig = await startOrg({
      limits: { maxFieldsPerSchema: 12, maxSchemasPerOrg: 40 },
      systemObjects: ['contact', 'user', 'flightBooking'],
    });
    expect(await rig.target.limits()).toMatchObject({
      maxFieldsPerSchema: 12,
      maxSchemasPerOrg: 40,
      maxStringLength: 1000,
    });
    expect(await rig.target.systemObjects()).toEqual(['contact', 'user', 'flightBooking']);
  });

  it('lists every field-level problem of a refused schema with its path', async () => {
    rig = await startOrg();
    const bad = draft('broken', [
      { name: 'code', fieldtype: 'string', constraints: { maxLength: 5000 } },
      { name: 'owner', fieldtype: 'reference', constraints: { referencedType: 'ghost' } },
    ]);
    const error = (await rig.target.create(bad).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.problems.map((p) => p.fieldName)).toEqual([
      'fields[0].constraints.maxLength',
      'fields[1].constraints.referencedType',
    ]);
    expect(error.message).toContain('  - fields[0].constraints.maxLength:');
    expect(error.message).toContain('  - fields[1].constraints.referencedType:');
    // The correlation id on the error is the one the platform logged.
    expect(rig.emulator.requestLog().at(-1)?.correlationId).toBe(error.correlationId);
  });

  it('gives a version conflict with the current version, for plan and apply to decide', async () => {
    rig = await startOrg();
    await rig.target.create(draft('customer'));
    await rig.target.update({ ...draft('customer'), version: 2 });
    const error = (await rig.target
      .update({ ...draft('customer'), name: 'Other', version: 2 })
      .catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(409);
    expect(error.errorCode).toBe('customobjects.schema.version.conflict');
    expect(error.messageParams['current']).toBe('2');
    expect(rig.emulator.versions('customer')).toHaveLength(2);
  });

  it("reports a first create that meets an existing schema as exists, equal content or not: it is not this call's write", async () => {
    rig = await startOrg();
    await rig.target.create(draft('customer'));
    for (const body of [draft('customer'), { ...draft('customer'), name: 'Another name' }]) {
      const error = (await rig.target.create(body).catch((e: unknown) => e)) as ApiError;
      expect(error.status).toBe(409);
      expect(error.errorCode).toBe('customobjects.schema.exists');
      // The platform says the externalId is taken, nothing of the contents: neither does the message.
      expect(error.message).toContain('a schema with this externalId already exists [correlation id');
    }
    expect(rig.emulator.versions('customer')).toHaveLength(1);
  });

  it('reports one response per logical call with the templated route, and counts requests', async () => {
    const events: Array<{ method: string; route: string; status: number; attempt: number; correlationId: string }> = [];
    rig = await startOrg(
      {},
      {
        hooks: {
          onResponse: (e) =>
            events.push({
              method: e.method,
              route: e.route,
              status: e.status,
              attempt: e.attempt,
              correlationId: e.correlationId,
            }),
        },
      },
    );
    await rig.target.create(draft('customer'));
    await rig.target.get('customer');
    await rig.target.get('ghost');
    expect(events.map((e) => `${e.method} ${e.route} ${e.status}`)).toEqual([
      'POST /api/v2/customobjects/schemas 201',
      'GET /api/v2/customobjects/schemas/{externalId} 200',
      'GET /api/v2/customobjects/schemas/{externalId} 404',
    ]);
    const log = rig.emulator.requestLog().filter((entry) => entry.path.startsWith('/api/'));
    expect(events.map((e) => e.correlationId)).toEqual(log.map((entry) => entry.correlationId));
    expect(rig.target.stats()).toMatchObject({ requests: 3, retries: 0, rateLimited: 0, logins: 1 });
  });
});
