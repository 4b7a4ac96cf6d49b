import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, TIMEOUT_ERROR_CODE } from '../../src/genesys/api-error.js';
import { startOrg, type TestOrg } from '../support/org-rig.js';
import { draft } from '../support/schema-builders.js';
import { JumpingClock } from './helpers/virtual-clock.js';

let rig: TestOrg | undefined;
afterEach(async () => {
  await rig?.emulator.stop();
  rig = undefined;
});

const apiRequests = (r: TestOrg) => r.emulator.requestLog().filter((e) => e.path.startsWith('/api/'));

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
    expect(error.message).toContain('did not answer POST /api/v2/customobjects/schemas');
    expect(apiRequests(rig)).toHaveLength(1);
    // It took no room in the rate either: once the first request has aged out, the write goes at once.
    clock.advance(60_000);
    const throttled = rig.target.stats().throttledMs;
    expect(await rig.target.create(draft('second'))).toMatchObject({ externalId: 'second' });
    expect(rig.target.stats().throttledMs).toBe(throttled);
    expect(apiRequests(rig)).toHaveLength(2);
  });
});
