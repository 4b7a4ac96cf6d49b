/**
 * The outermost layer: one `onResponse` per logical call, with the latency of the whole call (attempts and
 * waits), so metrics count operations, while the retry and throttle layers report their own events.
 */
import type { Layer } from './api-request.js';
import type { SafeHooks } from './safe-hooks.js';
import { ApiError } from './api-error.js';

export function observeLayer(context: { now: () => number; hooks: SafeHooks }): Layer {
  return (next) => async (request) => {
    const started = context.now();
    try {
      const response = await next(request);
      context.hooks.onResponse({
        method: request.method,
        route: request.route,
        status: response.status,
        latencyMs: context.now() - started,
        attempt: response.retry?.attempts ?? 1,
        correlationId: response.correlationId,
      });
      return response;
    } catch (error) {
      context.hooks.onResponse({
        method: request.method,
        route: request.route,
        status: error instanceof ApiError ? error.status : 0,
        latencyMs: context.now() - started,
        attempt: error instanceof ApiError ? error.retries + 1 : 1,
        correlationId: request.correlationId,
      });
      throw error;
    }
  };
}
