/**
 * The answers being made, until written or cut off, for stop() (server.ts): it lets those of requests received
 * whole be written before it closes their connections.
 *
 * Kept in slots of an array, not in a Set. A Set that every request adds to and deletes from rebuilds its table
 * every few requests, and V8 links each table it leaves behind to the next one, with the entries it held when it
 * was rebuilt (answers waiting for the end of the turn, and through them their requests, sockets' buffers and
 * bodies). Once one of those tables is in the old generation, the young generation's collector takes it as a root
 * and copies the whole chain of later tables and answers, then promotes it: every request's objects ended in the
 * old generation, where only a full collection frees them (docs/architecture.md, "The emulator's cost per
 * request"). A slot is taken by the request and given back by its answer; the array stays as long as the most
 * answers ever made at once.
 */
import type { ServerResponse } from 'node:http';

export class AnswersInFlight {
  private readonly slots: Array<ServerResponse | undefined> = [];
  private readonly freeSlots: number[] = [];

  /** Holds `res` until it is written (`finish`) or cut off (`close`), whichever comes first. */
  track(res: ServerResponse): void {
    const slot = this.freeSlots.pop() ?? this.slots.length;
    this.slots[slot] = res;
    let released = false;
    const release = (): void => {
      // Both events come for an answer written whole; a slot given back twice would be handed to two answers.
      if (released) return;
      released = true;
      this.slots[slot] = undefined;
      this.freeSlots.push(slot);
    };
    // `on`, not `once`: the guard above makes a second call harmless, and `once` wraps each listener anew.
    res.on('finish', release);
    res.on('close', release);
  }

  /** The answers held now, oldest slot first. */
  held(): ServerResponse[] {
    const answers: ServerResponse[] = [];
    for (const res of this.slots) if (res !== undefined) answers.push(res);
    return answers;
  }
}
