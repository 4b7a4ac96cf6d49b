/**
 * `cxschema generate --lang typescript|jsonschema --out DIR [paths...]`: code for the people who read and
 * write records: a record type per schema, or a JSON Schema (2020-12) per schema that validates a record.
 */
import type { Command } from 'commander';
import type { GenerateCommandFlags } from '../generate-action.js';
import { globalOptions } from '../global-options.js';
import { runAction } from '../run-action.js';

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('write record types (TypeScript) or record JSON Schemas (2020-12) for the schema files')
    .argument('[paths...]', "schema files, folders or globs (default: the config file's schemas)")
    .requiredOption('--lang <language>', 'typescript | jsonschema')
    .requiredOption('--out <dir>', 'the folder to write into (created when missing)')
    .addHelpText(
      'after',
      '\ntypescript: <externalId>.ts per schema, index.ts, cxschema-types.ts.\njsonschema: <externalId>.record.schema.json per schema (see docs/codegen.md).',
    )
    .action((paths: string[], flags: GenerateCommandFlags, command: Command) =>
      runAction(async () => {
        const { runGenerate } = await import('../generate-action.js');
        return runGenerate(paths, flags, globalOptions(command));
      }),
    );
}
