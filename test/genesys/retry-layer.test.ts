import { describe, expect, it } from 'vitest';
import { ApiError, NETWORK_ERROR_CODE, TIMEOUT_ERROR_CODE } from '../../src/genesys/api-error.js';
import type { ApiRequest, ApiResponse, Send } from '../../src/genesys/api-request.js';
import type { RetryReason } from '../../src/genesys/transport-hooks.js';
import { createClientStats } from '../../src/genesys/client-stats.js';
import { BACKOFF_BASE_MS, retryLayer } from '../../src/genesys/retry-layer.js';
import { parseRetryAfter } from '../../src/genesys/retry-after.js';
import { safeHooks } from '../../src/genesys/safe-hooks.js';
import { TransportFailure } from '../../src/genesys/transport-failure.js';
import { VirtualClock } from './helpers/virtual-clock.js';

/** An answer; `tookMs` moves the clock before it comes back (an attempt that took that long). */
type Canned = { status: number; headers?: Record<string, string>; tookMs?: number } | TransportFailure;

function harness(
  answers: Canned[],
  options: { maxAttempts?: number; deadlineMs?: number; sendMarginMs?: number; random?: () => number } = {},
) {
  const clock = new VirtualClock();
  const stats = createClientStats({ logins: 0 });
  const retries: Array<{ reason: RetryReason; attempt: number; waitMs: number }> = [];
  const seen: ApiRequest[] = [];
  const next: Send = async (request) => {
    seen.push(request);
    const answer = answers.shift();
    if (answer === undefined) throw new Error('no answer left');
    if (answer instanceof TransportFailure) throw answer;
    if (answer.tookMs !== undefined) clock.advance(answer.tookMs);
    const response: ApiResponse = {
      status: answer.status,
      headers: new Headers(answer.headers),
      body: undefined,
      correlationId: request.correlationId,
    };
    return response;
  };
  const send = retryLayer({
    apiBase: 'https://api.mypurecloud.com',
    now: clock.now,
    sleep: clock.sleep,
    random: options.random ?? (() => 0.5),
    maxAttempts: options.maxAttempts ?? 5,
    operationDeadlineMs: options.deadlineMs ?? 300_000,
    sendMarginMs: options.sendMarginMs ?? 1000,
    stats,
    hooks: safeHooks({ onRetry: (e) => retries.push({ reason: e.reason, attempt: e.attempt, waitMs: e.waitMs }) }),
  })(next);
  const request = (method: ApiRequest['method']): ApiRequest => ({
    method,
    route: '/api/v2/customobjects/schemas/{externalId}',
    path: '/api/v2/customobjects/schemas/a',
    correlationId: 'corr-1',
  });
  return { clock, stats, retries, seen, send, request };
}

const reset = (sent = true): TransportFailure =>
  new TransportFailure('network', 'api.mypurecloud.com', 'ECONNRESET', sent);

describe('retryLayer', () => {
  it('waits what Retry-After says on 429, for writes too, and reports every retry', async () => {
    const h = harness([
      { status: 429, headers: { 'retry-after': '3' } },
      { status: 429, headers: { 'retry-after': '7' } },
      { status: 201 },
    ]);
    const response = await h.clock.run(h.send(h.request('POST')));
    expect(response.status).toBe(201);
    expect(response.retry).toEqual({ attempts: 3, waitedMs: 10_000, rateLimited: 2 });
    expect(h.clock.sleeps).toEqual([3000, 7000]);
    expect(h.retries).toEqual([
      { reason: 'rate-limit', attempt: 1, waitMs: 3000 },
      { reason: 'rate-limit', attempt: 2, waitMs: 7000 },
    ]);
    expect(h.stats.retries).toBe(2);
    // Every attempt carries the same correlation id, its number and the operation's deadline.
    expect(h.seen.map((r) => [r.attempt, r.correlationId])).toEqual([
      [1, 'corr-1'],
      [2, 'corr-1'],
      [3, 'corr-1'],
    ]);
    expect(new Set(h.seen.map((r) => r.deadline)).size).toBe(1);
  });

  it('understands Retry-After as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:12 GMT', now)).toBe(12_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('reads the three forms of HTTP date RFC 9110 allows, and only those', () => {
    const now = Date.parse('1994-11-06T08:49:00Z');
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(37_000);
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(37_000);
    expect(parseRetryAfter('Sun Nov  6 08:49:37 1994', now)).toBe(37_000);
    // What Date.parse would take as a date long past, so as "send again now": none is a Retry-After.
    for (const garbage of ['-1', '-5', 'abc 12', 'Sat 5', '1 2', '+3', '2.', 'later, 3', 'Sun, 06 Nov 1994'])
      expect(parseRetryAfter(garbage, now), garbage).toBeUndefined();
  });

  it('reads the first of a Retry-After sent twice, as node:http keeps the first', () => {
    // fetch joins the two with ", ", which Date.parse reads as a date long past.
    expect(parseRetryAfter('3, 7', 0)).toBe(3000);
    expect(parseRetryAfter('1.5', 0)).toBe(1500);
  });

  it('backs off on a 429 whose Retry-After is no delay, as on one without it', async () => {
    const h = harness([{ status: 429, headers: { 'retry-after': '-1' } }, { status: 200 }], { random: () => 0.5 });
    await h.clock.run(h.send(h.request('GET')));
    expect(h.clock.sleeps).toEqual([Math.floor(0.5 * BACKOFF_BASE_MS)]);
  });

  it('backs off exponentially with full jitter on 5xx for reads', async () => {
    const h = harness([{ status: 503 }, { status: 502 }, { status: 500 }, { status: 200 }], { random: () => 0.999 });
    const response = await h.clock.run(h.send(h.request('GET')));
    expect(response.status).toBe(200);
    expect(h.clock.sleeps).toEqual([1, 2, 4].map((factor) => Math.floor(0.999 * factor * BACKOFF_BASE_MS)));
    expect(h.retries.map((r) => r.reason)).toEqual(['server-error', 'server-error', 'server-error']);
  });

  it('draws the jitter from the whole range below the cap', async () => {
    const h = harness([{ status: 503 }, { status: 503 }, { status: 200 }], { random: () => 0 });
    await h.clock.run(h.send(h.request('GET')));
    expect(h.retries.map((r) => r.waitMs)).toEqual([0, 0]);
    expect(h.clock.sleeps).toEqual([]);
  });

  it('never sends a write again after a 5xx or a reset: the caller reads back', async () => {
    const h = harness([{ status: 503 }]);
    const response = await h.clock.run(h.send(h.request('PUT')));
    expect(response.status).toBe(503);
    expect(h.seen).toHaveLength(1);

    const r = harness([reset()]);
    const error = await r.clock.run(r.send(r.request('POST'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).outcomeUnknown).toBe(true);
    expect((error as ApiError).errorCode).toBe(NETWORK_ERROR_CODE);
    expect(r.seen).toHaveLength(1);
  });

  it('sends a write again when it provably never left', async () => {
    const h = harness([reset(false), { status: 201 }]);
    const response = await h.clock.run(h.send(h.request('POST')));
    expect(response.status).toBe(201);
    expect(h.retries[0]?.reason).toBe('network');
  });

  it('retries reads after resets and timeouts, then gives up with an error that names the host and the attempts', async () => {
    const timeout = new TransportFailure('timeout', 'api.mypurecloud.com', 'no response within 30000 ms', true);
    const h = harness([reset(), timeout, reset()], { maxAttempts: 3 });
    const error = (await h.clock.run(h.send(h.request('GET'))).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(0);
    expect(error.retries).toBe(2);
    expect(error.outcomeUnknown).toBe(false);
    expect(error.message).toContain('could not reach api.mypurecloud.com (ECONNRESET)');
    expect(error.message).toContain('after 3 attempts');
    expect(error.correlationId).toBe('corr-1');
    expect(h.retries.map((r) => r.reason)).toEqual(['network', 'timeout']);

    const t = harness([timeout], { maxAttempts: 1 });
    const timedOut = (await t.clock.run(t.send(t.request('GET'))).catch((e: unknown) => e)) as ApiError;
    expect(timedOut.errorCode).toBe(TIMEOUT_ERROR_CODE);
    expect(timedOut.message).toContain('api.mypurecloud.com did not answer GET /api/v2/customobjects/schemas/a');
  });

  it('returns the last 429 with what it waited once attempts are exhausted', async () => {
    const h = harness(
      Array.from({ length: 4 }, () => ({ status: 429, headers: { 'retry-after': '2' } })),
      { maxAttempts: 4 },
    );
    const response = await h.clock.run(h.send(h.request('GET')));
    expect(response.status).toBe(429);
    expect(response.retry).toEqual({ attempts: 4, waitedMs: 6000, rateLimited: 4 });
  });

  it('stops before a wait would cross the operation deadline', async () => {
    const h = harness(
      [
        { status: 429, headers: { 'retry-after': '40' } },
        { status: 429, headers: { 'retry-after': '40' } },
      ],
      { deadlineMs: 60_000 },
    );
    const response = await h.clock.run(h.send(h.request('GET')));
    expect(response.status).toBe(429);
    expect(response.retry?.attempts).toBe(2);
    expect(h.clock.sleeps).toEqual([40_000]);
  });

  it('gives the failure back at once when a wait would end within the send margin before the deadline', async () => {
    // Sent again after 9 s, the attempt would have less than the 1 s margin of its 10 s left: the transport would
    // refuse it as not sent, and the 503 that said why would be lost after a wait of nothing.
    const h = harness([{ status: 503, headers: { 'retry-after': '9' } }, { status: 200 }], {
      deadlineMs: 10_000,
      sendMarginMs: 1000,
    });
    const response = await h.clock.run(h.send(h.request('GET')));
    expect(response.status).toBe(503);
    expect(response.retry).toEqual({ attempts: 1, waitedMs: 0, rateLimited: 0 });
    expect(h.clock.sleeps).toEqual([]);
    expect(h.seen).toHaveLength(1);
    expect(h.retries).toEqual([]);
  });

  it('still waits when the attempt after it has more than the send margin left', async () => {
    const h = harness([{ status: 503, headers: { 'retry-after': '8' } }, { status: 200 }], {
      deadlineMs: 10_000,
      sendMarginMs: 1000,
    });
    const response = await h.clock.run(h.send(h.request('GET')));
    expect(response.status).toBe(200);
    expect(h.clock.sleeps).toEqual([8000]);
  });

  it('fails as never sent, not as the 401, when the token resend would fall within the send margin', async () => {
    // The 401 says only that the token had expired: the call ran out of time to log in and send again. Given back
    // as it is, it would read as refused even with a fresh token, which stops a whole apply.
    const h = harness([{ status: 401, tookMs: 299_500 }, { status: 201 }], { deadlineMs: 300_000, sendMarginMs: 1000 });
    const error = (await h.clock.run(h.send(h.request('POST'))).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, errorCode: TIMEOUT_ERROR_CODE, outcomeUnknown: false, retries: 0 });
    expect(error.message).toContain('was not sent: too little of its operation deadline was left to send it');
    expect(h.seen).toHaveLength(1);
    expect(h.retries).toEqual([]);
  });

  it('gives up at once, as never sent, when the deadline would pass before the request could go', async () => {
    const beforeSending = new TransportFailure(
      'timeout',
      'api.mypurecloud.com',
      'the operation deadline would pass before the rate limiter let the request go',
      false,
      { deadline: true },
    );
    const h = harness([beforeSending, { status: 201 }]);
    const error = (await h.clock.run(h.send(h.request('POST'))).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, errorCode: TIMEOUT_ERROR_CODE, outcomeUnknown: false, retries: 0 });
    expect(h.seen).toHaveLength(1);
    expect(h.retries).toEqual([]);
  });

  it('sends once more at once after a 401, for writes too, without spending an attempt', async () => {
    const h = harness([{ status: 401 }, { status: 503 }, { status: 503 }, { status: 200 }], { maxAttempts: 3 });
    const response = await h.clock.run(h.send(h.request('GET')));
    expect(response.status).toBe(200);
    expect(response.retry?.attempts).toBe(4);
    expect(h.retries.map((r) => [r.reason, r.waitMs])).toEqual([
      ['token-expired', 0],
      ['server-error', 250],
      ['server-error', 500],
    ]);
    const write = harness([{ status: 401 }, { status: 201 }], { maxAttempts: 1 });
    expect((await write.clock.run(write.send(write.request('PUT')))).status).toBe(201);
    expect(write.seen).toHaveLength(2);
    expect(write.clock.sleeps).toEqual([]);
  });

  it('gives a second 401 back as it is: a new token did not help', async () => {
    const h = harness([
      { status: 401 },
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 401 },
      { status: 200 },
    ]);
    const response = await h.clock.run(h.send(h.request('POST')));
    expect(response.status).toBe(401);
    expect(h.seen).toHaveLength(3);
    expect(h.retries.map((r) => r.reason)).toEqual(['token-expired', 'rate-limit']);
  });

  it('passes other statuses through untouched', async () => {
    for (const status of [200, 400, 403, 404, 409, 501]) {
      const h = harness([{ status }]);
      const response = await h.clock.run(h.send(h.request('GET')));
      expect(response.status).toBe(status);
      expect(h.seen).toHaveLength(1);
    }
  });
});
