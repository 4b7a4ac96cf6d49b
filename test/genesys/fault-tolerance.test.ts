import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { ApiError } from '../../src/genesys/api-error.js';
import type { RetryReason } from '../../src/genesys/transport-hooks.js';
import { startOrg, type TestOrg } from '../support/org-rig.js';
import { draft } from '../support/schema-builders.js';
import { JumpingClock, SettlingClock } from './helpers/virtual-clock.js';
import { fetchUrl } from '../support/fetch-url.js';

let rig: TestOrg | undefined;
afterEach(async () => {
  await rig?.emulator.stop();
  rig = undefined;
});

type Retry = { method: string; route: string; reason: RetryReason; attempt: number; waitMs: number };

/** A fetch that notes, on the test clock, when each API request left and when each 429 came back. */
function timedFetch(clock: JumpingClock) {
  const sent: number[] = [];
  const rateLimitedAt: Array<{ at: number; retryAfterMs: number }> = [];
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const isApi = fetchUrl(input).includes('/api/');
    if (isApi) sent.push(clock.now());
    const response = await fetch(input, init);
    if (isApi && response.status === 429)
      rateLimitedAt.push({ at: clock.now(), retryAfterMs: Number(response.headers.get('retry-after')) * 1000 });
    return response;
  };
  return { fetch: fetchFn, sent, rateLimitedAt };
}

describe('faults against the emulator', () => {
  it('rides out a 429 storm, waiting what Retry-After says, every waiting request included', async () => {
    const clock = new JumpingClock();
    const timed = timedFetch(clock);
    const retries: Retry[] = [];
    rig = await startOrg(
      { now: clock.now, faults: { rateLimit: 0.3, retryAfterSeconds: 3 }, seed: 11 },
      {
        now: clock.now,
        sleep: clock.sleep,
        fetch: timed.fetch,
        maxAttempts: 10,
        concurrency: 4,
        hooks: { onRetry: (e) => retries.push(e) },
      },
    );
    const created = await Promise.all(Array.from({ length: 30 }, (_, i) => rig!.target.create(draft(`s${i}`))));
    expect(created).toHaveLength(30);
    expect(rig.emulator.schemas()).toHaveLength(30);

    const injected = rig.emulator.requestLog().filter((e) => e.status === 429);
    expect(injected.length).toBeGreaterThan(5);
    expect(rig.target.stats().rateLimited).toBe(injected.length);
    // Each 429 was retried after exactly its Retry-After...
    expect(retries.filter((r) => r.reason === 'rate-limit').map((r) => r.waitMs)).toEqual(injected.map(() => 3000));
    // ...and no request at all left during the pause that followed it (past the instant it takes the answer
    // to reach the limiter, when a request already let go may still leave).
    for (const limited of timed.rateLimitedAt) {
      const early = timed.sent.filter((t) => t > limited.at + 100 && t < limited.at + limited.retryAfterMs);
      expect(early).toEqual([]);
    }
  });

  it('meets few 429s when the org allows less than configured, and loses no time to them', async () => {
    // Two orgs allow 20 a minute; one client is configured at 60, the other at the real 20. They share one clock,
    // which moves only when both are waiting: the timeline is the same on a loaded machine as on an idle one.
    const clock = new SettlingClock();
    const onClock = { now: clock.now, sleep: clock.sleep, fetch: clock.fetch };
    rig = await startOrg(
      { now: clock.now, rateLimitPerMinute: 20 },
      { ...onClock, rateLimitPerMinute: 60, concurrency: 2 },
    );
    const informedOrg = await startEmulator({ now: clock.now, rateLimitPerMinute: 20 });
    try {
      const informed = rig.client({
        credentials: {
          clientId: informedOrg.demoClient.id,
          clientSecret: informedOrg.demoClient.secret,
          domain: informedOrg.url,
        },
        rateLimitPerMinute: 20,
      });
      const runOf = async (client: typeof informed): Promise<number> => {
        const start = clock.now();
        for (let batch = 0; batch < 12; batch++)
          await Promise.all(Array.from({ length: 10 }, (_, i) => client.get(`s${batch}_${i}`)));
        return clock.now() - start;
      };
      const [overconfigured, exact] = await clock.run(Promise.all([runOf(rig.target), runOf(informed)]));
      const log = rig.emulator.requestLog().filter((e) => e.path.startsWith('/api/'));
      const limited = log.filter((e) => e.status === 429).length;
      expect(log.filter((e) => e.status === 404)).toHaveLength(120);
      // Configured at three times the real limit, the client meets the limit, cuts its rate on the first 429s and
      // then probes upwards now and then: a 429 now and then, never one per request.
      expect(limited).toBeGreaterThan(0);
      expect(limited / log.length).toBeLessThan(0.1);
      // A pause after a 429 only waits out a window already used: it finishes within a window of the client
      // that knew the limit.
      expect(overconfigured).toBeLessThan(exact + 60_000);
      expect(informedOrg.requestLog().filter((e) => e.status === 429)).toHaveLength(0);
    } finally {
      await informedOrg.stop();
    }
  });

  it('gives up after bounded attempts with a message that says how often and how long it waited', async () => {
    const clock = new JumpingClock();
    rig = await startOrg(
      { faults: { rateLimit: 1, retryAfterSeconds: 2 } },
      { now: clock.now, sleep: clock.sleep, maxAttempts: 4 },
    );
    const error = (await rig.target.list().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(429);
    expect(error.rateLimited).toBe(4);
    expect(error.waitedMs).toBe(6000);
    expect(error.message).toContain('rate limited (429 too.many.requests.retry.after) 4 times');
    expect(error.message).toContain('after 4 attempts and 6.0 s of waiting');
  });

  it('survives injected 5xx and resets on reads and writes, with every write applied exactly once', async () => {
    const clock = new JumpingClock();
    const reasons = new Set<RetryReason>();
    rig = await startOrg(
      { faults: { status: { 500: 0.05, 502: 0.05, 503: 0.1 }, reset: 0.1 }, seed: 3 },
      { now: clock.now, sleep: clock.sleep, concurrency: 4, hooks: { onRetry: (e) => reasons.add(e.reason) } },
    );
    const { target } = rig;
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        await target.create(draft(`s${i}`));
        await target.update({ ...draft(`s${i}`), version: 2, name: `Renamed ${i}` });
      }),
    );
    for (let i = 0; i < 5; i++) await target.delete(`s${i}`);
    const listed = await target.list();
    expect(listed.map((s) => s.externalId).sort()).toEqual(Array.from({ length: 15 }, (_, i) => `s${i + 5}`).sort());
    for (let i = 5; i < 20; i++) {
      const versions = rig.emulator.versions(`s${i}`);
      expect(versions.map((v) => [v.version, v.name])).toEqual([
        [1, `The s${i}`],
        [2, `Renamed ${i}`],
      ]);
    }
    const log = rig.emulator.requestLog();
    expect(log.filter((e) => e.fault === 'status').length).toBeGreaterThan(3);
    expect(log.filter((e) => e.fault === 'reset').length).toBeGreaterThan(3);
    expect(reasons).toEqual(new Set(['server-error', 'network']));
    expect(target.stats().retries).toBeGreaterThan(5);
  });

  it('resolves writes that succeed slowly by reading back: no duplicate versions', async () => {
    rig = await startOrg(
      { faults: { slowSuccess: 0.5, slowSuccessMs: 10_000 }, seed: 5 },
      { requestTimeoutMs: 400, concurrency: 8 },
    );
    const { target } = rig;
    const results = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const created = await target.create(draft(`s${i}`));
        const second = await target.update({ ...draft(`s${i}`), version: 2, status: 'PUBLISHED' });
        const third = await target.update({ ...draft(`s${i}`), version: 3, status: 'PUBLISHED', name: 'Third' });
        return [created.version, second.version, third.version];
      }),
    );
    expect(results).toEqual(Array.from({ length: 12 }, () => [1, 2, 3]));
    const log = rig.emulator.requestLog();
    expect(log.filter((e) => e.fault === 'slowSuccess').length).toBeGreaterThan(5);
    for (let i = 0; i < 12; i++) {
      const versions = rig.emulator.versions(`s${i}`);
      expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
      expect(versions[2]?.name).toBe('Third');
    }
    // Every write held back was resolved by reading the schema back.
    const slow = log.filter((e) => e.fault === 'slowSuccess').length;
    const readBacks = log.filter(
      (e) => e.method === 'GET' && e.path.startsWith('/api/v2/customobjects/schemas/'),
    ).length;
    expect(readBacks).toBeGreaterThanOrEqual(slow);
    // A write is sent again only when the read back showed it had not landed: never blindly, never more
    // often than it timed out.
    const writes = log.filter((e) => (e.method === 'POST' || e.method === 'PUT') && e.path.startsWith('/api/')).length;
    expect(writes).toBeLessThanOrEqual(36 + (readBacks - slow));
  });
});
