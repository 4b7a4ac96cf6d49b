/**
 * `cxschema graph [paths...]`: the reference graph of the schema files, with deploy waves and cycles marked,
 * as Mermaid (default), Graphviz DOT, SVG or JSON.
 */
import type { Command } from 'commander';
import { globalOptions } from '../global-options.js';
import { runAction } from '../run-action.js';

export function registerGraph(program: Command): void {
  program
    .command('graph')
    .description('draw which schemas reference which, with deploy waves and reference cycles marked')
    .argument('[paths...]', "schema files, folders or globs (default: the config file's schemas)")
    .addHelpText(
      'after',
      '\nFormats (--format): mermaid (default; a wave per subgraph, cycle edges red), dot (Graphviz clusters per wave),' +
        '\njson (nodes, edges with their field paths, waves, cycles, blocked schemas),' +
        '\nsvg (the DOT drawing laid out in-process by Graphviz in WebAssembly; no Graphviz install needed).' +
        '\nAn arrow a -> b means schema a references b, so b is deployed first.',
    )
    .action((paths: string[], _flags: unknown, command: Command) =>
      runAction(async () => {
        const { runGraph } = await import('../graph-action.js');
        return runGraph(paths, globalOptions(command));
      }),
    );
}
