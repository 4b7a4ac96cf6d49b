/**
 * `cxschema validate [paths...]`: every rule on every schema file. Paths are files, folders or globs; without
 * any, the config file's `schemas` globs. `--format text|json|github|sarif`. Offline by default; `--online`
 * (implied by --emulator and --env) also checks against the org.
 */
import type { Command } from 'commander';
import { globalOptions } from '../global-options.js';
import { addConnectionOptions } from '../online-options.js';
import { runAction } from '../run-action.js';
import type { ValidateCommandFlags } from '../validate-action.js';

export function registerValidate(program: Command): void {
  const command = program
    .command('validate')
    .description('check schema files: structure, limits, constraints, references, cycles (exit 1 on errors)')
    .argument('[paths...]', "schema files, folders or globs (default: the config file's schemas)")
    .option(
      '--online',
      'also check against the org: its limits, system objects and schemas (implied by --emulator and --env)',
    )
    .option(
      '--sarif-root <dir>',
      'with --format sarif: make paths relative to this folder (default: the git repository root, else the current folder)',
    )
    .option(
      '--sarif-help-base <url>',
      "with --format sarif: the address of docs/rules.md where your team hosts it, for each rule's help link (default: the packaged copy)",
    );
  addConnectionOptions(command)
    .addHelpText(
      'after',
      '\nFormats (--format): text (default), json, github (workflow annotations), sarif (SARIF 2.1.0).',
    )
    .action((paths: string[], flags: ValidateCommandFlags, command: Command) =>
      runAction(async () => {
        const { runValidate } = await import('../validate-action.js');
        return runValidate(paths, flags, globalOptions(command));
      }),
    );
}
