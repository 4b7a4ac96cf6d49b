/**
 * `cxschema validate | head` closes the pipe before the output is written: go on quietly instead of dying with an
 * unhandled EPIPE. What is written to the closed stream is dropped and the run finishes as if it were open, for
 * what a command does after its output must not be cut short by it: plan saves `--out` and the metrics file, docs
 * writes its site after saying on stderr what it read, and the exit code (2 for changes, 1 for a blocked step) is
 * known only at the end; ended at once, such a run left an empty plan file, or no site, and exited 0. A command
 * whose writes must stop when nobody reads its progress (apply and rollback: the org, the audit log) takes the
 * closed pipe over instead, and ends itself once those in flight are finished and recorded (docs/deploying.md,
 * "A closed pipe").
 */
import { noteLostOutput } from './output-failure.js';

export type OutputStream = 'stdout' | 'stderr';

let takenOver: ((stream: OutputStream) => void) | undefined;

export function stopQuietlyOnClosedPipe(): void {
  for (const [name, stream] of [
    ['stdout', process.stdout],
    ['stderr', process.stderr],
  ] as const) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') {
        // Another failure (a full disk): the run goes on, and fails at its end (output-failure.ts).
        noteLostOutput(name, error);
        return;
      }
      takenOver?.(name);
    });
  }
}

/**
 * From here on, until the returned function is called, a closed pipe also calls `onClosed`. Node reports EPIPE
 * again for every later write to the closed stream, so `onClosed` may be called many times for one stream.
 */
export function takeOverClosedPipe(onClosed: (stream: OutputStream) => void): () => void {
  takenOver = onClosed;
  return () => {
    if (takenOver === onClosed) takenOver = undefined;
  };
}
