/**
 * A write abandoned by its caller (WriteOptions `signal`, docs/client.md "Abandoning a write"): once the signal is
 * aborted, nothing more of it is sent, neither a resend after an unknown outcome nor its read back, nor an attempt
 * after a 429; it fails with `client.request.abandoned`, its outcome unknown when a send of it had no clear answer.
 * For the custom objects client and a DataSchema family's alike.
 */
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { CUSTOM_OBJECTS_FAMILY, WORKITEMS_FAMILY, type Family } from '../../src/family/index.js';
import { ABANDONED_ERROR_CODE, ApiError } from '../../src/genesys/api-error.js';
import type { SchemaWriteBody } from '../../src/model/schema.js';
import { familyClient } from '../support/family-org-rig.js';
import { fetchUrl } from '../support/fetch-url.js';
import { draft } from '../support/schema-builders.js';

let handle: EmulatorHandle | undefined;
afterEach(async () => {
  await handle?.stop();
  handle = undefined;
});

const bodies: Record<string, (version: number) => SchemaWriteBody> = {
  [CUSTOM_OBJECTS_FAMILY.name]: (version) => ({ ...draft('claim'), version }),
  [WORKITEMS_FAMILY.name]: (version) => ({
    externalId: 'claim',
    name: 'claim',
    status: 'PUBLISHED',
    version,
    fields: [{ name: 'summary', fieldtype: 'string', constraints: { maxLength: 50 + version } }],
  }),
};

/**
 * A fetch whose first schema write is answered `status` by the network in front of the org, without reaching it;
 * the caller abandons the write while that send is on its way. Every other exchange reaches the emulator.
 */
function faultyNetwork(status: 503 | 429, abandon: AbortController | undefined) {
  let answered = false;
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const write = init?.method === 'POST' || init?.method === 'PUT';
    if (!write || answered || !fetchUrl(input).includes('/api/')) return fetch(input, init);
    answered = true;
    abandon?.abort('abandoned by the test');
    const headers = { 'Content-Type': 'application/json', ...(status === 429 ? { 'Retry-After': '1' } : {}) };
    return new Response(JSON.stringify({ code: 'gateway', message: 'in front of the org' }), { status, headers });
  };
}

/**
 * A sleep that abandons the write as the client starts to wait, and never ends of itself: the write can only end
 * because the abandon ends the wait. Each wait's length is kept.
 */
function abandonWhenWaiting(abandon: AbortController) {
  const waits: number[] = [];
  const sleep = (ms: number): Promise<void> => {
    waits.push(ms);
    abandon.abort('abandoned by the test');
    return new Promise<void>(() => undefined);
  };
  return { sleep, waits };
}

/** The schema writes and reads (the list of a DataSchema family, too) that reached the org since `from`. */
function requestsSince(from: number): string[] {
  return handle!
    .requestLog()
    .slice(from)
    .filter((e) => e.path.includes('schemas'))
    .map((e) => e.method);
}

describe.each([CUSTOM_OBJECTS_FAMILY, WORKITEMS_FAMILY])('a $name write abandoned', (family: Family) => {
  const body = bodies[family.name]!;

  async function setUp(status: 503 | 429) {
    handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    const abandon = new AbortController();
    const target = familyClient(family, handle, { fetch: faultyNetwork(status, abandon) });
    return { target, signal: abandon.signal };
  }

  it('after a send with no clear answer (503) is neither read back nor sent again', async () => {
    const { target, signal } = await setUp(503);
    const error = await target.create(body(1), { signal }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ errorCode: ABANDONED_ERROR_CODE, outcomeUnknown: true });
    expect((error as ApiError).message).toMatch(/abandoned by the test.*may still be applied/);
    expect(requestsSince(0)).toEqual([]);
    expect(await familyClient(family, handle!).get('claim')).toBeUndefined();
  });

  it('sends an update no more after its send had no clear answer', async () => {
    const { target, signal } = await setUp(503);
    await familyClient(family, handle!).create(body(1));
    const from = handle!.requestLog().length;
    // The DataSchema client learns the schema's server id first, a read before the write.
    const reads = family === WORKITEMS_FAMILY ? ['GET'] : [];
    const error = await target.update(body(2), { signal }).catch((e: unknown) => e);

    expect(error).toMatchObject({ errorCode: ABANDONED_ERROR_CODE, outcomeUnknown: true });
    expect(requestsSince(from)).toEqual(reads);
    expect((await familyClient(family, handle!).get('claim'))?.version).toBe(1);
  });

  it('starts no other attempt after a 429, and says the write was not done', async () => {
    const { target, signal } = await setUp(429);
    const error = await target.create(body(1), { signal }).catch((e: unknown) => e);

    expect(error).toMatchObject({ errorCode: ABANDONED_ERROR_CODE, outcomeUnknown: false });
    expect((error as ApiError).message).toContain('was not sent: abandoned by the test');
    expect(requestsSince(0)).toEqual([]);
  });

  it('ends at once when abandoned while it waits out a 429', async () => {
    handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    const abandon = new AbortController();
    const { sleep, waits } = abandonWhenWaiting(abandon);
    const target = familyClient(family, handle, { fetch: faultyNetwork(429, undefined), sleep });
    const error = await target.create(body(1), { signal: abandon.signal }).catch((e: unknown) => e);

    // The wait was the 429's Retry-After (1 s), and it ended with the abandon, not with the sleep.
    expect(waits).toEqual([1000]);
    expect(error).toMatchObject({ errorCode: ABANDONED_ERROR_CODE, outcomeUnknown: false });
    expect(requestsSince(0)).toEqual([]);
  });

  it('ends at once when abandoned in the backoff before a write is sent again', async () => {
    handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    const abandon = new AbortController();
    const { sleep, waits } = abandonWhenWaiting(abandon);
    const target = familyClient(family, handle, { fetch: faultyNetwork(503, undefined), sleep, random: () => 0.5 });
    const error = await target.create(body(1), { signal: abandon.signal }).catch((e: unknown) => e);

    // The 503's write was read back (not found), and the backoff before sending it again was cut short.
    expect(waits).toEqual([250]);
    expect(error).toMatchObject({ errorCode: ABANDONED_ERROR_CODE, outcomeUnknown: true });
    expect(requestsSince(0)).toEqual(['GET']);
  });

  it('ends at once when abandoned while its read back waits for the rate limiter, and sends no read', async () => {
    handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    const abandon = new AbortController();
    const { sleep, waits } = abandonWhenWaiting(abandon);
    // One request a minute: the write's send (answered 503 in front of the org) takes the window's room, and the
    // read back that learns its outcome waits for more.
    const target = familyClient(family, handle, { fetch: faultyNetwork(503, undefined), rateLimitPerMinute: 1, sleep });
    const error = await target.create(body(1), { signal: abandon.signal }).catch((e: unknown) => e);

    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(50_000);
    // The write's abandon, its send's outcome unknown; not the read's.
    expect(error).toMatchObject({ errorCode: ABANDONED_ERROR_CODE, outcomeUnknown: true, method: 'POST' });
    expect(requestsSince(0)).toEqual([]);
  });

  it('leaves no listener on its signal once it is done', async () => {
    handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    const run = new AbortController();
    const target = familyClient(family, handle);
    await target.create(body(1), { signal: run.signal });
    await target.update(body(2), { signal: run.signal });

    expect(getEventListeners(run.signal, 'abort')).toEqual([]);
  });

  it('ends at once when abandoned while the rate limiter holds it', async () => {
    handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    const abandon = new AbortController();
    const { sleep, waits } = abandonWhenWaiting(abandon);
    // One request a minute: the first write goes, the second waits for room in the window.
    const target = familyClient(family, handle, { rateLimitPerMinute: 1, sleep });
    await target.create(body(1));
    const from = handle.requestLog().length;
    const error = await target
      .create({ ...body(1), externalId: 'other' }, { signal: abandon.signal })
      .catch((e: unknown) => e);

    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(50_000);
    expect(error).toMatchObject({ errorCode: ABANDONED_ERROR_CODE, outcomeUnknown: false });
    expect(requestsSince(from)).toEqual([]);
  });

  it('ends at once when abandoned while it waits for a login, which goes on', async () => {
    handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    const abandon = new AbortController();
    let answerLogin: () => void = () => undefined;
    const loginHeld = new Promise<void>((resolve) => (answerLogin = resolve));
    const logins: string[] = [];
    const waits: number[] = [];
    // One request a minute: a write abandoned before it left takes no room in the window.
    const target = familyClient(family, handle, {
      rateLimitPerMinute: 1,
      sleep: (ms) => {
        waits.push(ms);
        return new Promise<void>(() => undefined);
      },
      fetch: async (input, init) => {
        if (fetchUrl(input).includes('/oauth/token')) {
          logins.push('asked');
          // The login is answered only once the write was abandoned and has failed.
          setImmediate(() => abandon.abort('abandoned by the test'));
          await loginHeld;
        }
        return fetch(input, init);
      },
    });
    const error = await target.create(body(1), { signal: abandon.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ errorCode: ABANDONED_ERROR_CODE, outcomeUnknown: false });
    expect((error as ApiError).message).toContain('abandoned by the test');

    // The login went on: the next call uses its token, with no other login, and is not held for room.
    answerLogin();
    expect(await target.get('claim')).toBeUndefined();
    expect(logins).toEqual(['asked']);
    expect(waits).toEqual([]);
    expect(requestsSince(0)).toEqual(['GET']);
  });

  it('adds one listener to a signal that many waiting writes share, and ends them all', async () => {
    handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    const abandon = new AbortController();
    let limiterWaits = 0;
    let limiterWaiting: () => void = () => undefined;
    const oneWaits = new Promise<void>((resolve) => (limiterWaiting = resolve));
    const sleep = (): Promise<void> => {
      limiterWaits++;
      limiterWaiting();
      return new Promise<void>(() => undefined);
    };
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const target = familyClient(family, handle, { rateLimitPerMinute: 1, concurrency: 4, sleep });
      await target.create(body(1));
      const from = handle.requestLog().length;
      const writes = Array.from({ length: 20 }, (_, i) =>
        target.create({ ...body(1), externalId: `other_${i}` }, { signal: abandon.signal }).catch((e: unknown) => e),
      );
      await oneWaits;
      // Every write waits: one for room in the window, the others for a slot or their turn.
      expect(getEventListeners(abandon.signal, 'abort')).toHaveLength(1);
      abandon.abort('abandoned by the test');
      const errors = await Promise.all(writes);

      expect(errors.every((e) => (e as ApiError).errorCode === ABANDONED_ERROR_CODE)).toBe(true);
      expect(limiterWaits).toBe(1);
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
      expect(requestsSince(from)).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('sends nothing of an update abandoned before it starts, not even the read of its id', async () => {
    handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    await familyClient(family, handle).create(body(1));
    const from = handle.requestLog().length;
    const error = await familyClient(family, handle)
      .update(body(2), { signal: AbortSignal.abort('abandoned by the test') })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ errorCode: ABANDONED_ERROR_CODE, outcomeUnknown: false });
    expect(requestsSince(from)).toEqual([]);
  });

  it('sends nothing of a write abandoned before it starts', async () => {
    handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    const error = await familyClient(family, handle)
      .create(body(1), { signal: AbortSignal.abort('abandoned by the test') })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ errorCode: ABANDONED_ERROR_CODE, outcomeUnknown: false });
    expect(requestsSince(0)).toEqual([]);
  });
});

describe('a DataSchema update abandoned while the read of its id waits', () => {
  const body = bodies[WORKITEMS_FAMILY.name]!;

  /** One request a minute: this client's create of `other` takes the room, so the id read of `claim` waits. */
  async function abandonedAtIdRead() {
    handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    await familyClient(WORKITEMS_FAMILY, handle).create(body(1));
    const abandon = new AbortController();
    let clock = Date.now();
    let first = true;
    const target = familyClient(WORKITEMS_FAMILY, handle, {
      rateLimitPerMinute: 1,
      now: () => clock,
      // The first wait (the id read's) abandons the update and never ends of itself; later ones pass on the clock.
      sleep: (ms) => {
        if (!first) {
          clock += ms;
          return Promise.resolve();
        }
        first = false;
        abandon.abort('abandoned by the test');
        return new Promise<void>(() => undefined);
      },
    });
    // The client learns the id of `other` from its own write.
    await target.create({ ...body(1), externalId: 'other', name: 'other' });
    const from = handle.requestLog().length;
    const error = await target.update(body(2), { signal: abandon.signal }).catch((e: unknown) => e);
    return { target, error, from };
  }

  it('fails saying that nothing of the update was sent, and sends nothing', async () => {
    const { error, from } = await abandonedAtIdRead();

    expect(error).toMatchObject({ errorCode: ABANDONED_ERROR_CODE, outcomeUnknown: false });
    expect((error as ApiError).message).toMatch(/abandoned by the test.*nothing of this write was sent/);
    expect(requestsSince(from)).toEqual([]);
  });

  it('forgets no id the client knew: the next update of another schema reads none', async () => {
    const { target, from } = await abandonedAtIdRead();
    await target.update({ ...body(2), externalId: 'other', name: 'other' });

    expect(requestsSince(from)).toEqual(['PUT']);
  });
});
