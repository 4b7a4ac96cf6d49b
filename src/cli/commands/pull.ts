/**
 * `cxschema pull [--out DIR] [--select GLOB] [--force]`: every schema of the org written as a file in the file
 * format, so that `plan` right after shows no change. Files that differ are overwritten only with --force.
 */
import type { Command } from 'commander';
import { globalOptions } from '../global-options.js';
import { addConnectionOptions } from '../online-options.js';
import type { PullCommandFlags } from '../pull-action.js';
import { runAction } from '../run-action.js';

export function registerPull(program: Command): void {
  const command = program
    .command('pull')
    .description('write every schema of the org as a file, one each (<externalId>.schema.yaml)')
    .option('--out <dir>', 'the folder to write to, made when missing (default: the working directory)')
    .option('--select <glob>', 'only the schemas whose externalId matches, e.g. "cust_*" or "{order,invoice}"')
    .option('--force', 'overwrite files that differ from the org (otherwise they stop the pull, naming each)');
  addConnectionOptions(command).action((flags: PullCommandFlags, command: Command) =>
    runAction(async () => {
      const { runPull } = await import('../pull-action.js');
      return runPull(flags, globalOptions(command));
    }),
  );
}
