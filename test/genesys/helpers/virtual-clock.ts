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
 * Time that runs `factor` times faster than real time, for the client and the emulator alike: a minute-long
 * rate window passes in a fraction of a second, and concurrent requests still overlap as they would.
 */
export class ScaledClock {
  private readonly realStart = performance.now();
  private readonly start = Date.now();

  constructor(private readonly factor: number) {}

  readonly now = (): number => this.start + (performance.now() - this.realStart) * this.factor;

  readonly sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => setTimeout(resolve, Math.max(0, ms) / this.factor));
}
