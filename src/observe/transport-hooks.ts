/**
 * The events the API client reports, declared here structurally so that observe depends on no client code
 * (src/genesys/client-options.ts has the same shape: an object of this type can be passed as its hooks).
 */
export type RetryReason = 'rate-limit' | 'server-error' | 'network' | 'timeout' | 'token-expired';

export interface ResponseEvent {
  method: string;
  /** The route template (`/api/v2/customobjects/schemas/{externalId}`), not the path: bounded label values. */
  route: string;
  /** Final status of one logical call, after its retries; 0 when no response arrived. */
  status: number;
  /** The whole call: every attempt and every wait. */
  latencyMs: number;
  attempt: number;
  correlationId: string;
}

export interface RetryEvent {
  method: string;
  route: string;
  reason: RetryReason;
  attempt: number;
  waitMs: number;
}

export interface ThrottleEvent {
  waitMs: number;
}

export interface TransportHooks {
  onResponse?(event: ResponseEvent): void;
  onRetry?(event: RetryEvent): void;
  onThrottle?(event: ThrottleEvent): void;
}
