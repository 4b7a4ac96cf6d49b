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
  /** Logins made (client-credentials token requests), as counted by the token source. */
  readonly logins: number;
}

/** The live counters the layers add to; spreading it takes a snapshot. */
export function createClientStats(tokens: { readonly logins: number }): ClientStats {
  return {
    requests: 0,
    retries: 0,
    rateLimited: 0,
    throttledMs: 0,
    get logins() {
      return tokens.logins;
    },
  };
}
