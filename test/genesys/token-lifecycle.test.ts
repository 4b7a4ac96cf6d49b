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

const logins = (r: TestOrg): number =>
  r.emulator.requestLog().filter((e) => e.path === '/oauth/token' && e.status === 200).length;

describe('tokens against the emulator', () => {
  it('shares one login between concurrent requests', async () => {
    rig = await startOrg();
    await Promise.all(Array.from({ length: 12 }, (_, i) => rig!.target.create(draft(`s${i}`))));
    expect(logins(rig)).toBe(1);
    expect(rig.emulator.schemas()).toHaveLength(12);
  });

  it('on 401 logs in again and sends the request once more', async () => {
    rig = await startOrg();
    await rig.target.create(draft('customer'));
    rig.emulator.expireTokens();
    expect(await rig.target.get('customer')).toMatchObject({ externalId: 'customer' });
    const api = rig.emulator.requestLog().filter((e) => e.path === '/api/v2/customobjects/schemas/customer');
    expect(api.map((e) => e.status)).toEqual([401, 200]);
    expect(logins(rig)).toBe(2);
  });

  it('paces the resend after a 401 like any other request', async () => {
    const clock = new JumpingClock();
    // Two requests a minute: the create and the refused get use the window up, so the resend must wait for the next.
    rig = await startOrg(
      { now: clock.now },
      { now: clock.now, sleep: clock.sleep, rateLimitPerMinute: 2, concurrency: 1 },
    );
    await rig.target.create(draft('customer'));
    rig.emulator.expireTokens();
    const askedAt = clock.now();
    expect(await rig.target.get('customer')).toMatchObject({ externalId: 'customer' });
    expect(clock.now() - askedAt).toBeGreaterThanOrEqual(59_000);
    expect(rig.target.stats().throttledMs).toBeGreaterThanOrEqual(59_000);
    const api = rig.emulator.requestLog().filter((e) => e.path === '/api/v2/customobjects/schemas/customer');
    expect(api.map((e) => e.status)).toEqual([401, 200]);
  });

  it('survives tokens expiring in the middle of a run, with one new login', async () => {
    rig = await startOrg({}, { concurrency: 4 });
    const run = Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        await rig!.target.create(draft(`s${i}`));
        if (i === 10) rig!.emulator.expireTokens();
        return rig!.target.update({ ...draft(`s${i}`), version: 2 });
      }),
    );
    const results = await run;
    expect(results.every((r) => r.version === 2)).toBe(true);
    expect(rig.emulator.requestLog().some((e) => e.status === 401)).toBe(true);
    expect(logins(rig)).toBe(2);
    // No write was lost or doubled by the refresh.
    for (let i = 0; i < 40; i++) expect(rig.emulator.versions(`s${i}`)).toHaveLength(2);
  });

  it('refreshes a token before it expires, without meeting a 401', async () => {
    const clock = new JumpingClock();
    rig = await startOrg({ now: clock.now, tokenLifetimeSeconds: 600 }, { now: clock.now, sleep: clock.sleep });
    await rig.target.create(draft('customer'));
    clock.advance(541_000); // past 540 s: nine tenths of the token's life
    await rig.target.get('customer');
    expect(rig.emulator.requestLog().some((e) => e.status === 401)).toBe(false);
    expect(logins(rig)).toBe(2);
  });

  it('names the missing scope and what the grant must include on 403', async () => {
    rig = await startOrg({
      clients: [{ id: 'reader', secret: 'reader-secret-123', scopes: ['customobjects:schema:read'] }],
    });
    const reader = rig.client({
      credentials: { clientId: 'reader', clientSecret: 'reader-secret-123', domain: rig.emulator.url },
    });
    expect(await reader.list()).toEqual([]);
    const error = (await reader.create(draft('customer')).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(403);
    expect(error.errorCode).toBe('missing.scope');
    expect(error.message).toContain('lacks the scope customobjects:schema:write');
    expect(error.message).toContain('its grant must include customobjects:schema:read and customobjects:schema:write');
    expect(error.hint).toBeDefined();
  });

  it('says the id or secret was refused when the login fails', async () => {
    rig = await startOrg();
    const wrong = rig.client({
      credentials: {
        clientId: rig.emulator.demoClient.id,
        clientSecret: 'not-the-right-secret',
        domain: rig.emulator.url,
      },
    });
    const error = (await wrong.list().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(401);
    expect(error.errorCode).toBe('invalid_client');
    expect(error.message).toContain('the OAuth client id or secret was refused');
    expect(error.message).not.toContain('not-the-right-secret');
  });

  it("spends the client's attempts, not attempts times login retries, on a host that refuses connections", async () => {
    rig = await startOrg();
    const url = rig.emulator.url;
    await rig.emulator.stop();
    let calls = 0;
    const counting: typeof fetch = (input, init) => {
      calls++;
      return fetch(input, init);
    };
    const clock = new JumpingClock();
    const client = rig.client({
      credentials: { clientId: 'someone', clientSecret: 'some-secret-value', domain: url },
      fetch: counting,
      maxAttempts: 3,
      now: clock.now,
      sleep: clock.sleep,
    });
    const error = (await client.get('customer').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.errorCode).toBe('client.network.error');
    expect(error.message).toContain(new URL(url).host);
    expect(error.retries).toBe(2);
    expect(calls).toBe(3);
  });
});
