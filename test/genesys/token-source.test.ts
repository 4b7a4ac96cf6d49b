import { afterEach, describe, expect, it, vi } from 'vitest';
import { inspect } from 'node:util';
import { ApiError } from '../../src/genesys/api-error.js';
import { createTokenSource } from '../../src/genesys/token-source.js';
import { TransportFailure } from '../../src/genesys/transport-failure.js';
import { cannedFetch, socketError, type CannedEntry, type CannedResponse } from './helpers/canned-fetch.js';
import { VirtualClock } from './helpers/virtual-clock.js';

const SECRET = 'very-secret-client-secret';

afterEach(() => {
  vi.useRealTimers();
});

/** The client's clock and sleep: a VirtualClock, or Date.now under fake timers. */
type Clock = Pick<VirtualClock, 'now' | 'sleep'>;

function source(entries: CannedEntry[], clock: Clock = new VirtualClock()) {
  const canned = cannedFetch(entries);
  const issued: string[] = [];
  const tokens = createTokenSource({
    credentials: { clientId: 'client-1', clientSecret: SECRET, domain: 'mypurecloud.com' },
    tokenUrl: 'https://login.mypurecloud.com/oauth/token',
    fetch: canned.fetch,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    requestTimeoutMs: 30_000,
    userAgent: 'cxschema-test',
    onToken: (t) => issued.push(t),
  });
  return { canned, tokens, clock, issued };
}

const token = (value: string, expiresIn = 86400): CannedResponse => ({
  status: 200,
  body: { access_token: value, token_type: 'bearer', expires_in: expiresIn },
});

/** What `promise` settled with, or 'waiting': time is fake, so whatever could settle it has already run. */
function settledOrWaiting<T>(promise: Promise<T>): Promise<T | 'waiting'> {
  return Promise.race([promise, Promise.resolve('waiting' as const)]);
}

const fakeClock = (): Clock => ({ now: Date.now, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) });

describe('createTokenSource', () => {
  it('logs in with client credentials, once for every concurrent caller', async () => {
    const { canned, tokens, issued } = source([token('tok-aaaaaa')]);
    const values = await Promise.all(Array.from({ length: 5 }, () => tokens.token()));
    expect(values).toEqual(Array(5).fill('tok-aaaaaa'));
    expect(canned.calls).toHaveLength(1);
    const call = canned.calls[0]!;
    expect(call.method).toBe('POST');
    expect(call.headers['authorization']).toBe(`Basic ${Buffer.from(`client-1:${SECRET}`).toString('base64')}`);
    expect(call.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(call.body).toBe('grant_type=client_credentials');
    expect(call.headers['inin-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(issued).toEqual(['tok-aaaaaa']);
    expect(tokens.logins).toBe(1);
  });

  it('refreshes shortly before the token expires', async () => {
    const clock = new VirtualClock();
    const { canned, tokens } = source([token('tok-first1', 3600), token('tok-second')], clock);
    expect(await tokens.token()).toBe('tok-first1');
    // A tenth of its life, at most five minutes, before it expires.
    clock.advance(3600_000 - 300_000 - 1);
    expect(await tokens.token()).toBe('tok-first1');
    clock.advance(1);
    expect(await tokens.token()).toBe('tok-second');
    expect(canned.calls).toHaveLength(2);
  });

  it('drops a token proven dead, but not a newer one', async () => {
    const { tokens } = source([token('tok-first1'), token('tok-second')]);
    const first = await tokens.token();
    tokens.invalidate(first);
    const second = await tokens.token();
    expect(second).toBe('tok-second');
    tokens.invalidate(first);
    expect(await tokens.token()).toBe('tok-second');
    expect(tokens.logins).toBe(2);
  });

  it('tries the login again after a 503 or a 429', async () => {
    const clock = new VirtualClock();
    const { tokens, canned } = source(
      [{ status: 503, body: {} }, { status: 429, body: {} }, token('tok-finally')],
      clock,
    );
    expect(await clock.run(tokens.token())).toBe('tok-finally');
    expect(canned.calls).toHaveLength(3);
  });

  it('waits the Retry-After the token endpoint asks for, and fails at once on one longer than an attempt', async () => {
    const clock = new VirtualClock();
    const { tokens, canned } = source(
      [
        { status: 429, body: {}, headers: { 'retry-after': '7' } },
        { status: 503, body: {}, headers: { 'retry-after': '2' } },
        token('tok-finally'),
      ],
      clock,
    );
    expect(await clock.run(tokens.token())).toBe('tok-finally');
    expect(clock.sleeps).toEqual([7000, 2000]);
    expect(canned.calls).toHaveLength(3);

    const later = new VirtualClock();
    const held = source([{ status: 429, body: {}, headers: { 'retry-after': '3600' } }, token('tok-never')], later);
    const error = (await later.run(held.tokens.token()).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(429);
    expect(held.canned.calls).toHaveLength(1);
    expect(later.sleeps).toEqual([]);
  });

  it("leaves a login without an answer to the caller's retries: one attempt, reported as never sent", async () => {
    const clock = new VirtualClock();
    const { tokens, canned } = source([socketError('ECONNRESET'), token('tok-later')], clock);
    const failure = (await clock.run(tokens.token()).catch((e: unknown) => e)) as TransportFailure;
    expect(failure).toBeInstanceOf(TransportFailure);
    expect(failure.requestSent).toBe(false);
    expect(canned.calls).toHaveLength(1);
    expect(await tokens.token()).toBe('tok-later');
  });

  it('says what to check when the client is refused, and never shows the secret', async () => {
    const { tokens } = source([
      { status: 401, body: { error: 'invalid_client', description: `bad secret ${SECRET}` } },
    ]);
    const error = (await tokens.token().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(401);
    expect(error.errorCode).toBe('invalid_client');
    expect(error.message).toContain('login at login.mypurecloud.com failed');
    expect(error.hint).toContain('GENESYS_OAUTH_CLIENT_SECRET');
    expect(inspect(error, { depth: 5 }) + JSON.stringify(error)).not.toContain(SECRET);
  });

  it('explains a client that is not a client-credentials client', async () => {
    const { tokens } = source([{ status: 400, body: { error: 'unsupported_grant_type' } }]);
    await expect(tokens.token()).rejects.toThrow(/does not allow the client credentials grant/);
  });

  it('reports a login that cannot reach the host as a request never sent', async () => {
    const clock = new VirtualClock();
    const { tokens } = source([socketError('ENOTFOUND')], clock);
    const failure = (await clock.run(tokens.token()).catch((e: unknown) => e)) as TransportFailure;
    expect(failure).toBeInstanceOf(TransportFailure);
    expect(failure.requestSent).toBe(false);
    expect(failure.host).toBe('login.mypurecloud.com');
    expect(failure.detail).toBe('login failed: ENOTFOUND');
  });

  it('refuses a 200 without a token', async () => {
    const { tokens } = source([{ status: 200, body: { token_type: 'bearer' } }]);
    await expect(tokens.token()).rejects.toThrow(/without an access_token/);
  });

  it('cuts an enormous error code of the token endpoint out of the message', async () => {
    const { tokens } = source([{ status: 400, body: { error: 'e'.repeat(1_000_000) } }]);
    const error = (await tokens.token().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message.length).toBeLessThan(1_000);
  });

  it('refuses a token a request header cannot carry, once, rather than failing every request as unreachable', async () => {
    for (const value of ['tok-abc\r\nX-Evil: 1', 'tok-\u4e00-abcdef', 'tok abcdef']) {
      const { tokens, canned, issued } = source([token(value)]);
      const error: unknown = await tokens.token().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ errorCode: 'client.login.invalid', status: 200 });
      expect((error as ApiError).message).toContain('with an access_token that a request header cannot carry');
      expect((error as ApiError).message).not.toContain(value);
      expect(canned.calls).toHaveLength(1);
      // Issued all the same: an echo of it is cleaned from later messages.
      expect(issued).toEqual([value]);
    }
  });
});

describe('createTokenSource and the deadline of the call that waits', () => {
  it('lets each caller stop waiting for a shared login at its own deadline, and the login goes on', async () => {
    vi.useFakeTimers();
    let answer: (response: CannedResponse) => void = () => undefined;
    const { tokens, canned } = source(
      [() => new Promise<CannedResponse>((resolve) => (answer = resolve))],
      fakeClock(),
    );
    const start = Date.now();
    const early = tokens.token(start + 1000).catch((e: unknown) => e);
    const later = tokens.token(start + 10_000);
    const unbounded = tokens.token();
    await vi.advanceTimersByTimeAsync(999);
    expect(await settledOrWaiting(early)).toBe('waiting');
    await vi.advanceTimersByTimeAsync(1);
    const failure = await settledOrWaiting(early);
    expect(failure).toBeInstanceOf(TransportFailure);
    expect(failure).toMatchObject({
      reason: 'timeout',
      requestSent: false,
      deadline: true,
      host: 'login.mypurecloud.com',
    });
    expect(inspect(failure, { depth: 5 }) + JSON.stringify(failure)).not.toContain(SECRET);
    // One caller's deadline did not end the login for the others.
    expect(canned.calls[0]?.signal?.aborted).toBe(false);
    answer(token('tok-shared'));
    expect(await later).toBe('tok-shared');
    expect(await unbounded).toBe('tok-shared');
    expect(canned.calls).toHaveLength(1);
    expect(tokens.logins).toBe(1);
  });

  it('leaves a login no caller waits for any more bounded by the request timeout', async () => {
    vi.useFakeTimers();
    const hanging: CannedEntry = (call) =>
      new Promise((_resolve, reject) =>
        call.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    const { tokens, canned } = source([hanging, token('tok-next')], fakeClock());
    const gaveUp = tokens.token(Date.now() + 1000).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await settledOrWaiting(gaveUp)).toBeInstanceOf(TransportFailure);
    expect(canned.calls[0]?.signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(canned.calls[0]?.signal?.aborted).toBe(true);
    // Its failure reached nobody and hurt nothing: the next call logs in afresh.
    expect(await tokens.token(Date.now() + 1000)).toBe('tok-next');
  });

  it('does not log in for a caller whose deadline has passed', async () => {
    const clock = new VirtualClock();
    const { tokens, canned } = source([token('tok-unused')], clock);
    const failure = (await tokens.token(clock.now()).catch((e: unknown) => e)) as TransportFailure;
    expect(failure).toBeInstanceOf(TransportFailure);
    expect(failure).toMatchObject({ reason: 'timeout', requestSent: false, deadline: true });
    expect(canned.calls).toHaveLength(0);
  });
});
