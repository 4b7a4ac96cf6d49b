/**
 * Client-side pacing (API.md "On every API response"): the platform no longer says how much of its limit is
 * left, so the client paces itself at a configured rate, cuts that rate on every 429 and earns it back slowly.
 *
 * - Pacing is GCRA (a token bucket expressed as a "theoretical arrival time"): with `burst` 1 the requests
 *   leave evenly spaced, so no window of a minute, fixed or sliding, ever sees more than the rate.
 * - A 429 pauses every waiting request until its Retry-After has passed, and multiplies the rate by
 *   DECREASE_FACTOR, unless the request was sent before the previous cut: a burst of 429s from one overload
 *   is one signal, not eight.
 * - After the pause the rate grows back linearly, by a tenth of the configured rate per minute, so when the
 *   org's real limit is lower than configured the client settles just under it and meets a 429 rarely.
 * - The legacy inin-ratelimit-* headers are used only when a response carries them: when the count left is
 *   already spoken for by the requests in flight, everyone waits for the reset.
 * - Concurrency is bounded separately; waiting for a slot and waiting for the pace both count as throttling.
 */

export interface RateLimiterOptions {
  ratePerMinute: number;
  concurrency: number;
  /** Requests that may leave back to back after an idle spell. */
  burst: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export interface Permit {
  /** When the request was let go, on the limiter's clock. */
  readonly issuedAt: number;
  /** Time spent waiting for this permit. */
  readonly waitedMs: number;
  release(): void;
}

export interface LegacyRateLimit {
  allowed: number;
  count: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

export const DECREASE_FACTOR = 0.7;
/** The share of the configured rate regained per minute without a 429. */
export const RECOVERY_PER_MINUTE = 0.1;
/** The rate never drops below this share of the configured rate. */
export const FLOOR_SHARE = 0.05;
/** The pause after a 429 that carried no Retry-After. */
export const DEFAULT_PAUSE_MS = 1000;

export class AdaptiveRateLimiter {
  private readonly configured: number;
  private readonly floor: number;
  private readonly concurrency: number;
  private readonly burst: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  /** Theoretical arrival time of the next request (GCRA). */
  private tat = -Infinity;
  private pausedUntil = -Infinity;
  /** Bumped whenever planned departures become stale (a pause or a cut): waiters plan again. */
  private epoch = 0;
  private rateAtCut: number;
  /** Rate recovery starts here: the end of the pause that came with the last cut. */
  private recoverFrom = -Infinity;
  private lastCutAt = -Infinity;
  private inFlight = 0;
  private readonly slotWaiters: Array<() => void> = [];

  constructor(options: RateLimiterOptions) {
    this.configured = options.ratePerMinute;
    this.floor = Math.max(Math.min(1, options.ratePerMinute), options.ratePerMinute * FLOOR_SHARE);
    this.rateAtCut = options.ratePerMinute;
    this.concurrency = Math.max(1, Math.floor(options.concurrency));
    this.burst = Math.max(1, Math.floor(options.burst));
    this.now = options.now;
    this.sleep = options.sleep;
  }

  /** The pace in force at `at`, in requests per minute. */
  currentRate(at: number = this.now()): number {
    const recovered = this.rateAtCut + ((this.configured * RECOVERY_PER_MINUTE) / 60_000) * Math.max(0, at - this.recoverFrom);
    return Math.min(this.configured, recovered);
  }

  /** Requests holding a permit. */
  get active(): number {
    return this.inFlight;
  }

  async acquire(): Promise<Permit> {
    const start = this.now();
    await this.takeSlot();
    try {
      for (;;) {
        const epoch = this.epoch;
        const at = this.now();
        const departure = this.reserve(at);
        if (departure > at) await this.sleep(departure - at);
        // A 429 while this request waited makes its planned departure stale: plan again under the new pace.
        if (epoch === this.epoch && this.now() >= this.pausedUntil) break;
      }
    } catch (error) {
      this.releaseSlot();
      throw error;
    }
    const issuedAt = this.now();
    let released = false;
    return {
      issuedAt,
      waitedMs: issuedAt - start,
      release: () => {
        if (released) return;
        released = true;
        this.releaseSlot();
      },
    };
  }

  /** A 429 answered a request sent under `permit`. */
  onRateLimited(permit: Permit, retryAfterMs: number | undefined): void {
    const at = this.now();
    const until = at + (retryAfterMs ?? DEFAULT_PAUSE_MS);
    if (permit.issuedAt >= this.lastCutAt) {
      this.rateAtCut = Math.max(this.floor, this.currentRate(at) * DECREASE_FACTOR);
      this.lastCutAt = at;
      this.recoverFrom = Math.max(until, this.pausedUntil);
    }
    this.pauseUntil(until);
  }

  /** A response carried the legacy headers. */
  onLegacyHeaders(limit: LegacyRateLimit): void {
    const left = limit.allowed - limit.count;
    // The requests in flight besides the one that just answered will each use one of what is left.
    if (left <= this.inFlight - 1) this.pauseUntil(this.now() + Math.max(0, limit.resetSeconds) * 1000);
  }

  private pauseUntil(until: number): void {
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    // Resume evenly paced, not with a burst of everyone who waited.
    this.tat = until + (this.burst - 1) * (60_000 / this.currentRate(until));
    this.epoch++;
  }

  /** GCRA: the departure time of the next request, booked at once so concurrent callers get later slots. */
  private reserve(at: number): number {
    const interval = 60_000 / this.currentRate(at);
    const tolerance = (this.burst - 1) * interval;
    const departure = Math.max(at, this.tat - tolerance, this.pausedUntil);
    this.tat = Math.max(this.tat, departure) + interval;
    return departure;
  }

  private takeSlot(): Promise<void> {
    if (this.inFlight < this.concurrency) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.slotWaiters.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.slotWaiters.shift();
    // The slot passes straight to the next waiter, so inFlight stays the same.
    if (next !== undefined) next();
    else this.inFlight--;
  }
}
