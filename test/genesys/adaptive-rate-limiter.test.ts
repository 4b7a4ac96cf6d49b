import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AdaptiveRateLimiter,
  ANNOUNCED_WAIT_MS,
  DeadlineWouldPass,
  EARLY_SHARE,
  MAX_DECREASE_FACTOR,
  PROBE_DELAY_WINDOWS,
  RECOVERY_STEP,
  SHORT_RETRY_AFTER_MS,
  WINDOW_MS,
  WaitAbandoned,
  type LimiterWait,
  type Permit,
} from '../../src/genesys/adaptive-rate-limiter.js';
import { VirtualClock } from './helpers/virtual-clock.js';

/** `count` requests let go and accepted by the server. */
async function accept(clock: VirtualClock, l: AdaptiveRateLimiter, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const permit = await clock.run(l.acquire());
    l.onAccepted(permit);
    permit.release();
  }
}

/** What `promise` settled with, or 'waiting': time is fake, so whatever could settle it has already run. */
function settledOrWaiting<T>(promise: Promise<T>): Promise<T | 'waiting'> {
  return Promise.race([promise, Promise.resolve('waiting' as const)]);
}

function limiter(clock: VirtualClock, ratePerMinute: number, concurrency = 100): AdaptiveRateLimiter {
  return new AdaptiveRateLimiter({ ratePerMinute, concurrency, now: clock.now, sleep: clock.sleep });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('AdaptiveRateLimiter', () => {
  it('lets a burst up to the rate go at once, then waits for the oldest answer to age out of the window', async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    const l = limiter(clock, 10);
    const first = await clock.run(Promise.all(Array.from({ length: 10 }, () => l.acquire())));
    expect(first.every((p) => p.waitedMs === 0)).toBe(true);
    clock.advance(500);
    for (const permit of first) permit.release();
    const eleventh = await clock.run(l.acquire());
    // Counted until 60 s after its answer: the server may have counted it as late as that.
    expect(eleventh.issuedAt).toBe(start + 500 + WINDOW_MS);
    expect(eleventh.waitedMs).toBe(WINDOW_MS);
  });

  it('bounds the requests in flight', async () => {
    const clock = new VirtualClock();
    const l = limiter(clock, 1000, 2);
    const a = await l.acquire();
    await l.acquire();
    let thirdIssued = false;
    const third = l.acquire().then((p) => {
      thirdIssued = true;
      return p;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(thirdIssued).toBe(false);
    expect(l.inFlight).toBe(2);
    a.release();
    a.release(); // a second release does nothing
    await third;
    expect(thirdIssued).toBe(true);
    expect(l.inFlight).toBe(2);
  });

  it('pauses every waiting request until Retry-After has passed, and cuts the rate once per overload', async () => {
    const clock = new VirtualClock();
    const l = limiter(clock, 100, 8);
    await accept(clock, l, 40);
    const start = clock.now();
    const inFlight = await clock.run(Promise.all(Array.from({ length: 8 }, () => l.acquire())));
    // Two more wait: 48 answered and two sent fill the cut rate of 50.
    const waiting = Array.from({ length: 2 }, () => l.acquire());
    // All eight in flight are answered 429 with the window's reset far off: one overload, one cut.
    for (const permit of inFlight) {
      l.onRateLimited(permit, 10_000);
      permit.release();
    }
    // 40 accepted at a rate of 100: the cut stops at half.
    expect(l.currentRate(start)).toBeCloseTo(100 * MAX_DECREASE_FACTOR);
    const resumed = await clock.run(Promise.all(waiting));
    for (const permit of resumed) expect(permit.issuedAt).toBeGreaterThanOrEqual(start + 10_000);
  });

  it('does not take a 429 with a short Retry-After for the limit: it pauses, and the rate is whole after', async () => {
    const clock = new VirtualClock();
    const l = limiter(clock, 300, 8);
    await accept(clock, l, 100);
    const start = clock.now();
    const permit = await clock.run(l.acquire());
    l.onRateLimited(permit, SHORT_RETRY_AFTER_MS);
    permit.release();
    expect(l.currentRate()).toBe(300);
    const next = await clock.run(l.acquire());
    expect(next.issuedAt).toBe(start + SHORT_RETRY_AFTER_MS);
  });

  it('does not take a 429 early in a window for the limit, whatever its Retry-After', async () => {
    const clock = new VirtualClock();
    const l = limiter(clock, 300, 8);
    // Fewer than a quarter of the rate accepted so far in this window.
    await accept(clock, l, Math.ceil(300 * EARLY_SHARE) - 1);
    const permit = await clock.run(l.acquire());
    l.onRateLimited(permit, 30_000);
    expect(l.currentRate()).toBe(300);
    // The same after a quarter: now it is the limit.
    permit.release();
    await accept(clock, l, Math.ceil(300 * EARLY_SHARE));
    l.onRateLimited(await clock.run(l.acquire()), 30_000);
    expect(l.currentRate()).toBe(150);
  });

  it('announces a wait of ANNOUNCED_WAIT_MS or more, with why and until when, and no shorter one', async () => {
    const clock = new VirtualClock();
    const waits: LimiterWait[] = [];
    const l = new AdaptiveRateLimiter({
      ratePerMinute: 300,
      concurrency: 8,
      now: clock.now,
      sleep: clock.sleep,
      onWait: (w) => void waits.push(w),
    });
    const first = await clock.run(l.acquire());
    l.onRateLimited(first, ANNOUNCED_WAIT_MS - 1);
    first.release();
    (await clock.run(l.acquire())).release();
    expect(waits).toEqual([]);
    const second = await clock.run(l.acquire());
    const at = clock.now();
    l.onRateLimited(second, 4000);
    second.release();
    (await clock.run(l.acquire())).release();
    expect(waits).toEqual([{ reason: 'rate-limit-pause', until: at + 4000, waitMs: 4000 }]);
  });

  it('cuts to what the server accepted in the window, by at least one and at most by half', async () => {
    const clock = new VirtualClock();
    const l = limiter(clock, 60, 100);
    const answer = async (count: number): Promise<void> => {
      const permits = await clock.run(Promise.all(Array.from({ length: count }, () => l.acquire())));
      for (const permit of permits) {
        l.onAccepted(permit);
        permit.release();
      }
    };
    await answer(20);
    const first = await clock.run(l.acquire());
    l.onRateLimited(first, 60_000);
    first.release();
    // 20 accepted at a rate of 60: the cut stops at half.
    expect(l.currentRate()).toBe(30);
    await answer(20);
    const second = await clock.run(l.acquire());
    l.onRateLimited(second, 60_000);
    // 20 accepted again at 30: that is the limit.
    expect(l.currentRate()).toBe(20);
    second.release();
    // A 429 after the server accepted all the rate allows still cuts, by one.
    await answer(20);
    l.onRateLimited(await clock.run(l.acquire()), 60_000);
    expect(l.currentRate()).toBe(19);
  });

  it('earns the rate back one step a window, once PROBE_DELAY_WINDOWS windows passed without a 429', () => {
    const clock = new VirtualClock();
    const l = limiter(clock, 300);
    const permit: Permit = { issuedAt: clock.now(), held: false, waitedMs: 0, release: () => undefined };
    for (let i = 0; i < 100; i++) l.onAccepted(permit);
    l.onRateLimited(permit, 10_000);
    const cut = 300 * MAX_DECREASE_FACTOR;
    const pauseEnd = clock.now() + 10_000;
    expect(l.currentRate(pauseEnd)).toBe(cut);
    expect(l.currentRate(pauseEnd + (PROBE_DELAY_WINDOWS - 1) * WINDOW_MS + WINDOW_MS - 1)).toBe(cut);
    expect(l.currentRate(pauseEnd + PROBE_DELAY_WINDOWS * WINDOW_MS)).toBeCloseTo(cut + 300 * RECOVERY_STEP);
    expect(l.currentRate(pauseEnd + (PROBE_DELAY_WINDOWS + 1) * WINDOW_MS)).toBeCloseTo(cut + 2 * 300 * RECOVERY_STEP);
    expect(l.currentRate(pauseEnd + 3_600_000)).toBe(300);
  });

  it('never drops below the floor, however many 429s', () => {
    const clock = new VirtualClock();
    const l = limiter(clock, 300);
    for (let i = 0; i < 50; i++) {
      // Each time past the last pause, with a quarter of the rate accepted: a 429 that tells of the limit.
      clock.advance(10_001);
      const permit: Permit = { issuedAt: clock.now(), held: false, waitedMs: 0, release: () => undefined };
      for (let n = 0; n <= l.currentRate() * EARLY_SHARE; n++) l.onAccepted(permit);
      l.onRateLimited(permit, 10_000);
    }
    expect(l.currentRate(clock.now())).toBeCloseTo(15);
  });

  it('waits for the reset when the legacy headers say what is left is spoken for', async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    const l = limiter(clock, 1000, 4);
    const permits = await clock.run(Promise.all(Array.from({ length: 3 }, () => l.acquire())));
    // Two left in the window, two other requests in flight: they will use them.
    l.onLegacyHeaders({ allowed: 10, count: 8, resetSeconds: 7 });
    permits.forEach((p) => p.release());
    const next = await clock.run(l.acquire());
    expect(next.issuedAt).toBe(start + 7000);
    // Plenty left: no pause.
    l.onLegacyHeaders({ allowed: 10, count: 1, resetSeconds: 50 });
    next.release();
    const after = await clock.run(l.acquire());
    expect(after.waitedMs).toBe(0);
  });

  it('counts a request let go before the next one looks, whatever microtask the next one arrives in', async () => {
    // A request can reach the limiter at any point of another's admission, e.g. when a slot passes to it from an
    // answer's chain of promises: each offset below is one such moment, with a budget of one request.
    for (let offset = 0; offset < 40; offset++) {
      const clock = new VirtualClock();
      const l = limiter(clock, 1, 2);
      const first = l.acquire();
      let arrival = Promise.resolve();
      for (let i = 0; i < offset; i++) arrival = arrival.then(() => undefined);
      const second = arrival.then(() => l.acquire());
      let secondIssued = false;
      void second.then(() => (secondIssued = true));
      const permit = await first;
      await new Promise((resolve) => setImmediate(resolve));
      expect({ offset, inFlight: l.inFlight, secondIssued }).toEqual({ offset, inFlight: 1, secondIssued: false });
      // Room opens only when the first answer ages out of the window.
      permit.release();
      const next = await clock.run(second);
      expect(next.issuedAt).toBe(permit.issuedAt + WINDOW_MS);
    }
  });

  it('never lets more than the rate reach a fixed or a sliding server window, whatever the latency', async () => {
    const clock = new VirtualClock();
    const rate = 40;
    const l = limiter(clock, rate, 6);
    // A reproducible spread of latencies, 20 ms to 2 s.
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const arrivals: number[] = [];
    const one = async (): Promise<void> => {
      const permit = await l.acquire();
      const latency = 20 + random() * 1980;
      const arrival = clock.now() + random() * latency;
      arrivals.push(arrival);
      await clock.sleep(latency);
      permit.release();
    };
    await clock.run(Promise.all(Array.from({ length: 200 }, one)));
    arrivals.sort((a, b) => a - b);
    // Sliding: any 60 s ending at an arrival.
    for (let i = 0; i < arrivals.length; i++) {
      const inWindow = arrivals.filter(
        (t) => t > (arrivals[i] as number) - WINDOW_MS && t <= (arrivals[i] as number),
      ).length;
      expect(inWindow).toBeLessThanOrEqual(rate);
    }
    // Fixed, opening at the first arrival and again at the first arrival after each close.
    let windowStart = arrivals[0] as number;
    let count = 0;
    for (const t of arrivals) {
      if (t >= windowStart + WINDOW_MS) {
        windowStart = t;
        count = 0;
      }
      count++;
      expect(count).toBeLessThanOrEqual(rate);
    }
    // And it used the room it had: 200 requests at 40 a minute take about five windows, not much more.
    expect((arrivals.at(-1) as number) - (arrivals[0] as number)).toBeLessThan(5 * WINDOW_MS);
  });
});

describe('AdaptiveRateLimiter and a deadline', () => {
  it('refuses at once, holding nothing, a request that would get room in the window only after its deadline', async () => {
    const clock = new VirtualClock();
    const l = limiter(clock, 1, 4);
    await accept(clock, l, 1);
    const answeredAt = clock.now();
    const refused = await clock.run(l.acquire(clock.now() + 30_000)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DeadlineWouldPass);
    expect(clock.now()).toBe(answeredAt);
    expect(clock.sleeps).toEqual([]);
    expect(l.inFlight).toBe(0);
    // The refused request took no room: the next one goes the moment the first answer ages out.
    const next = await clock.run(l.acquire());
    expect(next.issuedAt).toBe(answeredAt + WINDOW_MS);
  });

  it('refuses at once a request whose deadline comes before a Retry-After pause ends', async () => {
    const clock = new VirtualClock();
    const l = limiter(clock, 300, 4);
    const first = await clock.run(l.acquire());
    const pausedAt = clock.now();
    l.onRateLimited(first, 40_000);
    first.release();
    expect(await clock.run(l.acquire(pausedAt + 40_000)).catch((e: unknown) => e)).toBeInstanceOf(DeadlineWouldPass);
    expect(clock.sleeps).toEqual([]);
    // One whose deadline comes later waits the pause out.
    expect((await clock.run(l.acquire(pausedAt + 40_001))).issuedAt).toBe(pausedAt + 40_000);
  });

  it('refuses at once a request queued behind one that sleeps out a pause ending past its deadline', async () => {
    vi.useFakeTimers();
    const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
    const l = new AdaptiveRateLimiter({ ratePerMinute: 300, concurrency: 4, now: Date.now, sleep });
    const first = await l.acquire();
    const pausedAt = Date.now();
    l.onRateLimited(first, 40_000);
    first.release();
    const ahead = l.acquire();
    await vi.advanceTimersByTimeAsync(0);
    const queued = l.acquire(pausedAt + 10_000).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    expect(await settledOrWaiting(queued)).toBeInstanceOf(DeadlineWouldPass);
    expect(Date.now()).toBe(pausedAt);
    await vi.advanceTimersByTimeAsync(40_000);
    expect(await settledOrWaiting(ahead)).toMatchObject({ issuedAt: pausedAt + 40_000 });
    expect(l.inFlight).toBe(1);
  });

  it('stops queueing for a concurrency slot at its deadline, and leaves the slot to the next in line', async () => {
    vi.useFakeTimers();
    const l = new AdaptiveRateLimiter({ ratePerMinute: 1000, concurrency: 1, now: Date.now, sleep: vi.fn() });
    const holder = await l.acquire();
    const late = l.acquire(Date.now() + 1000).catch((e: unknown) => e);
    const patient = l.acquire();
    await vi.advanceTimersByTimeAsync(999);
    expect(await settledOrWaiting(late)).toBe('waiting');
    await vi.advanceTimersByTimeAsync(1);
    expect(await settledOrWaiting(late)).toBeInstanceOf(DeadlineWouldPass);
    holder.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(await settledOrWaiting(patient)).toMatchObject({ held: true });
    expect(l.inFlight).toBe(1);
  });

  it('stops waiting for an answer to make room at its deadline, and is not counted', async () => {
    vi.useFakeTimers();
    const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
    const l = new AdaptiveRateLimiter({ ratePerMinute: 1, concurrency: 4, now: Date.now, sleep });
    const first = await l.acquire();
    // With one request a minute and one in flight, only its answer can make room.
    const late = l.acquire(Date.now() + 5000).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5000);
    expect(await settledOrWaiting(late)).toBeInstanceOf(DeadlineWouldPass);
    expect(l.inFlight).toBe(1);
    first.release();
    const answeredAt = Date.now();
    const next = l.acquire();
    await vi.advanceTimersByTimeAsync(WINDOW_MS);
    expect(await settledOrWaiting(next)).toMatchObject({ issuedAt: answeredAt + WINDOW_MS });
  });
});

describe('requests abandoned while they wait', () => {
  /** What keeps the next request waiting, which `hold` sets up in a limiter of that rate and concurrency. */
  const waits: Array<[string, { ratePerMinute: number; concurrency: number }, (l: AdaptiveRateLimiter) => unknown]> = [
    ['queued for a concurrency slot', { ratePerMinute: 1000, concurrency: 1 }, (l) => l.acquire()],
    [
      'sleeping out a Retry-After pause',
      { ratePerMinute: 300, concurrency: 4 },
      async (l) => {
        const first = await l.acquire();
        l.onRateLimited(first, 40_000);
        first.release();
      },
    ],
    [
      'queued behind a turn that sleeps out a pause',
      { ratePerMinute: 300, concurrency: 4 },
      async (l) => {
        const first = await l.acquire();
        l.onRateLimited(first, 40_000);
        first.release();
        return l.acquire();
      },
    ],
    ['waiting for an answer to make room', { ratePerMinute: 1, concurrency: 4 }, (l) => l.acquire()],
    [
      'sleeping until room opens in the window',
      { ratePerMinute: 1, concurrency: 4 },
      async (l) => (await l.acquire()).release(),
    ],
  ];

  it.each(waits)('are refused as abandoned, with the reason, not as past a deadline: %s', async (_wait, rate, hold) => {
    vi.useFakeTimers();
    const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
    const l = new AdaptiveRateLimiter({ ...rate, now: Date.now, sleep });
    void hold(l);
    await vi.advanceTimersByTimeAsync(0);
    const inFlight = l.inFlight;
    const abandon = new AbortController();
    const waiting = l.acquire(Date.now() + 10 * WINDOW_MS, abandon.signal).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await settledOrWaiting(waiting)).toBe('waiting');
    abandon.abort('abandoned by SIGINT');
    await vi.advanceTimersByTimeAsync(0);
    const refused = await settledOrWaiting(waiting);
    expect(refused).toBeInstanceOf(WaitAbandoned);
    expect(refused).not.toBeInstanceOf(DeadlineWouldPass);
    expect(refused).toMatchObject({
      cause: 'abandoned by SIGINT',
      message: 'the call was abandoned while the rate limiter held its request: abandoned by SIGINT',
    });
    expect(l.inFlight).toBe(inFlight);
  });

  it('refuses a request abandoned before it came as abandoned, though its deadline too would pass', async () => {
    const clock = new VirtualClock();
    const l = limiter(clock, 300, 4);
    const first = await clock.run(l.acquire());
    l.onRateLimited(first, 40_000);
    first.release();
    const reason = new Error('deploy cancelled');
    const refused = await clock.run(l.acquire(clock.now() + 1000, AbortSignal.abort(reason))).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WaitAbandoned);
    expect(refused).toMatchObject({
      cause: reason,
      message: 'the call was abandoned while the rate limiter held its request',
    });
    // Not abandoned, the same request is refused for its deadline.
    const late = await clock.run(l.acquire(clock.now() + 1000, new AbortController().signal)).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(DeadlineWouldPass);
    expect(clock.sleeps).toEqual([]);
  });

  it('leave no slot, turn or count behind, whatever is abandoned when', async () => {
    const request = fc.record({
      // The signal it carries (one of three shared ones), or none.
      signal: fc.integer({ min: -1, max: 2 }),
      holdSeconds: fc.integer({ min: 0, max: 3 }),
      rateLimited: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(request, { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 3, maxLength: 3 }),
        async (requests, abortAfterSeconds) => {
          const clock = new VirtualClock();
          const l = new AdaptiveRateLimiter({ ratePerMinute: 3, concurrency: 2, now: clock.now, sleep: clock.sleep });
          const controllers = abortAfterSeconds.map(() => new AbortController());
          const aborts = abortAfterSeconds.map(async (seconds, i) => {
            await clock.sleep(seconds * 1000);
            controllers[i]!.abort('abandoned');
          });
          const calls = requests.map(async (r) => {
            const permit = await l.acquire(undefined, r.signal < 0 ? undefined : controllers[r.signal]!.signal);
            if (r.holdSeconds > 0) await clock.sleep(r.holdSeconds * 1000);
            if (r.rateLimited) l.onRateLimited(permit, 5000);
            else l.onAccepted(permit);
            permit.release();
          });
          // Every call ends, let go or refused: run() throws when one would wait for ever.
          const outcomes = await clock.run(Promise.allSettled([...calls, ...aborts]));
          for (const [i, outcome] of outcomes.slice(0, requests.length).entries()) {
            if (outcome.status === 'rejected') {
              expect(outcome.reason).toBeInstanceOf(WaitAbandoned);
              expect(requests[i]!.signal).toBeGreaterThanOrEqual(0);
            }
          }
          expect(l.inFlight).toBe(0);
          // Every slot was given back: as many requests as the concurrency allows are let go at once.
          clock.advance(10 * WINDOW_MS);
          const permits = await clock.run(Promise.all([l.acquire(), l.acquire()]));
          expect(l.inFlight).toBe(2);
          for (const permit of permits) permit.release();
        },
      ),
      { numRuns: 150 },
    );
  });
});
