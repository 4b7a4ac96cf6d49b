import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, NETWORK_ERROR_CODE, OVERTAKEN_ERROR_CODE } from '../../src/genesys/api-error.js';
import { nodeHttpFetch, type FetchLike } from '../../src/genesys/node-http-fetch.js';
import { startOrg, type TestOrg } from '../support/org-rig.js';
import { draft } from '../support/schema-builders.js';
import { JumpingClock } from './helpers/virtual-clock.js';

let rig: TestOrg | undefined;
afterEach(async () => {
  await rig?.emulator.stop();
  rig = undefined;
});

const socketError = (code: string): Error => Object.assign(new Error(`socket failure ${code}`), { code });

/**
 * Sends every request to the emulator except the writes: the first is lost to a reset after it left (its outcome
 * unknown, and it never reached the org), and every later one is refused before it leaves.
 */
function firstWriteLostThenRefused(): { fetch: FetchLike; writes: () => number } {
  let writes = 0;
  const fetch: FetchLike = async (url, init) => {
    if (init.method === 'POST' || init.method === 'PUT') {
      if (url.includes('/api/')) throw socketError(++writes === 1 ? 'ECONNRESET' : 'ECONNREFUSED');
    }
    return nodeHttpFetch(url, init);
  };
  return { fetch, writes: () => writes };
}

describe('a write whose first send has an unknown outcome', () => {
  it('keeps the outcome unknown when the next send is refused before it leaves', async () => {
    const clock = new JumpingClock();
    const faulty = firstWriteLostThenRefused();
    rig = await startOrg({}, { fetch: faulty.fetch, now: clock.now, sleep: clock.sleep, maxAttempts: 2 });
    const error = (await rig.target.create(draft('customer')).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    // The last send's own failure is what is reported, but the first send may still land.
    expect(error).toMatchObject({ status: 0, errorCode: NETWORK_ERROR_CODE, outcomeUnknown: true });
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('may still be applied');
    expect(faulty.writes()).toBe(3);
    // The read back in between found nothing: that is why the write was sent again.
    const reads = rig.emulator.requestLog().filter((e) => e.method === 'GET' && e.path.startsWith('/api/'));
    expect(reads.map((e) => e.status)).toEqual([404]);
  });

  it('names every earlier send whose answer was lost, not only the last', async () => {
    const clock = new JumpingClock();
    const lost: string[] = [];
    let writes = 0;
    // The first two sends are lost after they left (the read backs find nothing), the third refused before it left.
    const fetch: FetchLike = async (url, init) => {
      if (init.method === 'POST' && url.includes('/api/')) {
        if (++writes <= 2) {
          lost.push(init.headers['ININ-Correlation-Id']!);
          throw socketError('ECONNRESET');
        }
        throw socketError('ECONNREFUSED');
      }
      return nodeHttpFetch(url, init);
    };
    rig = await startOrg({}, { fetch, now: clock.now, sleep: clock.sleep, maxAttempts: 3 });
    const error = (await rig.target.create(draft('customer')).catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ status: 0, errorCode: NETWORK_ERROR_CODE, outcomeUnknown: true });
    expect(new Set(lost).size).toBe(2);
    for (const correlationId of lost) expect(error.message).toContain(correlationId);
  });

  it('names the earlier lost sends when the last send is lost too and no rounds are left', async () => {
    const clock = new JumpingClock();
    const lost: string[] = [];
    const fetch: FetchLike = async (url, init) => {
      if (init.method === 'POST' && url.includes('/api/')) {
        lost.push(init.headers['ININ-Correlation-Id']!);
        throw socketError('ECONNRESET');
      }
      return nodeHttpFetch(url, init);
    };
    rig = await startOrg({}, { fetch, now: clock.now, sleep: clock.sleep, maxAttempts: 2 });
    const error = (await rig.target.create(draft('customer')).catch((e: unknown) => e)) as ApiError;
    expect(error).toMatchObject({ outcomeUnknown: true, correlationId: lost[1] });
    expect(error.message).toContain(lost[0]!);
  });

  it('keeps the outcome unknown when the read back after it fails', async () => {
    const clock = new JumpingClock();
    rig = await startOrg({}, { now: clock.now, sleep: clock.sleep, maxAttempts: 2 });
    await rig.target.create(draft('customer'));
    let sentUpdate = false;
    const lostUpdate: FetchLike = async (url, init) => {
      if (init.method === 'PUT') {
        sentUpdate = true;
        throw socketError('ECONNRESET');
      }
      // Once the update is lost, the org cannot be reached at all.
      if (sentUpdate && url.includes('/api/')) throw socketError('ECONNREFUSED');
      return nodeHttpFetch(url, init);
    };
    const client = rig.client({ fetch: lostUpdate });
    const error = (await client.update({ ...draft('customer'), version: 2 }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ method: 'GET', errorCode: NETWORK_ERROR_CODE, outcomeUnknown: true });
  });

  it('is a conflict, its outcome still unknown, when the read back finds the schema written past it', async () => {
    const clock = new JumpingClock();
    rig = await startOrg({}, { now: clock.now, sleep: clock.sleep, maxAttempts: 3 });
    await rig.target.create(draft('customer'));
    const someone = rig.other;
    let lost = '';
    // The update never reaches the org: while it is on its way someone else writes versions 2 and 3.
    const overtaken: FetchLike = async (url, init) => {
      if (init.method === 'PUT' && lost === '') {
        lost = init.headers['ININ-Correlation-Id']!;
        await someone.update({ ...draft('customer'), description: 'theirs', version: 2 });
        await someone.update({ ...draft('customer'), description: 'theirs', status: 'PUBLISHED', version: 3 });
        throw socketError('ECONNRESET');
      }
      return nodeHttpFetch(url, init);
    };
    const client = rig.client({ fetch: overtaken });
    const error = (await client.update({ ...draft('customer'), version: 2 }).catch((e: unknown) => e)) as ApiError;
    // Not the reset's error (a failure apply cannot act on): a conflict, which apply plans again. The lost send
    // may still land, as far as the client can tell, and is named.
    expect(error).toMatchObject({ status: 0, errorCode: OVERTAKEN_ERROR_CODE, method: 'PUT', outcomeUnknown: true });
    expect(error.message).toContain('the read back finds customer at version 3 (PUBLISHED)');
    expect(error.message).toContain(`[correlation id ${lost}] got no clear answer and may still be applied`);
    // Never sent again over someone else's version: the org took only their two PUTs.
    expect(rig.emulator.requestLog().filter((e) => e.method === 'PUT')).toHaveLength(2);
    expect(rig.emulator.versions('customer')).toHaveLength(3);
  });
});
