/**
 * `--metrics-file PATH`: the textfile-collector convention is to write a temporary file beside the target and
 * rename it into place, so that a scrape never reads half a file.
 */
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { RunMetrics } from './run-metrics.js';

export type MetricsFormat = 'prometheus' | 'json';

export async function renderMetrics(metrics: RunMetrics, format: MetricsFormat): Promise<string> {
  return format === 'json' ? `${JSON.stringify(metrics.toJSON(), null, 2)}\n` : metrics.toPrometheus();
}

export async function writeMetricsFile(path: string, metrics: RunMetrics, format: MetricsFormat = 'prometheus'): Promise<void> {
  const text = await renderMetrics(metrics, format);
  // node_exporter reads only *.prom: a temporary name without that suffix is never scraped.
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const handle = await open(temporary, 'w', 0o644);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
