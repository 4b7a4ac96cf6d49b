/** `cxschema completion bash|zsh|fish`: a completion script for the shell, generated from the command tree. */
import type { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import { globalOptions } from '../global-options.js';
import { runAction } from '../run-action.js';

export function registerCompletion(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script: bash, zsh or fish')
    .argument('<shell>', 'bash | zsh | fish')
    .addHelpText(
      'after',
      '\nInstall: eval "$(cxschema completion bash)" in ~/.bashrc; cxschema completion fish > ~/.config/fish/completions/cxschema.fish;\ncxschema completion zsh > "${fpath[1]}/_cxschema".',
    )
    .action((shell: string, _flags: unknown, command: Command) =>
      runAction(async () => {
        // `--format json` promises one JSON document on stdout: a shell script is none, so it is refused, not
        // ignored (as generate and docs refuse it).
        const format = globalOptions(command).format;
        if (format !== undefined && format !== 'text')
          throw new UsageError(`completion does not support --format ${format}`);
        const { COMPLETION_SHELLS, completionScript } = await import('../completion.js');
        if (!(COMPLETION_SHELLS as readonly string[]).includes(shell)) {
          throw new UsageError(`unknown shell '${shell}' for completion`, {
            hint: `use one of ${COMPLETION_SHELLS.join(', ')}`,
          });
        }
        process.stdout.write(completionScript(program, shell as (typeof COMPLETION_SHELLS)[number]));
        return 0;
      }),
    );
}
