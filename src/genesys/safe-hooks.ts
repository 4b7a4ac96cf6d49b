/**
 * Hooks are observers: one that throws must not fail, retry or slow down the request it watches, so every call
 * goes through here.
 */
import type { TransportHooks } from './transport-hooks.js';

export type SafeHooks = Required<TransportHooks>;

export function safeHooks(hooks: TransportHooks): SafeHooks {
  return {
    onResponse: (event) => call(() => hooks.onResponse?.(event)),
    onRetry: (event) => call(() => hooks.onRetry?.(event)),
    onThrottle: (event) => call(() => hooks.onThrottle?.(event)),
    onWait: (event) => call(() => hooks.onWait?.(event)),
  };
}

function call(fn: () => void): void {
  try {
    fn();
  } catch {
    // An observer's failure is the observer's problem; the request carries on.
  }
}
