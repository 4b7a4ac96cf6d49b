/** Counters of one client, for `CustomObjectsTarget.stats()` and the apply summary. */
export interface ClientStats {
  /** HTTP requests sent to the API (every attempt; logins excluded). */
  requests: number;
  /** Attempts made again after a 429, a 5xx or a network failure. */
  retries: number;
  /** Responses answered 429. */
  rateLimited: number;
  /** Time requests spent waiting in the client-side limiter. */
  throttledMs: number;
}

export function createClientStats(): ClientStats {
  return { requests: 0, retries: 0, rateLimited: 0, throttledMs: 0 };
}
