/** The action of `cxschema plan`, loaded when the command runs. */
import { relative } from 'node:path';
import { createRunMetrics } from '../observe/metrics/run-metrics.js';
import { planHasChanges } from '../plan/plan-summary.js';
import { connectTarget } from './connect-target.js';
import { EXIT_CHANGES, EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';
import {
  checkOutputFolder,
  finishMetrics,
  loadProjectConfig,
  metricsFormat,
  onlineFormat,
  planFromFiles,
  reportInvalidFiles,
  reportWarnings,
  refusePruneWithPaths,
  savePlan,
  type MetricsFlags,
} from './plan-session.js';
import { renderPlan } from './render-plan.js';
import { createTerminal } from './terminal.js';

export interface PlanCommandFlags extends MetricsFlags {
  prune?: boolean;
  out?: string;
  detailedExitcode?: boolean;
  rateLimit?: number;
  concurrency?: number;
}

export async function runPlan(
  paths: readonly string[],
  flags: PlanCommandFlags,
  globals: GlobalOptions,
): Promise<number> {
  // markdown (a pull request comment, a step summary) is the text plan's other form: findings go to stderr alike.
  const markdown = globals.format === 'markdown';
  const format = markdown ? 'text' : onlineFormat(globals, 'plan', ['markdown']);
  const terminal = createTerminal({ color: globals.color });
  const cwd = process.cwd();
  refusePruneWithPaths('plan', paths, flags.prune);
  metricsFormat(flags);
  await checkOutputFolder('--metrics-file', flags.metricsFile, cwd);
  await checkOutputFolder('--out', flags.out, cwd);
  const config = await loadProjectConfig(globals, cwd);
  const metrics = createRunMetrics();
  const connection = await connectTarget({
    emulator: globals.emulator === true,
    config,
    ...(globals.env === undefined ? {} : { environment: globals.env }),
    env: process.env,
    hooks: metrics.hooks,
    ...(flags.rateLimit === undefined ? {} : { rateLimitPerMinute: flags.rateLimit }),
    ...(flags.concurrency === undefined ? {} : { concurrency: flags.concurrency }),
  });
  try {
    const prepared = await planFromFiles({
      paths,
      cwd,
      config,
      connection,
      prune: flags.prune === true,
      ...(flags.concurrency === undefined ? {} : { concurrency: flags.concurrency }),
    });
    const plan = prepared.plan;
    if (plan === undefined) {
      metrics.recordValidationFailures(prepared.validation.diagnostics);
      reportInvalidFiles(prepared, terminal, format, 'plan');
      await finishMetrics(metrics, flags, terminal, cwd);
      return EXIT_FAILURE;
    }
    reportWarnings(prepared, terminal, format);
    if (format === 'json') terminal.out(JSON.stringify(plan, null, 2));
    else if (markdown) terminal.out((await import('./render/plan-markdown.js')).renderPlanMarkdown(plan));
    else terminal.out(renderPlan(plan, { color: terminal.color }));
    if (flags.out !== undefined) {
      const saved = await savePlan(plan, flags.out, cwd);
      if (format === 'text' && !markdown)
        terminal.out(
          `Saved the plan to ${relative(cwd, saved) || saved}: apply it with cxschema apply --plan ${flags.out}`,
        );
    }
    await finishMetrics(metrics, flags, terminal, cwd);
    if (plan.summary.blocked > 0) return EXIT_FAILURE;
    if (flags.detailedExitcode === true && planHasChanges(plan.summary)) return EXIT_CHANGES;
    return EXIT_OK;
  } finally {
    await connection.close();
  }
}
