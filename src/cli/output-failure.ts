/**
 * A write to stdout or stderr that failed for another reason than a closed pipe (closed-pipe.ts): ENOSPC when the
 * output goes to a file on a full disk, EIO. What was to be written is lost, so the run has not done its job:
 * `cxschema validate --format sarif > results.sarif` on a full disk exited 0 with an empty file. Node marks the
 * stream `errored` as the write fails, a tick before its 'error' event: seen here even when the run ends at once.
 */
import { EXIT_CHANGES, EXIT_FAILURE, EXIT_OK } from './exit-codes.js';

const lost: { stdout?: NodeJS.ErrnoException; stderr?: NodeJS.ErrnoException } = {};

/** Called with each 'error' event of stdout and stderr that is not a closed pipe. */
export function noteLostOutput(stream: 'stdout' | 'stderr', error: NodeJS.ErrnoException): void {
  lost[stream] ??= error;
}

/**
 * The failed write of a stream: its 'error' event, or before that event, the stream's `errored` (which Node clears
 * again on the standard streams once the event is out).
 */
function lostWrite(name: 'stdout' | 'stderr', stream: NodeJS.WriteStream): NodeJS.ErrnoException | undefined {
  const error: NodeJS.ErrnoException | null = lost[name] ?? stream.errored;
  return error === null || error.code === 'EPIPE' ? undefined : error;
}

/**
 * The exit code of a run that ends with `code`: a success (0, or 2 for changes found) whose output was lost is a
 * failure, said on stderr when stderr itself can take it; any other code stands.
 */
export function exitCodeAfterOutput(code: number | undefined): number | undefined {
  const stdout = lostWrite('stdout', process.stdout);
  const stderr = lostWrite('stderr', process.stderr);
  if (stdout === undefined && stderr === undefined) return code;
  if (stdout !== undefined && stderr === undefined && !process.stderr.destroyed)
    process.stderr.write(`error: cannot write the output to stdout: ${stdout.message}\n`);
  return code === undefined || code === EXIT_OK || code === EXIT_CHANGES ? EXIT_FAILURE : code;
}
