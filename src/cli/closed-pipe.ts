/**
 * `cxschema validate | head` closes the pipe before the output is written: stop quietly, as other command-line
 * tools do, instead of dying with an unhandled EPIPE. A command that writes what must be durable (apply and
 * rollback: the org, the audit log) takes the closed pipe over instead, and ends itself once those writes are
 * finished and recorded; one that reads an org finishes the files it writes after its output, and its exit code
 * (docs/deploying.md, "A closed pipe").
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
      if (takenOver === undefined) process.exit(process.exitCode ?? 0);
      takenOver(name);
    });
  }
}

/**
 * From here on, until the returned function is called, a closed pipe calls `onClosed` and leaves the process
 * running: what is written to that stream is dropped, and the run's own end exits. Node reports EPIPE again for
 * every later write to the closed stream, so `onClosed` may be called many times for one stream.
 */
export function takeOverClosedPipe(onClosed: (stream: OutputStream) => void): () => void {
  takenOver = onClosed;
  return () => {
    if (takenOver === onClosed) takenOver = undefined;
  };
}

/**
 * For the rest of the run, a closed pipe drops what is written to it and the run goes on to its own end. For a
 * command whose output comes before work that must still be done: plan prints the plan, then saves `--out` and
 * the metrics file, and its exit code (2 for `--detailed-exitcode`, 1 for a blocked step) is known only at its
 * end. Ending at once there would leave the plan file opened and empty, and exit 0.
 */
export function finishRunDespiteClosedPipe(): void {
  takeOverClosedPipe(() => {});
}
