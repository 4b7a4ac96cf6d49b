/**
 * The moment a call's deadline comes, for the waits before its attempt is sent: a turn of the rate limiter and a
 * login (docs/client.md "Retries"). The deadline is a time on the client's clock; what is left of it is measured by
 * a timer, as the transport measures its timeout, and the timer is unref'd so that it never keeps the process alive
 * (what the call waits for does, while it is pending). The clock is read to arm the timer, and by `passed()`: a
 * check made once the clock has reached the deadline sees it passed even before the timer fires. A wait that races
 * `reached` ends when the timer fires, after what was left of the deadline when it was armed, however an injected
 * clock moves meanwhile; or as soon as the call is abandoned (its `signal` aborted, docs/client.md "Abandoning a
 * write"), which ends its waits as its deadline would.
 */
import { onAbort } from './abort-watch.js';

export interface DeadlineWatch {
  /** Resolves when the timer fires or the signal is aborted; never rejects. */
  readonly reached: Promise<void>;
  /** True once the timer has fired, the clock has reached the deadline or the signal is aborted; stays true. */
  passed(): boolean;
  /** The wait is over: the timer is cleared, and the signal no longer watched. */
  stop(): void;
}

/** setTimeout's longest delay; a longer one is waited in steps. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** Watches `deadline` (undefined: none, never reached) on the clock `now`, and `signal`, when given. */
export function watchDeadline(deadline: number | undefined, now: () => number, signal?: AbortSignal): DeadlineWatch {
  let fired = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let fire: () => void = () => undefined;
  let unwatchSignal: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => {
    fire = () => {
      fired = true;
      resolve();
    };
  });
  const arm = (): void => {
    if (deadline === undefined || !Number.isFinite(deadline)) return;
    const left = deadline - now();
    timer = setTimeout(() => (left > LONGEST_TIMER_MS ? arm() : fire()), Math.min(Math.max(0, left), LONGEST_TIMER_MS));
    timer.unref?.();
  };
  if (signal?.aborted === true) fire();
  else {
    arm();
    if (signal !== undefined) unwatchSignal = onAbort(signal, () => fire());
  }
  return {
    reached,
    passed: () => fired || signal?.aborted === true || (deadline !== undefined && now() >= deadline),
    stop: () => {
      clearTimeout(timer);
      unwatchSignal();
    },
  };
}
