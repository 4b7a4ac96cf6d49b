/**
 * What the client reports while it works, for metrics and progress. Payloads carry no headers, bodies, tokens or
 * secrets: only what is listed. A hook that throws is ignored, because watching a request must never change its
 * outcome.
 */
export type RetryReason = 'rate-limit' | 'server-error' | 'network' | 'timeout' | 'token-expired';

/** One logical call finished, after its retries. */
export interface ResponseEvent {
  method: string;
  /** The route template (`/api/v2/customobjects/schemas/{externalId}`), not the path: bounded label values. */
  route: string;
  /** Final status of the call; 0 when no response arrived (network failure or timeout). */
  status: number;
  /** The whole call: every attempt and every wait. */
  latencyMs: number;
  /** The number of attempts made. */
  attempt: number;
  correlationId: string;
  /** True when the caller takes the final status as an answer: 2xx or 3xx, or one it expects (404 for "none"). */
  answered: boolean;
  /** Set on a read made to learn what an earlier call did: that call's correlation id. */
  readsBack?: string;
}

/** An attempt failed and will be made again after `waitMs`; `attempt` is the number of the failed attempt. */
export interface RetryEvent {
  method: string;
  route: string;
  reason: RetryReason;
  attempt: number;
  waitMs: number;
}

/** A request waited in the client-side limiter (pacing, concurrency or a Retry-After pause) before it was sent. */
export interface ThrottleEvent {
  waitMs: number;
}

/**
 * The client-side limiter is about to hold requests back for 2 s or more: after a 429 (`rate-limit-pause`, until
 * its Retry-After has passed) or to stay within the rate (`rate-window`, until enough of the window has passed).
 */
export interface WaitEvent {
  reason: 'rate-limit-pause' | 'rate-window';
  waitMs: number;
  /** When the wait ends, in milliseconds since the epoch (on the client's clock). */
  until: number;
}

export interface TransportHooks {
  onResponse?(event: ResponseEvent): void;
  onRetry?(event: RetryEvent): void;
  onThrottle?(event: ThrottleEvent): void;
  onWait?(event: WaitEvent): void;
}
