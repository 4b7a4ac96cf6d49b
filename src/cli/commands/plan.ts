/**
 * `cxschema plan [paths...]`: what apply would change in the org, Terraform-like, or as JSON; `--out` saves it
 * for `apply --plan`; `--detailed-exitcode` exits 2 when there are changes (drift detection in CI).
 */
import type { Command } from 'commander';
import { globalOptions } from '../global-options.js';
import { addOnlineOptions } from '../online-options.js';
import type { PlanCommandFlags } from '../plan-action.js';
import { runAction } from '../run-action.js';

export function registerPlan(program: Command): void {
  const command = program
    .command('plan')
    .description('show what apply would change in the org (compatibility checked, in dependency order)')
    .argument('[paths...]', "schema files or folders (default: the config file's schemas)")
    .option('--out <file>', 'save the plan as JSON, for apply --plan')
    .option('--detailed-exitcode', 'exit 2 when there are changes, 0 when there are none')
    .addHelpText(
      'after',
      '\nFormats (--format): text (default), json (the plan as data), markdown (for a pull request comment or\n$GITHUB_STEP_SUMMARY; always under 65,536 characters, counting what it leaves out).',
    );
  addOnlineOptions(command).action((paths: string[], flags: PlanCommandFlags, command: Command) =>
    runAction(async () => {
      const { runPlan } = await import('../plan-action.js');
      return runPlan(paths, flags, globalOptions(command));
    }),
  );
}
