/**
 * What the commands that only read an org share (pull, history, rollback --dry-run): the config with the
 * environment's overrides, a connection whose every request the run's metrics count, and the metrics summary
 * at the end, as plan has them.
 */
import type { CxConfig } from '../model/config.js';
import { createRunMetrics } from '../observe/metrics/run-metrics.js';
import { connectTarget, type Connection } from './connect-target.js';
import type { GlobalOptions } from './global-options.js';
import {
  checkOutputFolder,
  finishMetrics,
  loadProjectConfig,
  metricsFormat,
  type MetricsFlags,
} from './plan-session.js';
import type { Terminal } from './terminal.js';

export interface ReadFlags extends MetricsFlags {
  rateLimit?: number;
}

export interface ReadSession {
  config: CxConfig;
  connection: Connection;
}

export async function withReadSession<T>(
  globals: GlobalOptions,
  flags: ReadFlags,
  terminal: Terminal,
  cwd: string,
  body: (session: ReadSession) => Promise<T>,
): Promise<T> {
  metricsFormat(flags);
  await checkOutputFolder('--metrics-file', flags.metricsFile, cwd);
  const config = await loadProjectConfig(globals, cwd);
  const metrics = createRunMetrics();
  const connection = await connectTarget({
    emulator: globals.emulator === true,
    config,
    ...(globals.env === undefined ? {} : { environment: globals.env }),
    env: process.env,
    hooks: metrics.hooks,
    ...(flags.rateLimit === undefined ? {} : { rateLimitPerMinute: flags.rateLimit }),
  });
  try {
    const result = await body({ config, connection });
    await finishMetrics(metrics, flags, terminal, cwd);
    return result;
  } finally {
    await connection.close();
  }
}
