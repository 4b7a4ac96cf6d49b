/**
 * How a run ends: once its output is written, the process exits at once rather than when Node's event loop drains
 * by itself. Every action awaits its own work (files, the audit log, the in-process emulator's state, the portal's
 * events) before it returns, so nothing is left to run; what a drained loop adds is Node tearing its heap down,
 * some 30 to 60 ms after the last line for a command that read a few hundred files (docs/architecture.md,
 * "Ending a run"). stdout and stderr are written out first: a pipe to a slow reader can hold megabytes not yet
 * written (seen on Linux; on macOS every pipe write is asynchronous), and exiting before would cut them short.
 * With `code`, the process exits with it; without, with `process.exitCode`; either fails when the output could not
 * be written (output-failure.ts).
 */
import { exitCodeAfterOutput } from './output-failure.js';

export async function exitWhenFlushed(code?: number): Promise<void> {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  const exitCode = exitCodeAfterOutput(code ?? numericExitCode());
  await flushed(process.stderr);
  process.exit(exitCode);
}

function numericExitCode(): number | undefined {
  const code = process.exitCode;
  return code === undefined || code === null ? undefined : Number(code);
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  if (stream.destroyed || stream.writableLength === 0) return Promise.resolve();
  // Writes are handled in order: once this empty one is, everything written before it is too.
  return new Promise((resolve) => stream.write('', () => resolve()));
}
