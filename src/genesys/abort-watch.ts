/**
 * The waits of a call that end when the call is abandoned (its `signal` aborted: docs/client.md "Abandoning a
 * write"). One signal is shared by every call of a run (a second Ctrl-C abandons them all), and dozens of those may
 * wait at once: queued for the rate limiter, behind a login, in a backoff. A listener of its own for each wait would
 * make Node warn of a leak once a signal holds more than ten (MaxListenersExceededWarning). So a signal gets one
 * listener, which calls back every wait that is still registered on it.
 */

/** A wait of `ms` milliseconds that may end early, resolved, once `signal` is aborted. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `callback` once `signal` is aborted, unless the returned function was called first. The caller looks at
 * `signal.aborted` before: a signal already aborted calls nothing back.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = waiting.get(signal);
  if (callbacks === undefined) {
    const registered = new Set<() => void>();
    callbacks = registered;
    waiting.set(signal, registered);
    signal.addEventListener(
      'abort',
      () => {
        waiting.delete(signal);
        for (const call of registered) call();
      },
      { once: true },
    );
  }
  const own = callbacks;
  own.add(callback);
  return () => {
    own.delete(callback);
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
