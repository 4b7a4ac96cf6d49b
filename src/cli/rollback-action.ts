/**
 * The action of `cxschema rollback <externalId> --to <version>`, loaded when the command runs. The rollback is
 * planned by the library (src/org/rollback.ts) and then goes the way every apply goes (deploy-session.ts):
 * shown, confirmed, applied, audited, announced. `--dry-run` shows the plan and writes nothing, as plan does.
 */
import type { CxConfig } from '../model/config.js';
import { planRollback, type RollbackPlan } from '../org/rollback.js';
import { UsageError } from '../model/errors.js';
import type { Connection } from './connect-target.js';
import { runDeploySession, type DeployFlags } from './deploy-session.js';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';
import { checkOutputFile, metricsFormat, onlineFormat } from './plan-session.js';
import { loadProjectConfig } from './project-config.js';
import { withReadSession } from './read-session.js';
import { renderPlan } from './render-plan.js';
import { rollbackNotes } from './rollback-notes.js';
import { createTerminal, type Terminal } from './terminal.js';

export interface RollbackCommandFlags extends DeployFlags {
  to: number;
  dryRun?: boolean;
  allowBreaking?: string;
}

export async function runRollback(
  externalId: string,
  flags: RollbackCommandFlags,
  globals: GlobalOptions,
): Promise<number> {
  const format = onlineFormat(globals, 'rollback');
  const terminal = createTerminal({ color: globals.color });
  const cwd = process.cwd();
  if (flags.allowBreaking !== undefined && flags.allowBreaking.trim() === '') {
    throw new UsageError('--allow-breaking needs a reason: it is recorded in the audit log and the change event', {
      hint: 'cxschema rollback <externalId> --to <version> --allow-breaking "why breaking the mode is safe"',
    });
  }
  const planFor = (config: CxConfig, connection: Connection): Promise<RollbackPlan> =>
    planRollback({
      target: connection.target,
      orgDomain: connection.orgDomain,
      externalId,
      toVersion: flags.to,
      compatibility: config.compatibility,
      config,
      ...(flags.allowBreaking === undefined ? {} : { allowBreaking: flags.allowBreaking.trim() }),
      createdAt: new Date().toISOString(),
    });

  if (flags.dryRun === true) {
    return withReadSession(globals, flags, terminal, cwd, async ({ config, connection }) => {
      const rollback = await planFor(config, connection);
      const planned = rollback.plan;
      if (format === 'json') terminal.out(JSON.stringify(planned, null, 2));
      else terminal.out(renderPlan(planned, { color: terminal.color }));
      explain(rollback, terminal, externalId, flags.to);
      return planned.summary.blocked > 0 ? EXIT_FAILURE : EXIT_OK;
    });
  }

  if (flags.autoApprove !== true && process.stdin.isTTY !== true) {
    throw new UsageError('rollback asks for confirmation, and there is no terminal to ask on', {
      hint: 'pass --auto-approve, or look first with --dry-run',
    });
  }
  metricsFormat(flags);
  await checkOutputFile('--metrics-file', flags.metricsFile, cwd);
  const config = await loadProjectConfig(globals, cwd);
  return runDeploySession({
    command: 'rollback',
    globals,
    flags,
    config,
    cwd,
    terminal,
    format,
    async makePlan({ connection, finish }) {
      const rollback = await planFor(config, connection);
      const planned = rollback.plan;
      if (planned.summary.changes === 0) {
        if (format === 'json') terminal.out(JSON.stringify({ plan: planned }, null, 2));
        explain(rollback, terminal, externalId, flags.to);
        return { exitCode: await finish(EXIT_OK) };
      }
      // A refused rollback goes through apply too: its blocked step is recorded (VALIDATION_FAILED) as apply's are.
      explain(rollback, terminal, externalId, flags.to);
      return planned;
    },
  });
}

/** The notes beside the plan, on stderr (rollback-notes.ts). */
function explain(rollback: RollbackPlan, terminal: Terminal, externalId: string, version: number): void {
  for (const line of rollbackNotes(rollback, externalId, version)) terminal.err(line);
}
