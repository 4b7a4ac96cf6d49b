/** The action of `cxschema apply`, loaded when the command runs. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkPlanIsCurrent, recheckSavedPlan } from '../apply/plan-freshness.js';
import { CxError, UsageError } from '../model/errors.js';
import { parsePlan } from '../plan/saved-plan.js';
import { runDeploySession, type DeployFlags } from './deploy-session.js';
import { EXIT_FAILURE } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';
import {
  checkOutputFile,
  metricsFormat,
  onlineFormat,
  planFromFiles,
  refusePruneWithPaths,
  reportInvalidFiles,
  reportWarnings,
} from './plan-session.js';
import { loadProjectConfig } from './project-config.js';
import { createTerminal } from './terminal.js';

export interface ApplyCommandFlags extends DeployFlags {
  plan?: string;
  prune?: boolean;
}

const NO_TERMINAL_HINT =
  'pass --auto-approve, or save a plan with `cxschema plan --out plan.json`, review it, and apply it with `cxschema apply --plan plan.json`';

export async function runApply(
  paths: readonly string[],
  flags: ApplyCommandFlags,
  globals: GlobalOptions,
): Promise<number> {
  const format = onlineFormat(globals, 'apply');
  const terminal = createTerminal({ color: globals.color });
  const cwd = process.cwd();
  if (flags.plan !== undefined && paths.length > 0) {
    throw new UsageError('apply --plan takes no paths: the saved plan already holds what to write');
  }
  if (flags.plan !== undefined && flags.prune === true) {
    throw new UsageError('apply --plan takes no --prune: whether to prune was decided when the plan was made');
  }
  refusePruneWithPaths('apply', paths, flags.prune);
  // A saved plan was reviewed when it was saved (as Terraform applies a saved plan): no question is asked.
  const approved = flags.autoApprove === true || flags.plan !== undefined;
  // Refuse before any request: a run that cannot be confirmed should not read the org first.
  if (!approved && process.stdin.isTTY !== true) {
    throw new UsageError('apply asks for confirmation, and there is no terminal to ask on', { hint: NO_TERMINAL_HINT });
  }

  metricsFormat(flags);
  await checkOutputFile('--metrics-file', flags.metricsFile, cwd);
  const config = await loadProjectConfig(globals, cwd);
  const savedPlan = flags.plan === undefined ? undefined : parsePlan(await readPlanFile(flags.plan, cwd), flags.plan);
  return runDeploySession({
    command: 'apply',
    globals,
    flags: { ...flags, autoApprove: approved },
    config,
    cwd,
    terminal,
    format,
    async makePlan({ connection, observer, concurrency, finish }) {
      if (savedPlan !== undefined) {
        const current = await checkPlanIsCurrent(savedPlan, connection.target, connection.orgDomain);
        // The compatibility gate of plan, run again: a saved plan is never a way around it.
        await recheckSavedPlan(savedPlan, current, connection.target);
        return savedPlan;
      }
      const prepared = await planFromFiles({
        paths,
        cwd,
        config,
        connection,
        prune: flags.prune === true,
        concurrency,
      });
      if (prepared.plan === undefined) {
        await observer.recordDiagnostics(prepared.validation.diagnostics);
        reportInvalidFiles(prepared, terminal, format, 'apply');
        return { exitCode: await finish(EXIT_FAILURE) };
      }
      reportWarnings(prepared, terminal, format);
      return prepared.plan;
    },
  });
}

async function readPlanFile(file: string, cwd: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, file), 'utf8');
  } catch (cause) {
    throw new CxError('INPUT', `cannot read the plan ${file}: ${(cause as Error).message}`, {
      cause,
      hint: 'save a plan with cxschema plan --out <file>',
    });
  }
}
