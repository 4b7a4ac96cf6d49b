/**
 * The waits a call's abandon ends (src/genesys/abort-watch.ts, docs/client.md "Abandoning a write"): one listener
 * on a signal however many waits it ends, a sleep that ends at once, and a timer that does not outlive its wait.
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { onAbort, realSleep, sleepUnlessAborted } from '../../src/genesys/abort-watch.js';

/** The timers the process holds: a wait's timer left behind would keep the process alive. */
function timers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
}

describe('onAbort', () => {
  it('calls back every callback still registered, through one listener on the signal', () => {
    const abandon = new AbortController();
    const called: number[] = [];
    const stops = Array.from({ length: 30 }, (_, i) => onAbort(abandon.signal, () => called.push(i)));
    expect(getEventListeners(abandon.signal, 'abort')).toHaveLength(1);
    stops[3]!();
    abandon.abort();

    expect(called).toEqual(Array.from({ length: 30 }, (_, i) => i).filter((i) => i !== 3));
  });

  it('removes its listener with the last callback, so that the signal is not kept alive by it', () => {
    const run = new AbortController();
    const stops = [onAbort(run.signal, () => undefined), onAbort(run.signal, () => undefined)];
    stops[0]!();
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(1);
    stops[1]!();
    stops[1]!();
    expect(getEventListeners(run.signal, 'abort')).toEqual([]);
  });

  it('keeps one listener for callbacks registered after others were removed', () => {
    const abandon = new AbortController();
    onAbort(abandon.signal, () => undefined)();
    let called = false;
    onAbort(abandon.signal, () => (called = true));
    expect(getEventListeners(abandon.signal, 'abort')).toHaveLength(1);
    abandon.abort();
    expect(called).toBe(true);
  });
});

describe('realSleep', () => {
  it('ends at once when its signal is aborted, and clears its timer', async () => {
    const abandon = new AbortController();
    const before = timers();
    const sleeping = realSleep(60_000, abandon.signal);
    expect(timers()).toBe(before + 1);
    abandon.abort();
    await sleeping;
    expect(timers()).toBe(before);
  });

  it('does not wait at all on a signal already aborted', async () => {
    const before = timers();
    await realSleep(60_000, AbortSignal.abort());
    expect(timers()).toBe(before);
  });
});

describe('sleepUnlessAborted', () => {
  it('ends a sleep that ignores the signal once the signal is aborted', async () => {
    const abandon = new AbortController();
    const asked: Array<[number, AbortSignal | undefined]> = [];
    const never = (ms: number, signal?: AbortSignal): Promise<void> => {
      asked.push([ms, signal]);
      return new Promise<void>(() => undefined);
    };
    const waiting = sleepUnlessAborted(never, 5_000, abandon.signal);
    expect(asked).toEqual([[5_000, abandon.signal]]);
    abandon.abort();
    await waiting;
  });

  it('is the sleep itself without a signal, and no sleep at all once aborted', async () => {
    const asked: number[] = [];
    const sleep = (ms: number): Promise<void> => {
      asked.push(ms);
      return Promise.resolve();
    };
    await sleepUnlessAborted(sleep, 7, undefined);
    await sleepUnlessAborted(sleep, 9, AbortSignal.abort());
    expect(asked).toEqual([7]);
  });
});
