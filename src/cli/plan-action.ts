/** The action of `cxschema plan`, loaded when the command runs. */
import { relative } from 'node:path';
import { planHasChanges } from '../plan/plan-summary.js';
import { EXIT_CHANGES, EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';
import {
  onlineFormat,
  planFromFiles,
  reportInvalidFiles,
  reportWarnings,
  refusePruneWithPaths,
  savePlan,
} from './plan-session.js';
import { withReadSession, type ReadFlags } from './read-session.js';
import { renderPlan } from './render-plan.js';
import { createTerminal } from './terminal.js';

export interface PlanCommandFlags extends ReadFlags {
  prune?: boolean;
  out?: string;
  detailedExitcode?: boolean;
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
  return withReadSession(
    globals,
    flags,
    terminal,
    cwd,
    async ({ config, connection, metrics }) => {
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
      if (plan.summary.blocked > 0) return EXIT_FAILURE;
      if (flags.detailedExitcode === true && planHasChanges(plan.summary)) return EXIT_CHANGES;
      return EXIT_OK;
    },
    { outputs: [['--out', flags.out]] },
  );
}
