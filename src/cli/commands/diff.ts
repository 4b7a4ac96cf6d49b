/**
 * `cxschema diff --env A --env B` (or `--emulator --env B`, or `--data a.json --data b.json`): what promoting
 * the first org to the second would change, schema by schema and field by field, each difference judged under
 * the second org's compatibility mode. `--detailed-exitcode` exits 2 when they differ.
 */
import type { Command } from 'commander';
import type { DiffCommandFlags } from '../diff-action.js';
import { globalOptions } from '../global-options.js';
import { addConnectionOptions } from '../online-options.js';
import { runAction } from '../run-action.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function registerDiff(program: Command): void {
  const command = program
    .command('diff')
    .description('compare two orgs: what promoting the first to the second would change, with compatibility verdicts')
    .option('--data <file>', 'an emulator data file as one of the orgs (give two)', collect)
    .option('--family <name>', "with --data twice: the family to compare (default: the config's target)")
    .option('--detailed-exitcode', 'exit 2 when the orgs differ, 0 when they do not')
    .addHelpText(
      'after',
      "\nThe two orgs, source first: --env A --env B (environments of the config), --emulator --env B (the project's" +
        '\nemulator, then an environment), or --data a.json --data b.json (two emulator data files).',
    );
  addConnectionOptions(command).action((flags: DiffCommandFlags, command: Command) =>
    runAction(async () => {
      const { runDiff } = await import('../diff-action.js');
      return runDiff(flags, globalOptions(command, { manyEnvironments: true }));
    }),
  );
}
