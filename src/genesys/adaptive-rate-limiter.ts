/**
 * Client-side pacing (docs/api-contract.md "On every API response"). The platform no longer says how much of its limit
 * is left, so the client keeps its own account, at a configured rate, cut on every 429 and earned back slowly.
 *
 * - The account is a sliding window: at most `rate` requests in any 60 s, each counted from the moment it is
 *   sent until 60 s after its answer. The platform's window is fixed and opens at the token's first request
 *   (docs/api-contract.md), so a burst at its start is allowed: a small deploy goes out at once, bounded only
 *   by the concurrency, and a large one uses each window to the full. Counting until 60 s after the answer
 *   (the latest moment the server can have counted it) keeps the client's window from reopening before the
 *   server's, whatever the latency, and keeps it safe against a sliding window as well.
 * - A 429 pauses every waiting request until its Retry-After has passed. It cuts the rate only when it tells
 *   of the org's limit: a Retry-After of more than SHORT_RETRY_AFTER_MS (the platform's says how long until its
 *   window resets), after at least EARLY_SHARE of the rate was accepted in the window. A 429 with a short
 *   Retry-After, or one that comes early in a window, is a hiccup (a gateway, a neighbour's burst): waiting out
 *   its Retry-After is all it takes, and the rate is whole again the moment the pause ends. Cutting on such a 429
 *   would turn a few stray 429s into minutes of pacing far below what the org allows. A 429 that does tell of
 *   the limit cuts the rate to what the server accepted in the window that just ended, which under a fixed window
 *   is its real limit, but at least by one and at most by half. A 429 answered to a request let go before the
 *   previous cut is the same overload, not a new signal.
 * - The rate is earned back additively, one step per window, after PROBE_DELAY_WINDOWS windows without a 429:
 *   when the org's real limit is lower than configured, the client settles on it and probes above it only now
 *   and then, so a large deploy meets a 429 rarely and loses no throughput to it. Requests beyond the rate
 *   known to be accepted go one at a time, so a probe that fails costs one 429, not one per request in flight.
 * - The legacy inin-ratelimit-* headers are used only when a response carries them: when what is left of the
 *   window is already spoken for by the requests in flight, everyone waits for the reset.
 * - Concurrency is bounded separately. Waiting for a slot and waiting for the account both count as throttling.
 * - A request may bring its call's deadline: it is not kept waiting past it (docs/client.md "Retries"). It is
 *   refused at once when a Retry-After pause in force ends at or past the deadline, wherever it would queue, and
 *   when, its turn come, room in the window opens at or past it; a wait with no known end (for a slot, behind
 *   other turns, for an answer) ends when the deadline comes. A refused request holds no slot and takes no room
 *   in the window, since it is never sent.
 */
import { sleepUnlessAborted, type Sleep } from './abort-watch.js';
import { watchDeadline, type DeadlineWatch } from './deadline-watch.js';

/** A request refused because the deadline it was given would pass before the limiter could let it go. */
export class DeadlineWouldPass extends Error {
  constructor() {
    super('the operation deadline would pass before the rate limiter let the request go');
    this.name = 'DeadlineWouldPass';
  }
}

/**
 * A request refused because its call was abandoned (its signal aborted) while it waited: the caller gave up on it,
 * which says nothing of its deadline. The signal's reason is the `cause`, as Node's own AbortError carries it.
 */
export class WaitAbandoned extends Error {
  constructor(readonly signal: AbortSignal) {
    super(`the call was abandoned while the rate limiter held its request${reasonText(signal.reason)}`, {
      cause: signal.reason,
    });
    this.name = 'WaitAbandoned';
  }
}

/** The abort's reason when it is text (`abandoned by SIGINT`), to end the message with. */
function reasonText(reason: unknown): string {
  return typeof reason === 'string' && reason !== '' ? `: ${reason}` : '';
}

/**
 * Why a request that can wait no longer is refused: its call abandoned, which comes first (the caller will use no
 * answer, whenever its deadline was), else its deadline.
 */
function refusal(signal: AbortSignal | undefined): WaitAbandoned | DeadlineWouldPass {
  return signal?.aborted === true ? new WaitAbandoned(signal) : new DeadlineWouldPass();
}

export interface RateLimiterOptions {
  ratePerMinute: number;
  concurrency: number;
  now: () => number;
  sleep: Sleep;
  /** Told of every wait of at least ANNOUNCED_WAIT_MS before it starts. */
  onWait?: (wait: LimiterWait) => void;
}

export interface Permit {
  /** When the request was let go, on the limiter's clock. */
  readonly issuedAt: number;
  /**
   * True when the limiter held the request back: it queued for a concurrency slot, slept for the rate or a
   * Retry-After pause, waited for an answer to make room, or queued behind a request that was held. A request
   * that passed straight through is not held, however long the event loop took to let it go.
   */
  readonly held: boolean;
  /** Time spent held back; 0 when the request was not held. */
  readonly waitedMs: number;
  /**
   * Call once the answer (or the failure) is in; later calls do nothing. `sent` false: the request never left (a
   * login it waited for, a refused connection, its call's deadline or abandon), and takes no room in the window.
   */
  release(sent?: boolean): void;
}

export interface LegacyRateLimit {
  allowed: number;
  count: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

export const WINDOW_MS = 60_000;
/** The deepest single cut: a 429 at most halves the rate. */
export const MAX_DECREASE_FACTOR = 0.5;
/** The share of the configured rate regained per window once recovery has started. */
export const RECOVERY_STEP = 0.05;
/** Windows without a 429 after a cut before the rate grows again. */
export const PROBE_DELAY_WINDOWS = 2;
/** The rate never drops below this share of the configured rate (nor below one request a minute). */
export const FLOOR_SHARE = 0.05;
/** The pause after a 429 that carried no Retry-After. */
export const DEFAULT_PAUSE_MS = 1000;
/** A Retry-After this short says "again in a moment", not "this window's allowance is spent". */
export const SHORT_RETRY_AFTER_MS = 5_000;
/** A 429 before this share of the current rate was accepted in the window comes too early to be the limit. */
export const EARLY_SHARE = 0.25;
/** A wait at least this long is announced through `onWait`, so that a person knows what apply waits for. */
export const ANNOUNCED_WAIT_MS = 2_000;

export type WaitReason = 'rate-limit-pause' | 'rate-window';

/** A wait the limiter is about to make: why, and until when on its clock. */
export interface LimiterWait {
  reason: WaitReason;
  until: number;
  waitMs: number;
}

export class AdaptiveRateLimiter {
  private readonly configured: number;
  private readonly floor: number;
  private readonly concurrency: number;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly onWait: (wait: LimiterWait) => void;

  /** Answer times of the requests that still count, oldest first; entries before `head` have aged out. */
  private readonly answered: number[] = [];
  private head = 0;
  /** Departure times of requests the server accepted (answered other than 429), oldest first. */
  private readonly accepted: number[] = [];
  private acceptedHead = 0;
  private lastPauseEnd = -Infinity;
  /** The rate set by the last cut: above it, in a window, requests are probes and go one at a time. */
  private probeAbove = Infinity;
  /** Requests let go and not answered yet. */
  private sending = 0;
  private pausedUntil = -Infinity;
  private rateAtCut: number;
  /** Recovery starts here: the end of the pause that came with the last cut. */
  private recoverFrom = -Infinity;
  private lastCutAt = -Infinity;
  /** Requests pass the account one at a time, in arrival order; each turn tells whether its request was held. */
  private gate: Promise<boolean> = Promise.resolve(false);
  /** Turns queued and not finished: a request that arrives while one is pending waits behind it. */
  private pendingTurns = 0;
  private readonly answerWaiters: Array<() => void> = [];
  private slotsTaken = 0;
  private readonly slotWaiters: Array<() => void> = [];

  constructor(options: RateLimiterOptions) {
    this.configured = options.ratePerMinute;
    this.floor = Math.max(1, options.ratePerMinute * FLOOR_SHARE);
    this.rateAtCut = options.ratePerMinute;
    this.concurrency = Math.max(1, Math.floor(options.concurrency));
    this.now = options.now;
    this.sleep = options.sleep;
    this.onWait = options.onWait ?? (() => undefined);
  }

  /** The rate in force at `at`, in requests per minute: constant within a window, so a probe is one step. */
  currentRate(at: number = this.now()): number {
    const windows = Math.floor((at - this.recoverFrom) / WINDOW_MS);
    const steps = Math.max(0, windows - PROBE_DELAY_WINDOWS + 1);
    return Math.min(this.configured, this.rateAtCut + steps * this.configured * RECOVERY_STEP);
  }

  /** Requests let go and not answered yet. */
  get inFlight(): number {
    return this.sending;
  }

  /**
   * Lets a request go when the concurrency and the account allow it. With a `deadline` (on the limiter's clock), a
   * request that would still be waiting when it comes is refused with DeadlineWouldPass: at once when a pause in
   * force ends at or past it (even for a request that would queue behind others), or, once its turn comes, when
   * room in the window opens at or past it; else when the deadline comes (queued for a slot or behind other turns,
   * waiting for an answer). A request whose `signal` is aborted, before or while it waits, is refused at once with
   * WaitAbandoned instead, whatever its deadline. A refused request holds no slot and is not counted in the window.
   */
  async acquire(deadline?: number, signal?: AbortSignal): Promise<Permit> {
    const start = this.now();
    if (signal?.aborted === true) throw new WaitAbandoned(signal);
    // A pause only ever grows longer, so no request goes before the one in force ends, wherever it queues.
    if (deadline !== undefined && Math.max(start, this.pausedUntil) >= deadline) throw new DeadlineWouldPass();
    const watch = watchDeadline(deadline, this.now, signal);
    try {
      return await this.admit(start, deadline, watch, signal);
    } finally {
      watch.stop();
    }
  }

  private async admit(
    start: number,
    deadline: number | undefined,
    watch: DeadlineWatch,
    signal: AbortSignal | undefined,
  ): Promise<Permit> {
    const queuedForSlot = !(await this.takeSlot(watch, signal));
    // Behind a turn still pending, this request waits as long as that one does, so it is held if that one was.
    const behind = this.pendingTurns > 0 ? this.gate : Promise.resolve(false);
    this.pendingTurns++;
    let letGo = false;
    const turn = behind.then(async (aheadHeld) => {
      try {
        const held = (await this.waitForRoom(deadline, watch, signal)) || aheadHeld;
        // Counted before the turn ends: a request that looks at the account next, whether it queued behind this
        // turn or arrived after it, sees this one as sent.
        this.sending++;
        letGo = true;
        return held;
      } finally {
        this.pendingTurns--;
      }
    });
    // A turn refused at its deadline was held: the one behind it waited too.
    this.gate = turn.catch(() => true);
    let turnHeld: boolean | undefined;
    try {
      turnHeld = await Promise.race([turn, watch.reached.then(() => undefined)]);
    } catch (error) {
      this.releaseSlot();
      throw error;
    }
    if (!letGo) {
      // The deadline came, or the call was abandoned, while the turn was queued or waiting for an answer: the turn,
      // when it runs or wakes, sees it and ends without letting the request go.
      this.releaseSlot();
      throw refusal(signal);
    }
    const issuedAt = this.now();
    const held = queuedForSlot || (turnHeld ?? true);
    let released = false;
    return {
      issuedAt,
      held,
      waitedMs: held ? issuedAt - start : 0,
      release: (sent = true) => {
        if (released) return;
        released = true;
        this.sending--;
        if (sent) this.answered.push(this.now());
        this.releaseSlot();
        for (const wake of this.answerWaiters.splice(0)) wake();
      },
    };
  }

  /** The server accepted (answered other than 429) a request let go under `permit`. */
  onAccepted(permit: Permit): void {
    this.accepted.push(permit.issuedAt);
  }

  /** A 429 answered a request let go under `permit`. */
  onRateLimited(permit: Permit, retryAfterMs: number | undefined): void {
    const at = this.now();
    const until = at + (retryAfterMs ?? DEFAULT_PAUSE_MS);
    const current = this.currentRate(at);
    // The server's window opened with the first request after the last pause, or at most a window ago.
    const acceptedInWindow = this.acceptedSince(Math.max(this.lastPauseEnd, at - WINDOW_MS));
    const tellsOfLimit =
      (retryAfterMs === undefined || retryAfterMs > SHORT_RETRY_AFTER_MS) && acceptedInWindow >= current * EARLY_SHARE;
    if (permit.issuedAt > this.lastCutAt && tellsOfLimit) {
      const cut = Math.max(current * MAX_DECREASE_FACTOR, Math.min(acceptedInWindow, current - 1));
      this.rateAtCut = Math.max(this.floor, cut);
      this.probeAbove = Math.floor(this.rateAtCut);
      this.lastCutAt = at;
      this.recoverFrom = Math.max(until, this.pausedUntil);
    }
    this.pauseUntil(until);
  }

  /** A response carried the legacy headers. */
  onLegacyHeaders(limit: LegacyRateLimit): void {
    const left = limit.allowed - limit.count;
    // Each request still in flight besides the one that just answered will use one of what is left.
    if (left <= this.sending - 1) this.pauseUntil(this.now() + Math.max(0, limit.resetSeconds) * 1000);
  }

  private pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
    this.lastPauseEnd = this.pausedUntil;
  }

  private acceptedSince(from: number): number {
    while (this.acceptedHead < this.accepted.length && (this.accepted[this.acceptedHead] as number) < from)
      this.acceptedHead++;
    return this.accepted.length - this.acceptedHead;
  }

  /**
   * Resolves when one more request fits the account, true if it had to wait; called by one request at a time.
   * Throws DeadlineWouldPass, before waiting, when the wait would end at or past `deadline`, and once the deadline
   * has passed; WaitAbandoned once the request's `signal` is aborted (which ends a sleep at once).
   */
  private async waitForRoom(
    deadline: number | undefined,
    watch: DeadlineWatch,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    let waited = false;
    const endsInTime = (until: number): boolean => deadline === undefined || until < deadline;
    for (;;) {
      if (watch.passed()) throw refusal(signal);
      const at = this.now();
      if (at < this.pausedUntil) {
        if (!endsInTime(this.pausedUntil)) throw new DeadlineWouldPass();
        this.announce('rate-limit-pause', this.pausedUntil, at);
        waited = true;
        await sleepUnlessAborted(this.sleep, this.pausedUntil - at, signal);
        continue;
      }
      this.forgetBefore(at - WINDOW_MS);
      const rate = this.currentRate(at);
      const budget = Math.max(1, Math.floor(rate));
      const counted = this.answered.length - this.head + this.sending;
      const probing = rate < this.configured && counted >= this.probeAbove && this.sending > 0;
      if (counted < budget && !probing) return waited;
      waited = true;
      if (this.sending >= budget || probing) {
        // Only an answer can make room now (or tell whether the probe passed): wait for it, or for the deadline,
        // and look again.
        await Promise.race([new Promise<void>((resolve) => this.answerWaiters.push(resolve)), watch.reached]);
        continue;
      }
      // The oldest answers age out first; room opens when enough of them have.
      const mustAgeOut = counted - budget + 1;
      const opensAt = (this.answered[this.head + mustAgeOut - 1] as number) + WINDOW_MS;
      if (!endsInTime(opensAt)) throw new DeadlineWouldPass();
      this.announce('rate-window', opensAt, at);
      await sleepUnlessAborted(this.sleep, Math.max(1, opensAt - at), signal);
    }
  }

  private announce(reason: WaitReason, until: number, at: number): void {
    if (until - at < ANNOUNCED_WAIT_MS) return;
    try {
      this.onWait({ reason, until, waitMs: until - at });
    } catch {
      // Watching a wait never changes it.
    }
  }

  private forgetBefore(cutoff: number): void {
    while (this.head < this.answered.length && (this.answered[this.head] as number) <= cutoff) this.head++;
    if (this.head > 1024 && this.head * 2 > this.answered.length) {
      this.answered.splice(0, this.head);
      this.head = 0;
    }
    // Departures older than a window (with its pause) never count again.
    while (
      this.acceptedHead < this.accepted.length &&
      (this.accepted[this.acceptedHead] as number) <= cutoff - WINDOW_MS
    )
      this.acceptedHead++;
    if (this.acceptedHead > 1024 && this.acceptedHead * 2 > this.accepted.length) {
      this.accepted.splice(0, this.acceptedHead);
      this.acceptedHead = 0;
    }
  }

  /**
   * Resolves true when a slot was free at once, false after queueing for one; throws DeadlineWouldPass or
   * WaitAbandoned, leaving the queue, when the deadline or the abandon comes first.
   */
  private async takeSlot(watch: DeadlineWatch, signal: AbortSignal | undefined): Promise<boolean> {
    if (this.slotsTaken < this.concurrency) {
      this.slotsTaken++;
      return true;
    }
    let granted = false;
    let wake: () => void = () => undefined;
    const slot = new Promise<void>((resolve) => {
      wake = () => {
        granted = true;
        resolve();
      };
    });
    this.slotWaiters.push(wake);
    await Promise.race([slot, watch.reached]);
    if (!granted) {
      this.slotWaiters.splice(this.slotWaiters.indexOf(wake), 1);
      throw refusal(signal);
    }
    return false;
  }

  private releaseSlot(): void {
    const next = this.slotWaiters.shift();
    // The slot passes straight to the next waiter, so the count stays the same.
    if (next !== undefined) next();
    else this.slotsTaken--;
  }
}
