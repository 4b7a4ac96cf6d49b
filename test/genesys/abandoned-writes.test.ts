/**
 * A write abandoned by its caller (WriteOptions `signal`, docs/client.md "Abandoning a write"): once the signal is
 * aborted, nothing more of it is sent, neither a resend after an unknown outcome nor its read back, nor an attempt
 * after a 429; it fails with `client.request.abandoned`, its outcome unknown when a send of it had no clear answer.
 * For the custom objects client and a DataSchema family's alike.
 */
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
function faultyNetwork(status: 503 | 429, abandon: AbortController) {
  let answered = false;
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const write = init?.method === 'POST' || init?.method === 'PUT';
    if (!write || answered || !fetchUrl(input).includes('/api/')) return fetch(input, init);
    answered = true;
    abandon.abort('abandoned by the test');
    const headers = { 'Content-Type': 'application/json', ...(status === 429 ? { 'Retry-After': '1' } : {}) };
    return new Response(JSON.stringify({ code: 'gateway', message: 'in front of the org' }), { status, headers });
  };
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

  it('sends nothing of a write abandoned before it starts', async () => {
    handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    const error = await familyClient(family, handle)
      .create(body(1), { signal: AbortSignal.abort('abandoned by the test') })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ errorCode: ABANDONED_ERROR_CODE, outcomeUnknown: false });
    expect(requestsSince(0)).toEqual([]);
  });
});
