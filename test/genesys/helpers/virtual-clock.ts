/**
 * Time for unit tests: `sleep` parks the caller on a timer, and `run` lets every pending promise settle, then
 * jumps to the next timer, until the awaited promise settles. Nothing waits for real.
 */
export class VirtualClock {
  private time: number;
  private sequence = 0;
  private readonly timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
  /** Every sleep requested, in milliseconds, in order. */
  readonly sleeps: number[] = [];

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  readonly now = (): number => this.time;

  readonly sleep = (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    return new Promise((resolve) => {
      this.timers.push({ at: this.time + Math.max(0, ms), seq: this.sequence++, resolve });
    });
  };

  /** Moves time without firing timers (a clock jump between two calls). */
  advance(ms: number): void {
    this.time += ms;
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  async run<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) return promise;
      if (this.timers.length === 0)
        throw new Error('virtual clock: nothing to wait for, but the promise has not settled');
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift()!;
      this.time = Math.max(this.time, next.at);
      next.resolve();
    }
  }
}

/**
 * Time for integration tests, where real sockets are involved: the clock runs in real time plus an offset,
 * and `sleep` moves the offset to the wake-up time at once. Share it with the emulator (its `now` option) so
 * rate windows and token lifetimes follow the same clock.
 */
export class JumpingClock {
  private offset = 0;
  readonly sleeps: number[] = [];

  readonly now = (): number => Date.now() + this.offset;

  readonly sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    const target = this.now() + Math.max(0, ms);
    this.offset = Math.max(this.offset, target - Date.now());
    await new Promise((resolve) => setImmediate(resolve));
  };

  advance(ms: number): void {
    this.offset += ms;
  }
}

/**
 * Time for integration tests with real sockets that must not depend on the machine's speed: it stands still while
 * a request is in flight (give the clients `fetch`) or code is running, and moves to the earliest wake-up only when
 * every participant is asleep. A loaded machine then runs the same timeline as an idle one, only slower.
 */
export class SettlingClock {
  private time: number;
  private sequence = 0;
  private inFlight = 0;
  private readonly timers: Array<{ at: number; seq: number; resolve: () => void }> = [];

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  readonly now = (): number => this.time;

  readonly sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.timers.push({ at: this.time + Math.max(0, ms), seq: this.sequence++, resolve });
    });

  /** Node's fetch, counted as in flight until the whole body has arrived. */
  readonly fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    this.inFlight++;
    try {
      const response = await fetch(input, init);
      const body = await response.arrayBuffer();
      const empty = response.status === 204 || response.status === 304;
      return new Response(empty ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } finally {
      this.inFlight--;
    }
  }) as typeof fetch;

  async run<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      // Quiet means several turns of the event loop with nothing in flight: what a response set off has run.
      for (let quietTurns = 0; quietTurns < 5;) {
        await new Promise((resolve) => setImmediate(resolve));
        if (settled) return promise;
        if (this.inFlight > 0) {
          quietTurns = 0;
          await new Promise((resolve) => setTimeout(resolve, 1));
        } else quietTurns++;
      }
      if (this.timers.length === 0)
        throw new Error('settling clock: nothing in flight and nobody asleep, but the run has not finished');
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift()!;
      this.time = Math.max(this.time, next.at);
      next.resolve();
    }
  }
}
