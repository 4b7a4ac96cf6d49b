/**
 * Holds each attempt in the adaptive limiter before it is sent, and tells the limiter what came back: a 429
 * with its Retry-After, or the legacy rate-limit headers when a gateway sends them. An attempt that would wait
 * past the last moment its call's deadline leaves to send it (the transport's sendMarginMs before it) fails as a
 * timeout before sending, as the transport fails one that late (docs/client.md "Retries"); one whose call is
 * abandoned while it waits fails as abandoned, as the transport refuses to send one once its call is abandoned.
 */
import { headerValue, type Layer } from './api-request.js';
import {
  DeadlineWouldPass,
  WaitAbandoned,
  type AdaptiveRateLimiter,
  type LegacyRateLimit,
  type Permit,
} from './adaptive-rate-limiter.js';
import type { ClientStats } from './client-stats.js';
import type { ResponseHeaders } from './node-http-fetch.js';
import { parseRetryAfter } from './retry-after.js';
import type { SafeHooks } from './safe-hooks.js';
import { abandonedFailure, TransportFailure } from './transport-failure.js';
import { tooLateToSend } from './transport-layer.js';

export function throttleLayer(
  limiter: AdaptiveRateLimiter,
  context: { apiHost: string; now: () => number; sendMarginMs: number; stats: ClientStats; hooks: SafeHooks },
): Layer {
  return (next) => async (request) => {
    // Come too late to be sent at all, the request was not held: the limiter's refusal would say it was.
    if (request.deadline !== undefined && context.now() >= request.deadline - context.sendMarginMs)
      throw new TransportFailure('timeout', context.apiHost, tooLateToSend(request.deadline, context.now()), false, {
        deadline: true,
      });
    let permit: Permit;
    try {
      // Let go later, the transport would not send it: it would only take room in the window.
      permit = await limiter.acquire(
        request.deadline === undefined ? undefined : request.deadline - context.sendMarginMs,
        request.signal,
      );
    } catch (error) {
      // Abandoned while it waited: never sent, as the retry layer and the transport refuse it.
      if (error instanceof WaitAbandoned) throw abandonedFailure(context.apiHost, error.signal);
      if (!(error instanceof DeadlineWouldPass)) throw error;
      throw new TransportFailure('timeout', context.apiHost, error.message, false, { deadline: true });
    }
    // Only a request the limiter actually held counts as paced: passing through it takes a few ticks anyway.
    if (permit.held) {
      context.stats.throttledMs += permit.waitedMs;
      context.hooks.onThrottle({ waitMs: permit.waitedMs });
    }
    // An attempt that never left (refused behind a login at its deadline or its abandon, a connection refused, a
    // send too late for its deadline) was not counted by the server either: it takes no room in the window.
    let sent = true;
    try {
      const response = await next(request);
      if (response.status === 429) {
        context.stats.rateLimited++;
        limiter.onRateLimited(permit, parseRetryAfter(headerValue(response.headers, 'retry-after'), context.now()));
      } else {
        limiter.onAccepted(permit);
      }
      const legacy = legacyRateLimit(response.headers);
      if (legacy !== undefined) limiter.onLegacyHeaders(legacy);
      return response;
    } catch (error) {
      if (error instanceof TransportFailure && !error.requestSent) sent = false;
      throw error;
    } finally {
      permit.release(sent);
    }
  };
}

/** `inin-ratelimit-allowed`, `-count`, `-reset` (seconds): all three or nothing. */
export function legacyRateLimit(headers: ResponseHeaders): LegacyRateLimit | undefined {
  const allowed = Number(headers.get('inin-ratelimit-allowed') ?? NaN);
  const count = Number(headers.get('inin-ratelimit-count') ?? NaN);
  const resetSeconds = Number(headers.get('inin-ratelimit-reset') ?? NaN);
  if (![allowed, count, resetSeconds].every(Number.isFinite)) return undefined;
  return { allowed, count, resetSeconds };
}
