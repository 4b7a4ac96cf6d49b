/**
 * A pipe for a child's stderr whose reader the test controls: it reads what the child writes, then stops reading
 * and fills the pipe, so that what the child writes next waits in the child's own stream buffer, as it does behind
 * a slow reader, until the test reads again. A process that exits without waiting for that buffer to be written
 * loses it. A named pipe (FIFO) in `dir`, because the test needs the writing end too (to fill it).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';

/** What the test writes to fill the pipe; removed from what `drain` returns. */
const FILLER = 0;

export interface StalledPipe {
  /** The writing end, to give the child as its stderr. */
  fd: number;
  /** Reads until the text read so far matches `pattern`; returns all of it. */
  readUntil(pattern: RegExp): Promise<string>;
  /** Stops reading and fills the pipe: from here on, the child's writes wait in the child. */
  stall(): void;
  /** Reads everything else until every writer has closed the pipe (the child has exited): the child's text. */
  drain(): Promise<string>;
}

export function openStalledPipe(dir: string): StalledPipe {
  const path = join(dir, 'stderr.fifo');
  execFileSync('mkfifo', [path]);
  // A reader kept open throughout: between the two readers below, the child's writes must not fail with EPIPE.
  const keptReader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  const reader = new Socket({ fd: openSync(path, constants.O_RDONLY | constants.O_NONBLOCK), writable: false });
  reader.setEncoding('utf8');
  let text = '';
  reader.on('data', (chunk: string) => (text += chunk));
  return {
    fd: writer,
    readUntil(pattern) {
      return new Promise((resolve, reject) => {
        const look = (): void => {
          if (!pattern.test(text)) return;
          reader.off('data', look);
          reader.off('end', ended);
          resolve(text);
        };
        const ended = (): void => reject(new Error(`the pipe closed before ${String(pattern)}: ${text}`));
        reader.on('data', look);
        reader.on('end', ended);
        look();
      });
    },
    stall() {
      reader.destroy();
      const chunk = Buffer.alloc(4096, FILLER);
      // Until the pipe is full: a non-blocking write then fails with EAGAIN.
      for (;;) {
        try {
          writeSync(writer, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EAGAIN') break;
          throw error;
        }
      }
      closeSync(writer);
    },
    drain() {
      const rest = new Socket({ fd: keptReader, writable: false });
      let read = '';
      rest.setEncoding('utf8').on('data', (chunk: string) => (read += chunk));
      return new Promise((resolve, reject) => {
        rest.on('error', reject);
        rest.on('end', () => resolve(read.replaceAll(String.fromCharCode(FILLER), '')));
      });
    },
  };
}
