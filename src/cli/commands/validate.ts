/**
 * `cxschema validate [paths...]`: every rule on every schema file, offline. Paths are files, folders or globs;
 * without any, the config file's `schemas` globs. `--format text|json|github|sarif`.
 */
import type { Command } from 'commander';
import { globalOptions } from '../global-options.js';
import { runAction } from '../run-action.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check schema files offline: structure, limits, constraints, references, cycles (exit 1 on errors)')
    .argument('[paths...]', "schema files, folders or globs (default: the config file's schemas)")
    .addHelpText('after', '\nFormats (--format): text (default), json, github (workflow annotations), sarif (SARIF 2.1.0).')
    .action((paths: string[], _flags: unknown, command: Command) =>
      runAction(async () => {
        const { runValidate } = await import('../validate-action.js');
        return runValidate(paths, globalOptions(command));
      }),
    );
}
