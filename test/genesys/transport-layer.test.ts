import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClientStats } from '../../src/genesys/client-stats.js';
import { createTransport, LEAST_ATTEMPT_MS, sendMarginFor } from '../../src/genesys/transport-layer.js';
import { TransportFailure } from '../../src/genesys/transport-failure.js';
import { cannedFetch, socketError } from './helpers/canned-fetch.js';

const API = 'https://api.mypurecloud.com';

function transport(fetchFn: typeof fetch, now = () => 1000) {
  const stats = createClientStats({ logins: 0 });
  return {
    stats,
    send: createTransport({
      apiBase: API,
      fetch: fetchFn,
      now,
      requestTimeoutMs: 30_000,
      sendMarginMs: LEAST_ATTEMPT_MS,
      userAgent: 'cxschema-test',
      stats,
    }),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createTransport', () => {
  it('sends JSON with the correlation id, and reads the answer', async () => {
    const canned = cannedFetch([
      { status: 201, body: { externalId: 'a' }, headers: { 'ININ-Correlation-Id': 'from-server' } },
    ]);
    const { send, stats } = transport(canned.fetch);
    const response = await send({
      method: 'POST',
      route: '/r',
      path: '/api/v2/customobjects/schemas',
      body: { externalId: 'a' },
      correlationId: 'corr-9',
      headers: { Authorization: 'Bearer t' },
    });
    expect(response).toMatchObject({ status: 201, body: { externalId: 'a' }, correlationId: 'from-server' });
    const call = canned.calls[0]!;
    expect(call.url).toBe(`${API}/api/v2/customobjects/schemas`);
    expect(call.headers).toMatchObject({
      'inin-correlation-id': 'corr-9',
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': 'cxschema-test',
      authorization: 'Bearer t',
    });
    expect(JSON.parse(call.body!)).toEqual({ externalId: 'a' });
    expect(stats.requests).toBe(1);
  });

  it('keeps the request correlation id when the answer has none, and an empty body as undefined', async () => {
    const canned = cannedFetch([{ status: 204 }, { status: 502, body: '<html>bad gateway</html>' }]);
    const { send } = transport(canned.fetch);
    const deleted = await send({ method: 'DELETE', route: '/r', path: '/x', correlationId: 'mine' });
    expect(deleted).toMatchObject({ status: 204, body: undefined, correlationId: 'mine' });
    const html = await send({ method: 'GET', route: '/r', path: '/x', correlationId: 'mine' });
    expect(html.body).toBe('<html>bad gateway</html>');
  });

  it('tells a connection never made from one that broke after sending', async () => {
    const canned = cannedFetch([socketError('ECONNREFUSED'), socketError('ECONNRESET'), new TypeError('fetch failed')]);
    const { send } = transport(canned.fetch);
    const request = { method: 'GET' as const, route: '/r', path: '/x', correlationId: 'c' };
    const refused = (await send(request).catch((e: unknown) => e)) as TransportFailure;
    expect(refused).toBeInstanceOf(TransportFailure);
    expect(refused).toMatchObject({
      reason: 'network',
      host: 'api.mypurecloud.com',
      detail: 'ECONNREFUSED',
      requestSent: false,
    });
    const reset = (await send(request).catch((e: unknown) => e)) as TransportFailure;
    expect(reset).toMatchObject({ reason: 'network', detail: 'ECONNRESET', requestSent: true });
    const unknown = (await send(request).catch((e: unknown) => e)) as TransportFailure;
    expect(unknown.requestSent).toBe(true);
  });

  it('aborts an attempt that outlives its timeout, body included', async () => {
    vi.useFakeTimers();
    const hanging = (_url: unknown, init?: RequestInit): Promise<Response> =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    const { send } = transport(hanging);
    const pending = send({ method: 'PUT', route: '/r', path: '/x', correlationId: 'c', body: {} }).catch(
      (e: unknown) => e,
    );
    await vi.advanceTimersByTimeAsync(30_000);
    const failure = (await pending) as TransportFailure;
    expect(failure).toBeInstanceOf(TransportFailure);
    expect(failure).toMatchObject({ reason: 'timeout', requestSent: true });
    expect(failure.detail).toContain('30000 ms');
  });

  it('shortens the timeout to what is left of the deadline, and sends nothing past it', async () => {
    vi.useFakeTimers();
    let aborted = false;
    const hanging = (_url: unknown, init?: RequestInit): Promise<Response> =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => {
          aborted = true;
          reject(new DOMException('aborted', 'AbortError'));
        }),
      );
    const { send, stats } = transport(hanging, () => 1000);
    const pending = send({ method: 'GET', route: '/r', path: '/x', correlationId: 'c', deadline: 2500 }).catch(
      (e: unknown) => e,
    );
    await vi.advanceTimersByTimeAsync(1499);
    expect(aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(aborted).toBe(true);
    expect(((await pending) as TransportFailure).detail).toContain('1500 ms');

    const late = (await send({ method: 'POST', route: '/r', path: '/x', correlationId: 'c', deadline: 1000 }).catch(
      (e: unknown) => e,
    )) as TransportFailure;
    expect(late).toMatchObject({ reason: 'timeout', requestSent: false });
    expect(stats.requests).toBe(1);
  });

  it('sends nothing with no more than its margin of the deadline left', async () => {
    const canned = cannedFetch([{ status: 201 }]);
    const { send, stats } = transport(canned.fetch, () => 1000);
    const request = { method: 'POST', route: '/r', path: '/x', correlationId: 'c' } as const;
    const tooLate = (await send({ ...request, deadline: 1000 + LEAST_ATTEMPT_MS }).catch(
      (e: unknown) => e,
    )) as TransportFailure;
    expect(tooLate).toBeInstanceOf(TransportFailure);
    expect(tooLate).toMatchObject({ reason: 'timeout', requestSent: false, deadline: true });
    expect(stats.requests).toBe(0);
    expect((await send({ ...request, deadline: 1000 + LEAST_ATTEMPT_MS + 1 })).status).toBe(201);
    expect(stats.requests).toBe(1);
  });
});

describe('sendMarginFor', () => {
  it('is a second, or the request timeout or a tenth of the operation deadline when shorter', () => {
    expect(sendMarginFor({ requestTimeoutMs: 30_000, operationDeadlineMs: 300_000 })).toBe(LEAST_ATTEMPT_MS);
    expect(sendMarginFor({ requestTimeoutMs: 200, operationDeadlineMs: 300_000 })).toBe(200);
    expect(sendMarginFor({ requestTimeoutMs: 30_000, operationDeadlineMs: 5000 })).toBe(500);
  });
});
