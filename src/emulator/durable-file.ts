/**
 * Writes a file so that a kill at any moment leaves either the old or the new content, never a mix: write a
 * temporary file beside it, fsync it, rename it over the target, fsync the folder. Writes are serialised and
 * coalesced: a request for a write made while one is running is served by one more write that starts after it
 * and takes the latest state, and every caller's promise resolves once a write that includes its change is
 * durable.
 */
import { writeFileAtomically } from '../model/atomic-file.js';

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export class CoalescingWriter {
  private next: Deferred | undefined;
  private running: Promise<void> | undefined;

  /** `content` is called when a write starts, so each write takes the latest state. */
  constructor(
    private readonly path: string,
    private readonly content: () => string,
  ) {}

  /** Resolves when a write that started after this call is durable. */
  write(): Promise<void> {
    if (!this.next) this.next = deferred();
    const waiting = this.next.promise;
    if (!this.running) this.running = this.loop();
    return waiting;
  }

  /** Resolves when no write is running or waiting. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    // Nothing runs before write() has kept this loop's promise: were content() to throw at once, the loop would
    // end (and clear `running`) before write() set it, leaving a finished loop that no later write restarts.
    await Promise.resolve();
    try {
      while (this.next) {
        const batch = this.next;
        this.next = undefined;
        try {
          await writeFileAtomically(this.path, this.content());
          batch.resolve();
        } catch (error) {
          batch.reject(error);
        }
      }
    } finally {
      this.running = undefined;
    }
  }
}
