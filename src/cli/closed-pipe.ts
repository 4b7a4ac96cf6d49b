/**
 * `cxschema validate | head` closes the pipe before the output is written: stop quietly, as other command-line
 * tools do, instead of dying with an unhandled EPIPE. A command that writes what must be durable (apply and
 * rollback: the org, the audit log) takes the closed pipe over instead, and ends itself once those writes are
 * finished and recorded (docs/deploying.md, "A closed pipe").
 */
export type OutputStream = 'stdout' | 'stderr';

let takenOver: ((stream: OutputStream) => void) | undefined;

export function stopQuietlyOnClosedPipe(): void {
  for (const [name, stream] of [
    ['stdout', process.stdout],
    ['stderr', process.stderr],
  ] as const) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') {
        process.exitCode = 1;
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
