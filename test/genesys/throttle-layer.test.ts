import { describe, expect, it } from 'vitest';
import { AdaptiveRateLimiter } from '../../src/genesys/adaptive-rate-limiter.js';
import type { ApiRequest, ApiResponse } from '../../src/genesys/api-request.js';
import { createClientStats } from '../../src/genesys/client-stats.js';
import { safeHooks } from '../../src/genesys/safe-hooks.js';
import { throttleLayer } from '../../src/genesys/throttle-layer.js';
import { TransportFailure } from '../../src/genesys/transport-failure.js';
import { LEAST_ATTEMPT_MS } from '../../src/genesys/transport-layer.js';
import { VirtualClock } from './helpers/virtual-clock.js';

const answer: ApiResponse = { status: 200, headers: new Headers(), body: undefined, correlationId: 'c' };

describe('throttleLayer and a deadline', () => {
  it('refuses at once a request the limiter would let go with too little of its deadline left to send', async () => {
    const clock = new VirtualClock();
    const limiter = new AdaptiveRateLimiter({ ratePerMinute: 300, concurrency: 4, now: clock.now, sleep: clock.sleep });
    const stats = createClientStats({ logins: 0 });
    const sent: ApiRequest[] = [];
    const send = throttleLayer(limiter, {
      apiHost: 'api.mypurecloud.com',
      now: clock.now,
      sendMarginMs: LEAST_ATTEMPT_MS,
      stats,
      hooks: safeHooks({}),
    })(async (request) => {
      sent.push(request);
      return answer;
    });
    const permit = await clock.run(limiter.acquire());
    const pausedAt = clock.now();
    limiter.onRateLimited(permit, 40_000);
    permit.release();
    const request: ApiRequest = { method: 'PUT', route: '/r', path: '/x', correlationId: 'c' };
    const pauseEnd = pausedAt + 40_000;
    const refused = await clock
      .run(send({ ...request, deadline: pauseEnd + LEAST_ATTEMPT_MS }))
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TransportFailure);
    expect(refused).toMatchObject({ reason: 'timeout', requestSent: false, deadline: true });
    expect(clock.sleeps).toEqual([]);
    expect(sent).toEqual([]);
    // With more than a second left once the pause is over, it waits the pause out and goes.
    await clock.run(send({ ...request, deadline: pauseEnd + LEAST_ATTEMPT_MS + 1 }));
    expect(sent).toHaveLength(1);
    expect(clock.now()).toBe(pauseEnd);
  });
  it('says a request that comes with too little of its deadline left was not held by the limiter', async () => {
    const clock = new VirtualClock();
    const limiter = new AdaptiveRateLimiter({ ratePerMinute: 300, concurrency: 4, now: clock.now, sleep: clock.sleep });
    const send = throttleLayer(limiter, {
      apiHost: 'api.mypurecloud.com',
      now: clock.now,
      sendMarginMs: LEAST_ATTEMPT_MS,
      stats: createClientStats({ logins: 0 }),
      hooks: safeHooks({}),
    })(async () => answer);
    const request: ApiRequest = { method: 'GET', route: '/r', path: '/x', correlationId: 'c' };
    const refused = await clock
      .run(send({ ...request, deadline: clock.now() + LEAST_ATTEMPT_MS }))
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ reason: 'timeout', requestSent: false, deadline: true });
    expect((refused as TransportFailure).detail).toBe(
      'too little of the operation deadline was left to send the request',
    );
  });
});

describe('throttleLayer and an abandoned call', () => {
  it('fails a request abandoned while the limiter holds it as abandoned, never sent, whatever its deadline', async () => {
    const clock = new VirtualClock();
    const limiter = new AdaptiveRateLimiter({ ratePerMinute: 300, concurrency: 4, now: clock.now, sleep: clock.sleep });
    const sent: ApiRequest[] = [];
    const send = throttleLayer(limiter, {
      apiHost: 'api.mypurecloud.com',
      now: clock.now,
      sendMarginMs: LEAST_ATTEMPT_MS,
      stats: createClientStats({ logins: 0 }),
      hooks: safeHooks({}),
    })(async (request) => {
      sent.push(request);
      return answer;
    });
    const permit = await clock.run(limiter.acquire());
    limiter.onRateLimited(permit, 40_000);
    permit.release();
    const abandon = new AbortController();
    const request: ApiRequest = { method: 'PUT', route: '/r', path: '/x', correlationId: 'c', signal: abandon.signal };
    // Abandoned 10 s into the pause; its deadline would have let it wait the pause out.
    void clock.sleep(10_000).then(() => abandon.abort('abandoned by SIGINT'));
    const refused = await clock.run(send({ ...request, deadline: clock.now() + 60_000 })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TransportFailure);
    expect(refused).toMatchObject({
      reason: 'network',
      requestSent: false,
      abandoned: true,
      deadline: false,
      detail: 'abandoned by SIGINT',
    });
    expect(sent).toEqual([]);
  });
});
