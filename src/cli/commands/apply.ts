/**
 * `cxschema apply [paths...]`: plans from the files (or takes a saved plan with --plan), shows the plan, asks
 * for confirmation unless --auto-approve, and runs it wave by wave against the org.
 */
import type { Command } from 'commander';
import type { ApplyCommandFlags } from '../apply-action.js';
import { globalOptions } from '../global-options.js';
import { addOnlineOptions } from '../online-options.js';
import { runAction } from '../run-action.js';

export function registerApply(program: Command): void {
  const command = program
    .command('apply')
    .description('make the org hold what the files describe: plan, confirm, then deploy wave by wave')
    .argument('[paths...]', "schema files or folders (default: the config file's schemas)")
    .option('--plan <file>', 'apply a plan saved with plan --out (refused when the org changed since)')
    .option('--auto-approve', 'apply without asking for confirmation')
    .option('--strict-portal', 'fail the run when a change event cannot be exported to the portal');
  addOnlineOptions(command).action((paths: string[], flags: ApplyCommandFlags, command: Command) =>
    runAction(async () => {
      const { runApply } = await import('../apply-action.js');
      return runApply(paths, flags, globalOptions(command));
    }),
  );
}
