/**
 * A pipe for a child's stdout or stderr whose reader the test controls: it reads what the child writes, then
 * stops reading and fills the pipe, so that what the child writes next waits in the child's own stream buffer, as
 * it does behind a slow reader, until the test reads again. A process that exits without waiting for that buffer
 * to be written loses it. A named pipe (FIFO) in `dir`, because the test needs the writing end too (to fill it).
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';

/** What the test writes to fill the pipe; removed from what `drain` returns. */
const FILLER = 0;

export interface StalledPipe {
  /** The writing end, to give the child. */
  fd: number;
  /**
   * Closes the test's own copy of the writing end, once the child holds its copy: the pipe then ends when the
   * child exits, so that a child that dies early fails `readUntil` instead of leaving it waiting.
   */
  handedOver(): void;
  /** Reads until the text read so far matches `pattern`; returns all of it. Rejects if the pipe ends first. */
  readUntil(pattern: RegExp): Promise<string>;
  /** Stops reading and fills the pipe: from here on, the child's writes wait in the child. */
  stall(): void;
  /** Reads everything else until every writer has closed the pipe (the child has exited): the child's text. */
  drain(): Promise<string>;
  /** Closes whatever the test still holds open, whatever the test got to. */
  close(): void;
}

export function openStalledPipe(dir: string, name = 'output'): StalledPipe {
  const path = join(dir, `${name}.fifo`);
  execFileSync('mkfifo', [path]);
  // A reader kept open throughout: between the two readers below, the child's writes must not fail with EPIPE.
  const keptReader = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  let keptReaderOpen = true;
  let writer: number | undefined = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  const fd = writer;
  const closeWriter = (): void => {
    if (writer !== undefined) closeSync(writer);
    writer = undefined;
  };
  const reader = new Socket({ fd: openSync(path, constants.O_RDONLY | constants.O_NONBLOCK), writable: false });
  reader.setEncoding('utf8');
  let text = '';
  let ended = false;
  reader.on('data', (chunk: string) => (text += chunk));
  reader.on('end', () => (ended = true));
  let rest: Socket | undefined;
  return {
    fd,
    handedOver: closeWriter,
    readUntil(pattern) {
      return new Promise((resolve, reject) => {
        const done = (): void => {
          reader.off('data', look);
          reader.off('end', end);
        };
        const look = (): void => {
          if (!pattern.test(text)) return;
          done();
          resolve(text);
        };
        const end = (): void => {
          done();
          reject(new Error(`the pipe closed (the child exited) before ${String(pattern)}: ${text}`));
        };
        reader.on('data', look);
        reader.on('end', end);
        look();
        if (ended) end();
      });
    },
    stall() {
      reader.destroy();
      // A writing end of the test's own (the child's may be gone), closed once the pipe is full.
      const filling = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
      const chunk = Buffer.alloc(4096, FILLER);
      try {
        // Until the pipe is full: a non-blocking write then fails with EAGAIN.
        for (;;) {
          try {
            writeSync(filling, chunk);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'EAGAIN') break;
            throw error;
          }
        }
      } finally {
        closeSync(filling);
        closeWriter();
      }
    },
    drain() {
      keptReaderOpen = false;
      rest = new Socket({ fd: keptReader, writable: false });
      let read = '';
      rest.setEncoding('utf8').on('data', (chunk: string) => (read += chunk));
      return new Promise((resolve, reject) => {
        rest!.on('error', reject);
        rest!.on('end', () => resolve(read.replaceAll(String.fromCharCode(FILLER), '')));
      });
    },
    close() {
      reader.destroy();
      rest?.destroy();
      closeWriter();
      if (keptReaderOpen) closeSync(keptReader);
      keptReaderOpen = false;
    },
  };
}
