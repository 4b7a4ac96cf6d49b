/**
 * `cxschema rollback <externalId> --to <version>`: an earlier version's contents deployed as a new version,
 * through the same plan, compatibility check, confirmation, audit entry, metrics and change event as apply.
 */
import type { Command } from 'commander';
import { globalOptions } from '../global-options.js';
import { addConnectionOptions, parsePositiveInteger } from '../online-options.js';
import type { RollbackCommandFlags } from '../rollback-action.js';
import { runAction } from '../run-action.js';

export function registerRollback(program: Command): void {
  const command = program
    .command('rollback')
    .description(
      "deploy an earlier version's contents as a new version (current + 1), checked and recorded as apply is",
    )
    .argument('<externalId>', 'the schema')
    .requiredOption('--to <version>', 'the version whose contents to restore', parsePositiveInteger)
    .option('--dry-run', 'show the plan and write nothing')
    .option(
      '--allow-breaking <reason>',
      'deploy it even if it breaks the compatibility mode; the reason goes into the audit log and the change event',
    )
    .option('--auto-approve', 'roll back without asking for confirmation')
    .option('--strict-portal', 'fail the run when the change event cannot be exported to the portal');
  addConnectionOptions(command).action((externalId: string, flags: RollbackCommandFlags, command: Command) =>
    runAction(async () => {
      const { runRollback } = await import('../rollback-action.js');
      return runRollback(externalId, flags, globalOptions(command));
    }),
  );
}
