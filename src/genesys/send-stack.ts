/**
 * Assembles the layers, observe -> retry -> throttle -> auth -> transport (docs/architecture.md), from the resolved
 * options, and keeps the parts the target needs to report on.
 */
import { sleepUnlessAborted } from './abort-watch.js';
import { AdaptiveRateLimiter } from './adaptive-rate-limiter.js';
import { stackLayers, type ApiRequest, type Send } from './api-request.js';
import { authLayer } from './auth-layer.js';
import { resolveEndpoints, type Endpoints } from './client-config.js';
import type { ResolvedClientOptions } from './client-options.js';
import { createClientStats, type ClientStats } from './client-stats.js';
import { observeLayer } from './observe-layer.js';
import { backoffDelay, retryLayer } from './retry-layer.js';
import { safeHooks, type SafeHooks } from './safe-hooks.js';
import { createSecretRedactor, type SecretRedactor } from './secret-redactor.js';
import { throttleLayer } from './throttle-layer.js';
import type { RetryReason } from './transport-hooks.js';
import { createTokenSource, type TokenSource } from './token-source.js';
import { createTransport, sendMarginFor } from './transport-layer.js';

export interface SendStack {
  send: Send;
  endpoints: Endpoints;
  stats: ClientStats;
  tokens: TokenSource;
  limiter: AdaptiveRateLimiter;
  redactor: SecretRedactor;
  hooks: SafeHooks;
  /**
   * The backoff before a write is sent again after a send with an unknown outcome (schema-writes.ts), counted as a
   * retry; ended at once when the write is abandoned (its request's `signal` aborted).
   */
  beforeResend: (request: ApiRequest, reason: RetryReason, round: number) => Promise<void>;
}

export function createSendStack(options: ResolvedClientOptions): SendStack {
  const endpoints = resolveEndpoints(options.credentials.domain, options.credentials.sources?.domain);
  const hooks = safeHooks(options.hooks);
  const redactor = createSecretRedactor([options.credentials.clientSecret]);
  const tokens = createTokenSource({
    credentials: options.credentials,
    tokenUrl: endpoints.tokenUrl,
    fetch: options.fetch,
    now: options.now,
    sleep: options.sleep,
    random: options.random,
    requestTimeoutMs: options.requestTimeoutMs,
    userAgent: options.userAgent,
    onToken: (token) => redactor.add(token),
    redact: redactor.redact,
  });
  const stats = createClientStats(tokens);
  const limiter = new AdaptiveRateLimiter({
    ratePerMinute: options.rateLimitPerMinute,
    concurrency: options.concurrency,
    now: options.now,
    sleep: options.sleep,
    onWait: (wait) => hooks.onWait(wait),
  });
  const sendMarginMs = sendMarginFor(options);
  const transport = createTransport({
    apiBase: endpoints.apiBase,
    fetch: options.fetch,
    now: options.now,
    requestTimeoutMs: options.requestTimeoutMs,
    sendMarginMs,
    userAgent: options.userAgent,
    stats,
    redact: redactor.redact,
  });
  const send = stackLayers(
    [
      observeLayer({ now: options.now, hooks }),
      retryLayer({
        apiBase: endpoints.apiBase,
        now: options.now,
        sleep: options.sleep,
        random: options.random,
        maxAttempts: options.maxAttempts,
        operationDeadlineMs: options.operationDeadlineMs,
        sendMarginMs,
        stats,
        hooks,
      }),
      throttleLayer(limiter, {
        apiHost: new URL(endpoints.apiBase).host,
        now: options.now,
        sendMarginMs,
        stats,
        hooks,
      }),
      authLayer(tokens),
    ],
    transport,
  );
  const beforeResend = async (request: ApiRequest, reason: RetryReason, round: number): Promise<void> => {
    const waitMs = backoffDelay(round, options.random);
    stats.retries++;
    hooks.onRetry({ method: request.method, route: request.route, reason, attempt: round, waitMs });
    if (waitMs > 0) await sleepUnlessAborted(options.sleep, waitMs, request.signal);
  };
  return { send, endpoints, stats, tokens, limiter, redactor, hooks, beforeResend };
}
