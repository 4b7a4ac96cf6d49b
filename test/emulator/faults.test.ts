/**
 * Injected faults (docs/api-contract.md "Faults"): reproducible with a seed, changeable while running, and the
 * slow success that applies a write and then holds its response.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorOptions, EmulatorHandle } from '../../src/emulator/index.js';
import { checkFaultSpec, startEmulator } from '../../src/emulator/index.js';
import { caller, rateLimitBody, SCHEMAS, schemaBody, tokenFor } from './emulator-fixtures.js';

const running: EmulatorHandle[] = [];
async function start(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const emulator = await startEmulator({ rateLimitPerMinute: 0, ...options });
  running.push(emulator);
  return emulator;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
});

/** Longer than the suite's hang guard: a test that waited out this hold would fail, not pass slowly. */
const HOLD_BEYOND_ANY_TEST = 3_600_000;

/** Resolves once `condition` holds, checked after each turn of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

async function statuses(emulator: EmulatorHandle, count: number): Promise<number[]> {
  const call = caller(emulator, await tokenFor(emulator));
  const result: number[] = [];
  for (let i = 0; i < count; i++) result.push((await call('GET', SCHEMAS)).status);
  return result;
}

describe('status faults', () => {
  it('are reproducible with a seed, and differ with another seed', async () => {
    const faults = { status: { 500: 0.2, 503: 0.2 }, rateLimit: 0.1 };
    const a = await statuses(await start({ faults, seed: 42 }), 40);
    const b = await statuses(await start({ faults, seed: 42 }), 40);
    const c = await statuses(await start({ faults, seed: 7 }), 40);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a)).toEqual(new Set([200, 500, 503, 429]));
  });

  it('answer with an ErrorBody, are logged as faults, and apply nothing', async () => {
    const emulator = await start({ faults: { status: { 502: 1 } } });
    const call = caller(emulator, await tokenFor(emulator));
    const reply = await call('POST', SCHEMAS, schemaBody('never'), { 'ININ-Correlation-Id': 'f-1' });
    expect(reply.status).toBe(502);
    expect(reply.body).toMatchObject({ code: 'bad.gateway', status: 502, contextId: 'f-1', details: [], errors: [] });
    expect(emulator.schemas()).toEqual([]);
    expect(emulator.requestLog().at(-1)).toEqual({
      method: 'POST',
      path: SCHEMAS,
      status: 502,
      correlationId: 'f-1',
      fault: 'status',
    });
  });

  it('inject 429 before the limit, with the configured Retry-After', async () => {
    const emulator = await start({ faults: { rateLimit: 1, retryAfterSeconds: 3 } });
    const reply = await caller(emulator, await tokenFor(emulator))('GET', SCHEMAS);
    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toBe('3');
    expect(reply.body).toEqual(rateLimitBody(3, reply.headers.get('inin-correlation-id')));
  });

  it('leave the token endpoint alone', async () => {
    const emulator = await start({ faults: { status: { 503: 1 }, reset: 1 } });
    await expect(tokenFor(emulator)).resolves.toEqual(expect.any(String));
  });

  it('can be changed and removed while running', async () => {
    const emulator = await start();
    const call = caller(emulator, await tokenFor(emulator));
    expect((await call('GET', SCHEMAS)).status).toBe(200);
    emulator.setFaults({ status: { 504: 1 } });
    expect(emulator.faults()).toEqual({ status: { 504: 1 } });
    expect((await call('GET', SCHEMAS)).status).toBe(504);
    emulator.setFaults({});
    expect((await call('GET', SCHEMAS)).status).toBe(200);
  });

  it('refuses a spec out of range', () => {
    expect(() => checkFaultSpec({ reset: 2 })).toThrow(/probability/);
    expect(() => checkFaultSpec({ status: { 418: 0.1 } })).toThrow(/not one of/);
    expect(() => checkFaultSpec({ status: { 500: 0.6, 503: 0.6 } })).toThrow(/more than 1/);
    expect(() => checkFaultSpec({ latency: -5 })).toThrow(/milliseconds/);
    expect(() => checkFaultSpec({ retryAfterSeconds: 0 })).toThrow(/at least 1/);
    expect(() => checkFaultSpec({ jitter: 1 })).toThrow(/unknown fault/);
  });

  it('quotes a refused value as it was written, objects included', () => {
    expect(() => checkFaultSpec({ reset: { p: 0.5 } })).toThrow('not {"p":0.5}');
    expect(() => checkFaultSpec({ latency: { max: '5s' } })).toThrow('not "5s"');
    expect(() => checkFaultSpec({ retryAfterSeconds: [2] })).toThrow('not [2]');
  });
});

describe('connection resets and latency', () => {
  it('destroys the connection without a response, and counts it', async () => {
    const emulator = await start({ faults: { reset: 1 } });
    const call = caller(emulator, await tokenFor(emulator));
    await expect(call('GET', SCHEMAS)).rejects.toThrow();
    expect(emulator.counters().byRoute[`GET ${SCHEMAS}`]).toEqual({ reset: 1 });
    expect(emulator.requestLog().at(-1)).toMatchObject({ status: 0, fault: 'reset' });
  });

  it('adds a fixed latency', async () => {
    const emulator = await start({ faults: { latency: 40 } });
    const call = caller(emulator, await tokenFor(emulator));
    const started = performance.now();
    expect((await call('GET', SCHEMAS)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });
});

describe('slow success', () => {
  it('applies the write, then holds the response past the client timeout', async () => {
    const emulator = await start({ faults: { slowSuccess: 1, slowSuccessMs: HOLD_BEYOND_ANY_TEST } });
    const token = await tokenFor(emulator);
    const client = new AbortController();
    let answered = false;
    const attempt = fetch(`${emulator.url}${SCHEMAS}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(schemaBody('held')),
      signal: client.signal,
    }).finally(() => (answered = true));
    // The write is applied before its response is held: the client gives up once it is there, however long the
    // request took to arrive, and has had no answer by then.
    await until(() => emulator.schemas().some((s) => s.externalId === 'held'));
    expect(answered).toBe(false);
    client.abort();
    await expect(attempt).rejects.toThrow();
    expect(emulator.schemas().map((s) => s.externalId)).toEqual(['held']);
    // A blind retry now meets the schema it created: the case the client's read-back exists for.
    emulator.setFaults({});
    expect((await caller(emulator, token)('POST', SCHEMAS, schemaBody('held'))).status).toBe(409);
  });

  it('answers once the hold is over, and never holds reads or refusals', async () => {
    const emulator = await start({ faults: { slowSuccess: 1, slowSuccessMs: 60 } });
    const call = caller(emulator, await tokenFor(emulator));
    const started = performance.now();
    expect((await call('POST', SCHEMAS, schemaBody('late'))).status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    emulator.setFaults({ slowSuccess: 1, slowSuccessMs: 20_000 });
    expect((await call('GET', `${SCHEMAS}/late`)).status).toBe(200);
    expect((await call('POST', SCHEMAS, schemaBody('late'))).status).toBe(409);
    expect(emulator.requestLog().filter((e) => e.fault === 'slowSuccess')).toHaveLength(1);
  });

  it('releases held responses when the emulator stops', async () => {
    const emulator = await start({ faults: { slowSuccess: 1, slowSuccessMs: HOLD_BEYOND_ANY_TEST } });
    const call = caller(emulator, await tokenFor(emulator));
    const pending = call('POST', SCHEMAS, schemaBody('stopping')).then(
      (answer) => answer.status,
      (error: unknown) => error,
    );
    // The write is applied before its response is held: once the schema is there, the response is on hold.
    await until(() => emulator.schemas().some((s) => s.externalId === 'stopping'));
    // Released at stop, and written before the connection closes: the write was applied, and the client is told
    // so. Were the hold not released, stop would wait out the hour-long hold.
    await emulator.stop();
    expect(await pending).toBe(201);
  });
});

describe('counters and the request log', () => {
  it('count requests by route template and status', async () => {
    const emulator = await start();
    const call = caller(emulator, await tokenFor(emulator));
    await call('POST', SCHEMAS, schemaBody('a'));
    await call('GET', `${SCHEMAS}/a`);
    await call('GET', `${SCHEMAS}/b`);
    await call('GET', '/api/v2/nothing');
    expect(emulator.counters()).toEqual({
      byRoute: {
        'POST /oauth/token': { 200: 1 },
        [`POST ${SCHEMAS}`]: { 201: 1 },
        [`GET ${SCHEMAS}/{externalId}`]: { 200: 1, 404: 1 },
        'GET (unmatched)': { 404: 1 },
      },
      total: 5,
    });
    expect(emulator.requestLog().map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'POST /oauth/token 200',
      `POST ${SCHEMAS} 201`,
      `GET ${SCHEMAS}/a 200`,
      `GET ${SCHEMAS}/b 404`,
      'GET /api/v2/nothing 404',
    ]);
    emulator.resetCounters();
    expect(emulator.counters()).toEqual({ byRoute: {}, total: 0 });
    expect(emulator.requestLog()).toEqual([]);
  });
});

describe('admin routes', () => {
  it('are off unless enabled', async () => {
    const emulator = await start();
    const reply = await fetch(`${emulator.url}/__emulator/counters`);
    expect(reply.status).toBe(404);
  });

  it('refuse a body over 1 MiB with 413, and keep the faults in force', async () => {
    const emulator = await start({ admin: true, faults: { status: { 503: 1 } } });
    const reply = await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'PUT',
      body: `{"pad":"${'x'.repeat(1024 * 1024)}"}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(413);
    expect(emulator.faults()).toEqual({ status: { 503: 1 } });
  });

  it('read and change faults and the rate limit, read counters and the log, reset, expire tokens', async () => {
    const emulator = await start({ admin: true });
    const admin = (method: string, path: string, body?: unknown): Promise<Response> =>
      fetch(`${emulator.url}/__emulator/${path}`, {
        method,
        ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
      });
    const token = await tokenFor(emulator);
    const call = caller(emulator, token);
    expect(await (await admin('GET', 'faults')).json()).toEqual({});
    expect((await admin('PUT', 'faults', { status: { 503: 1 } })).status).toBe(200);
    expect((await call('GET', SCHEMAS)).status).toBe(503);
    expect((await admin('PUT', 'faults', { status: { 503: 7 } })).status).toBe(400);
    for (const spec of [
      { latency: {} },
      { latency: { max: 5, min: 1 } },
      { latency: 2 ** 31 },
      { slowSuccessMs: 99999999999 },
    ])
      expect((await admin('PUT', 'faults', spec)).status, JSON.stringify(spec)).toBe(400);
    expect(() => emulator.setFaults({ slowSuccess: 1, slowSuccessMs: 2 ** 31 })).toThrow(/2147483647/);
    expect((await admin('PUT', 'faults', {})).status).toBe(200);
    expect((await admin('PUT', 'rate-limit', { perMinute: 1 })).status).toBe(200);
    expect(await (await admin('GET', 'rate-limit')).json()).toEqual({ perMinute: 1 });
    expect((await call('GET', SCHEMAS)).status).toBe(200);
    expect((await call('GET', SCHEMAS)).status).toBe(429);
    expect((await admin('PUT', 'rate-limit', { perMinute: -3 })).status).toBe(400);
    expect((await admin('PUT', 'rate-limit', { perMinute: 0 })).status).toBe(200);
    const counters = (await (await admin('GET', 'counters')).json()) as {
      byRoute: Record<string, Record<string, number>>;
      total: number;
    };
    expect(counters.byRoute[`GET ${SCHEMAS}`]).toEqual({ 200: 1, 429: 1, 503: 1 });
    expect(((await (await admin('GET', 'requests')).json()) as unknown[]).length).toBe(counters.total);
    expect((await admin('POST', 'reset')).status).toBe(204);
    expect(emulator.counters().total).toBe(0);
    expect((await admin('POST', 'expire-tokens')).status).toBe(204);
    expect((await call('GET', SCHEMAS)).status).toBe(401);
    expect((await admin('GET', 'nothing')).status).toBe(404);
  });
});
