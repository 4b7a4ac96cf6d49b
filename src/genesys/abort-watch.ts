/**
 * The waits of a call that end when the call is abandoned (its `signal` aborted: docs/client.md "Abandoning a
 * write"). One signal is shared by every call of a run (a second Ctrl-C abandons them all), and dozens of those may
 * wait at once: queued for the rate limiter, behind a login, in a backoff. A listener of its own for each wait would
 * make Node warn of a leak once a signal holds more than ten (MaxListenersExceededWarning). So a signal gets one
 * listener, which calls back every wait that is still registered on it, and which is removed with the last of them:
 * Node keeps a signal made by `AbortSignal.any()` or `AbortSignal.timeout()` alive while it has a listener, and
 * a caller may make one for each write.
 */

/** A wait of `ms` milliseconds that may end early, resolved, once `signal` is aborted. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The waits registered on a signal, and the one listener that calls them back. */
interface Waits {
  readonly callbacks: Set<() => void>;
  readonly listener: () => void;
}

const waiting = new WeakMap<AbortSignal, Waits>();

/**
 * Calls `callback` once `signal` is aborted, unless the returned function was called first. The caller looks at
 * `signal.aborted` before: a signal already aborted calls nothing back.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let waits = waiting.get(signal);
  if (waits === undefined) {
    const callbacks = new Set<() => void>();
    const listener = (): void => {
      waiting.delete(signal);
      for (const call of callbacks) call();
    };
    waits = { callbacks, listener };
    waiting.set(signal, waits);
    signal.addEventListener('abort', listener, { once: true });
  }
  const own = waits;
  own.callbacks.add(callback);
  return () => {
    if (!own.callbacks.delete(callback) || own.callbacks.size > 0 || waiting.get(signal) !== own) return;
    waiting.delete(signal);
    signal.removeEventListener('abort', own.listener);
  };
}

/**
 * `sleep(ms, signal)`, ended as soon as `signal` is aborted, whether or not that sleep looks at the signal (an
 * injected one may not): the caller then finds the signal aborted and stops.
 */
export async function sleepUnlessAborted(sleep: Sleep, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return sleep(ms);
  if (signal.aborted) return;
  let stop: () => void = () => undefined;
  const aborted = new Promise<void>((resolve) => (stop = onAbort(signal, resolve)));
  try {
    await Promise.race([sleep(ms, signal), aborted]);
  } finally {
    stop();
  }
}

/** setTimeout as a Sleep: its timer is cleared when the signal is aborted, so that it keeps no process alive. */
export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    let stop: () => void = () => undefined;
    const timer = setTimeout(() => {
      stop();
      resolve();
    }, ms);
    if (signal !== undefined)
      stop = onAbort(signal, () => {
        clearTimeout(timer);
        resolve();
      });
  });
}
