/**
 * The outermost layer: one `onResponse` per logical call, with the latency of the whole call (attempts and
 * waits), so metrics count operations, while the retry and throttle layers report their own events.
 */
import type { ApiRequest, Layer } from './api-request.js';
import type { SafeHooks } from './safe-hooks.js';
import { ApiError } from './api-error.js';

function answered(request: ApiRequest, status: number): boolean {
  return (status >= 200 && status < 400) || (request.answers?.includes(status) ?? false);
}

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
        answered: answered(request, response.status),
        ...(request.readsBack === undefined ? {} : { readsBack: request.readsBack }),
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
        answered: false,
        ...(request.readsBack === undefined ? {} : { readsBack: request.readsBack }),
      });
      throw error;
    }
  };
}
