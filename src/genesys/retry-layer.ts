/**
 * Sends an attempt again when that is safe and useful, within a bounded number of attempts and the
 * operation's deadline:
 * - 429, any method: the platform refused before doing anything; wait what Retry-After says.
 * - 401, any method, once per call: the token was refused before anything was done; the auth layer has dropped
 *   it, so the next attempt logs in afresh. This one resend does not count against maxAttempts (a token that
 *   expires mid-call is not the call's fault); a second 401 goes back as it is: a new token did not help.
 * - 500/502/503/504 and network failures or timeouts: only for GET and DELETE, or when the request provably
 *   never left (connection refused, login failed). A write whose outcome is unknown comes back to the caller,
 *   which resolves it by reading back (docs/architecture.md): a write is never sent twice blindly.
 * - Never after a failure that the deadline caused before sending (the rate limiter or a login would have held
 *   the request past it): no attempt would fit. Nor once the call is abandoned (its `signal` aborted): the
 *   caller wants nothing more of it sent.
 * - Never when the wait would end within the send margin before the deadline: the transport would refuse the next
 *   attempt as not sent, so the failure in hand goes back at once, not a wait ended by a refusal. After a 401 the
 *   failure is that refusal (not sent, the deadline): the 401 only asked for a fresh token.
 * Waits are exponential with full jitter (a uniform draw up to base * 2^attempt), so clients that failed
 * together do not come back together.
 */
import { sleepUnlessAborted, type Sleep } from './abort-watch.js';
import { apiErrorFromFailure } from './api-error.js';
import {
  headerValue,
  isIdempotent,
  type ApiRequest,
  type ApiResponse,
  type Layer,
  type RetrySummary,
} from './api-request.js';
import type { RetryReason } from './transport-hooks.js';
import type { ClientStats } from './client-stats.js';
import { parseRetryAfter } from './retry-after.js';
import type { SafeHooks } from './safe-hooks.js';
import { abandonedFailure, TransportFailure } from './transport-failure.js';
import { tooLateToSend } from './transport-layer.js';

export interface RetryContext {
  apiBase: string;
  now: () => number;
  sleep: Sleep;
  random: () => number;
  maxAttempts: number;
  operationDeadlineMs: number;
  /** The least of its deadline an attempt is sent with (sendMarginFor, transport-layer.ts). */
  sendMarginMs: number;
  stats: ClientStats;
  hooks: SafeHooks;
}

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_CAP_MS = 30_000;
const RETRYABLE_STATUSES = new Set([500, 502, 503, 504]);

export function backoffDelay(attempt: number, random: () => number): number {
  return Math.floor(random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1)));
}

export function retryLayer(context: RetryContext): Layer {
  const host = new URL(context.apiBase).host;
  return (next) => async (request) => {
    const deadline = context.now() + context.operationDeadlineMs;
    let waitedMs = 0;
    let rateLimited = 0;
    let tokenRefreshed = false;
    for (let attempt = 1; ; attempt++) {
      let response: ApiResponse | undefined;
      let failure: TransportFailure | undefined;
      try {
        // An abandoned call starts no attempt, whatever the last one's answer (docs/client.md "Abandoning a write").
        if (request.signal?.aborted === true) throw abandonedFailure(host, request.signal);
        response = await next({ ...request, attempt, deadline });
      } catch (error) {
        if (!(error instanceof TransportFailure)) throw error;
        failure = error;
      }
      if (response?.status === 429) rateLimited++;
      const summary = (): RetrySummary => ({ attempts: attempt, waitedMs, rateLimited });
      const reason =
        response !== undefined
          ? responseRetryReason(request, response, tokenRefreshed)
          : failureRetryReason(request, failure as TransportFailure);
      // The token resend is free: attempts and backoff count from the attempts that could have failed.
      const counted = tokenRefreshed ? attempt - 1 : attempt;
      const waitMs =
        reason === undefined || reason === 'token-expired' ? 0 : retryWait(reason, response, counted, context);
      const outOfAttempts = reason !== 'token-expired' && counted >= context.maxAttempts;
      const tooLate = context.now() + waitMs >= deadline - context.sendMarginMs;
      const giveUp = reason === undefined || outOfAttempts || tooLate;
      if (giveUp) {
        // A 401 resend is only a login and a send: when the deadline leaves no time for them, the call ran out of
        // time, not out of tokens. Given back, the 401 would read as refused even with a fresh token.
        if (reason === 'token-expired')
          throw apiErrorFromFailure(request, tooLateFailure(host, deadline, context.now()), context.apiBase, summary());
        if (response !== undefined) return { ...response, retry: summary() };
        throw apiErrorFromFailure(request, failure as TransportFailure, context.apiBase, summary());
      }
      if (reason === 'token-expired') tokenRefreshed = true;
      context.stats.retries++;
      context.hooks.onRetry({ method: request.method, route: request.route, reason, attempt, waitMs });
      // An abandon ends the wait at once: the next round finds the call abandoned and starts no attempt.
      const waitFrom = context.now();
      if (waitMs > 0) await sleepUnlessAborted(context.sleep, waitMs, request.signal);
      waitedMs += request.signal?.aborted === true ? Math.min(waitMs, context.now() - waitFrom) : waitMs;
    }
  };
}

/** The failure of a resend that the deadline leaves too little time to send, as the transport would refuse it. */
function tooLateFailure(host: string, deadline: number, now: number): TransportFailure {
  return new TransportFailure('timeout', host, tooLateToSend(deadline, now), false, { deadline: true });
}

function responseRetryReason(
  request: ApiRequest,
  response: ApiResponse,
  tokenRefreshed: boolean,
): RetryReason | undefined {
  if (response.status === 429) return 'rate-limit';
  if (response.status === 401 && !tokenRefreshed) return 'token-expired';
  if (RETRYABLE_STATUSES.has(response.status) && isIdempotent(request.method)) return 'server-error';
  return undefined;
}

function failureRetryReason(request: ApiRequest, failure: TransportFailure): RetryReason | undefined {
  // The deadline passed, or would pass before the request could go: another attempt would not fit either.
  if (failure.deadline || failure.abandoned) return undefined;
  if (!isIdempotent(request.method) && failure.requestSent) return undefined;
  return failure.reason;
}

function retryWait(
  reason: RetryReason,
  response: ApiResponse | undefined,
  attempt: number,
  context: RetryContext,
): number {
  const retryAfter =
    response === undefined ? undefined : parseRetryAfter(headerValue(response.headers, 'retry-after'), context.now());
  if (retryAfter !== undefined && (reason === 'rate-limit' || reason === 'server-error')) return retryAfter;
  return backoffDelay(attempt, context.random);
}
