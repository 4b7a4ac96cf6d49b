/**
 * `--metrics-file PATH`: the textfile-collector convention is to write a temporary file beside the target and
 * rename it into place, so that a scrape never reads half a file.
 */
import { basename, dirname, join } from 'node:path';
import { writeFileAtomically } from '../../model/atomic-file.js';
import { CxError } from '../../model/errors.js';
import type { RunMetrics } from './run-metrics.js';

export type MetricsFormat = 'prometheus' | 'json';

export async function renderMetrics(metrics: RunMetrics, format: MetricsFormat): Promise<string> {
  return format === 'json' ? `${JSON.stringify(metrics.toJSON(), null, 2)}\n` : metrics.toPrometheus();
}

/** Writes the file whole or not at all; an INPUT error names the path and why it cannot be written. */
export async function writeMetricsFile(
  path: string,
  metrics: RunMetrics,
  format: MetricsFormat = 'prometheus',
): Promise<void> {
  const text = await renderMetrics(metrics, format);
  // node_exporter reads only *.prom: a temporary name without that suffix is never scraped.
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFileAtomically(path, text, { temporary, mode: 0o644 });
  } catch (cause) {
    throw new CxError('INPUT', `cannot write the metrics file ${path}: ${whyNotWritten(cause)}`, {
      cause,
      hint: 'pass --metrics-file a path in a folder that exists and that you can write to',
    });
  }
}

/** The reason of a failed write without the temporary file's name, which the user never gave. */
function whyNotWritten(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'its folder does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'ENOTDIR') return 'a part of its path is not a folder';
  return error instanceof Error ? error.message : String(error);
}
