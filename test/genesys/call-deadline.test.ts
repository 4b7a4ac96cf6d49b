import { afterEach, describe, expect, it, vi } from 'vitest';
import { inspect } from 'node:util';
import { ApiError, TIMEOUT_ERROR_CODE } from '../../src/genesys/api-error.js';
import { nodeHttpFetch, type FetchLike } from '../../src/genesys/node-http-fetch.js';
import { startOrg, type TestOrg } from '../support/org-rig.js';
import { draft } from '../support/schema-builders.js';
import { JumpingClock } from './helpers/virtual-clock.js';

let rig: TestOrg | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await rig?.emulator.stop();
  rig = undefined;
});

const apiRequests = (r: TestOrg) => r.emulator.requestLog().filter((e) => e.path.startsWith('/api/'));
const logins = (r: TestOrg): number =>
  r.emulator.requestLog().filter((e) => e.path === '/oauth/token' && e.status === 200).length;

/** What `promise` settled with, or 'waiting': time is fake, so whatever could settle it has already run. */
function settledOrWaiting<T>(promise: Promise<T>): Promise<T | 'waiting'> {
  return Promise.race([promise, Promise.resolve('waiting' as const)]);
}

/**
 * node:http whose logins, from the `fromLogin`-th on, wait until `openLogin` is called; every other exchange goes
 * through at once. `asked()` counts the logins asked for so far, held or not.
 */
function heldLogins(fromLogin = 1): { fetch: FetchLike; openLogin: () => void; asked: () => number } {
  let openLogin: () => void = () => undefined;
  const loginHeld = new Promise<void>((resolve) => (openLogin = resolve));
  let asked = 0;
  const fetch: FetchLike = async (url, init) => {
    if (url.endsWith('/oauth/token') && ++asked >= fromLogin) await loginHeld;
    return nodeHttpFetch(url, init);
  };
  return { fetch, openLogin, asked: () => asked };
}

describe("a call's deadline against the emulator", () => {
  it('fails at once, as never sent, a call that would wait in the rate limiter past its deadline', async () => {
    const clock = new JumpingClock();
    rig = await startOrg(
      { now: clock.now },
      { now: clock.now, sleep: clock.sleep, rateLimitPerMinute: 1, concurrency: 1, operationDeadlineMs: 30_000 },
    );
    await rig.target.create(draft('first'));
    const askedAt = clock.now();
    const error = (await rig.target.create(draft('second')).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    // Room in the rate opens a minute after the first answer: past the deadline, so the call did not wait for it.
    expect(clock.now() - askedAt).toBeLessThan(30_000);
    expect(clock.sleeps).toEqual([]);
    expect(error).toMatchObject({ status: 0, errorCode: TIMEOUT_ERROR_CODE, outcomeUnknown: false, retries: 0 });
    expect(error.message).toContain(
      'POST /api/v2/customobjects/schemas was not sent: too little of its operation deadline was left',
    );
    expect(error.hint).toContain('operationDeadlineMs');
    expect(apiRequests(rig)).toHaveLength(1);
    // It took no room in the rate either: once the first request has aged out, the write goes at once.
    clock.advance(60_000);
    const throttled = rig.target.stats().throttledMs;
    expect(await rig.target.create(draft('second'))).toMatchObject({ externalId: 'second' });
    expect(rig.target.stats().throttledMs).toBe(throttled);
    expect(apiRequests(rig)).toHaveLength(2);
  });

  it('stops waiting for a login at the deadline, and the login goes on for the calls after it', async () => {
    // The client's clock (Date) and its timers (the deadline's, the request timeout) are fake and move together,
    // so the deadline comes when the test says, however slow the machine. The sockets are real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { fetch, openLogin } = heldLogins();
    rig = await startOrg({}, { fetch, operationDeadlineMs: 5000 });
    const first = rig.target.get('customer').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(4999);
    expect(await settledOrWaiting(first)).toBe('waiting');
    await vi.advanceTimersByTimeAsync(1);
    const error = (await settledOrWaiting(first)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, errorCode: TIMEOUT_ERROR_CODE, outcomeUnknown: false, retries: 0 });
    expect(error.message).toContain(
      'was not sent: too little of its operation deadline was left to send it (login failed',
    );
    expect(error.hint).toContain('operationDeadlineMs');
    const secret = rig.emulator.demoClient.secret;
    const basic = Buffer.from(`${rig.emulator.demoClient.id}:${secret}`).toString('base64');
    for (const text of [error.message, error.hint ?? '', inspect(error, { depth: 5 }), JSON.stringify(error)]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(basic);
    }
    expect(apiRequests(rig)).toHaveLength(0);
    // The login it stopped waiting for was not given up: the next call is answered with its token.
    openLogin();
    expect(await rig.target.get('customer')).toBeUndefined();
    expect(logins(rig)).toBe(1);
    expect(apiRequests(rig).map((e) => e.status)).toEqual([404]);
  });

  it('counts no room in the window for a call refused at its deadline behind a login', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { fetch, openLogin } = heldLogins();
    // One request a minute: had the refused call counted, the next would wait a minute for room.
    rig = await startOrg({}, { fetch, operationDeadlineMs: 5000, rateLimitPerMinute: 1 });
    const first = rig.target.get('customer').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5000);
    expect(await settledOrWaiting(first)).toMatchObject({ errorCode: TIMEOUT_ERROR_CODE, outcomeUnknown: false });
    openLogin();

    expect(await rig.target.get('customer')).toBeUndefined();
    expect(rig.target.stats().throttledMs).toBe(0);
    expect(apiRequests(rig).map((e) => e.status)).toEqual([404]);
  });

  it('bounds the login again after a 401 by the same deadline', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { fetch, openLogin, asked } = heldLogins(2);
    rig = await startOrg({}, { fetch, operationDeadlineMs: 5000 });
    await rig.target.create(draft('customer'));
    rig.emulator.expireTokens();
    const refused = rig.target.get('customer').catch((e: unknown) => e);
    // Let the 401 come back over the socket, then move the timers to the deadline.
    while (asked() < 2) await new Promise((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(5000);
    const error = (await settledOrWaiting(refused)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, errorCode: TIMEOUT_ERROR_CODE, outcomeUnknown: false, retries: 1 });
    expect(error.message).toContain('was not sent: too little of its operation deadline was left to send it');
    openLogin();
    expect(await rig.target.get('customer')).toMatchObject({ externalId: 'customer' });
    expect(logins(rig)).toBe(2);
    const reads = apiRequests(rig).filter((e) => e.method === 'GET');
    expect(reads.map((e) => e.status)).toEqual([401, 200]);
  });
  it('gives back at once the 503 whose Retry-After would leave too little of the deadline to send again', async () => {
    const clock = new JumpingClock();
    const unavailable: FetchLike = async (url, init) => {
      if (init.method === 'GET' && url.includes('/api/v2/customobjects/schemas/customer'))
        return {
          status: 503,
          headers: new Headers({ 'retry-after': '9', 'content-type': 'application/json' }),
          text: async () => '{"code":"service.unavailable","message":"try later","status":503}',
        };
      return nodeHttpFetch(url, init);
    };
    rig = await startOrg({}, { fetch: unavailable, now: clock.now, sleep: clock.sleep, operationDeadlineMs: 10_000 });
    const error = (await rig.target.get('customer').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    // 9 s of 10 would leave less than the 1 s an attempt needs: the 503 itself is the answer, not a wait of 9 s
    // ended by a refusal to send.
    expect(error).toMatchObject({ status: 503, errorCode: 'service.unavailable', retries: 0, waitedMs: 0 });
    expect(clock.sleeps).toEqual([]);
  });
});
