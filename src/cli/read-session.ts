/**
 * What the commands that read an org through one connection share (plan, validate --online, pull, history,
 * rollback --dry-run): the output paths checked before the org is read, the config with the environment's
 * overrides, a connection whose every request the run's metrics count, and the metrics summary at the end.
 */
import type { CxConfig } from '../model/config.js';
import { createRunMetrics, type RunMetrics } from '../observe/metrics/run-metrics.js';
import { connectForCommand, type Connection, type PacingFlags } from './connect-target.js';
import type { GlobalOptions } from './global-options.js';
import { checkOutputFile, finishMetrics, metricsFormat, type MetricsFlags } from './plan-session.js';
import { loadProjectConfig } from './project-config.js';
import type { Terminal } from './terminal.js';

export interface ReadFlags extends MetricsFlags, PacingFlags {}

export interface ReadSession {
  config: CxConfig;
  connection: Connection;
  metrics: RunMetrics;
}

export interface ReadSessionOptions {
  /** The config, when the command has loaded it already; otherwise it is loaded after the output checks. */
  config?: CxConfig;
  /** Output paths besides `--metrics-file` (flag, path) whose folder must exist before the org is read. */
  outputs?: ReadonlyArray<readonly [flag: string, file: string | undefined]>;
}

export async function withReadSession<T>(
  globals: GlobalOptions,
  flags: ReadFlags,
  terminal: Terminal,
  cwd: string,
  body: (session: ReadSession) => Promise<T>,
  options: ReadSessionOptions = {},
): Promise<T> {
  metricsFormat(flags);
  await checkOutputFile('--metrics-file', flags.metricsFile, cwd);
  for (const [flag, file] of options.outputs ?? []) await checkOutputFile(flag, file, cwd);
  const config = options.config ?? (await loadProjectConfig(globals, cwd));
  const metrics = createRunMetrics();
  const connection = await connectForCommand(globals, config, flags, metrics.hooks);
  try {
    const result = await body({ config, connection, metrics });
    await finishMetrics(metrics, flags, terminal, cwd);
    return result;
  } finally {
    await connection.close();
  }
}
