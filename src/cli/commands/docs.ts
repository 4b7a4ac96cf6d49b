/**
 * `cxschema docs [paths...] --out DIR`: a browsable catalog of the schemas, a static site that opens from the
 * file system: a page per schema, the reference graph, search. With --emulator, --env or --online it adds what
 * only the org knows: versions, dates and each schema's history with field-level diffs.
 */
import type { Command } from 'commander';
import type { DocsCommandFlags } from '../docs-action.js';
import { globalOptions } from '../global-options.js';
import { parsePositiveInteger } from '../online-options.js';
import { runAction } from '../run-action.js';

export function registerDocs(program: Command): void {
  program
    .command('docs')
    .description(
      'write a browsable catalog of the schemas: a static site with a page per schema and the reference graph',
    )
    .argument('[paths...]', "schema files, folders or globs (default: the config file's schemas)")
    .requiredOption('--out <dir>', 'the folder to write the site into (created when missing); open <dir>/index.html')
    .option('--title <text>', 'the title of the catalog', 'Schema catalog')
    .option('--online', 'add versions, dates and history from the org (implied by --emulator and --env)')
    .option('--rate-limit <perMinute>', 'requests per minute to pace the client to, when online', parsePositiveInteger)
    .action((paths: string[], flags: DocsCommandFlags, command: Command) =>
      runAction(async () => {
        const { runDocs } = await import('../docs-action.js');
        return runDocs(paths, flags, globalOptions(command));
      }),
    );
}
