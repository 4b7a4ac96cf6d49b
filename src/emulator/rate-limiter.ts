/**
 * The per-token rate limit (docs/api-contract.md: 300 requests a minute per client-credentials token by default).
 * A fixed window: it opens at a token's first request and lasts 60 s; the request that would go past the limit
 * gets 429 with Retry-After counting the whole seconds until the window closes (at least 1). Refused requests
 * do not count. Read from the injectable clock, so tests move time instead of waiting.
 */

export const WINDOW_MS = 60_000;

interface Window {
  start: number;
  count: number;
}

export type RateDecision =
  | { allowed: true; limit: number; count: number; resetSeconds: number }
  | { allowed: false; limit: number; count: number; retryAfterSeconds: number };

/** Past this many windows, closed ones are dropped. */
const PRUNE_AT = 10_000;

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly now: () => number,
    private perMinute: number,
  ) {}

  get limit(): number {
    return this.perMinute;
  }

  /** 0 turns the limit off. Open windows keep their counts. */
  setLimit(perMinute: number): void {
    this.perMinute = perMinute;
  }

  /** Undefined when the limit is off. */
  take(key: string): RateDecision | undefined {
    if (this.perMinute <= 0) return undefined;
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now >= window.start + WINDOW_MS) {
      if (!window && this.windows.size >= PRUNE_AT) this.prune(now);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    const seconds = Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
    if (window.count >= this.perMinute)
      return { allowed: false, limit: this.perMinute, count: window.count, retryAfterSeconds: seconds };
    window.count++;
    return { allowed: true, limit: this.perMinute, count: window.count, resetSeconds: seconds };
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (now >= window.start + WINDOW_MS) this.windows.delete(key);
  }
}
