/**
 * `cxschema plan [paths...]`: what apply would change in the org, Terraform-like, or as JSON; `--out` saves it
 * for `apply --plan`; `--detailed-exitcode` exits 2 when there are changes (drift detection in CI).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { globalOptions } from '../global-options.js';
import type { PlanCommandFlags } from '../plan-action.js';
import { runAction } from '../run-action.js';

export function parsePositiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return parsed;
}

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('show what apply would change in the org (compatibility checked, in dependency order)')
    .argument('[paths...]', "schema files or folders (default: the config file's schemas)")
    .option('--prune', 'deprecate schemas in the org that no file describes (never deletes one)')
    .option('--out <file>', 'save the plan as JSON, for apply --plan')
    .option('--detailed-exitcode', 'exit 2 when there are changes, 0 when there are none')
    .option('--rate-limit <perMinute>', 'requests per minute to pace the client to (default: 300, the platform default)', parsePositiveInteger)
    .option('--concurrency <n>', 'requests in flight at once (default 8)', parsePositiveInteger)
    .option('--metrics-file <path>', "write the run's metrics (Prometheus text format; a *.prom name suits node_exporter)")
    .option('--metrics-format <format>', 'prometheus | json (default prometheus)')
    .action((paths: string[], flags: PlanCommandFlags, command: Command) =>
      runAction(async () => {
        const { runPlan } = await import('../plan-action.js');
        return runPlan(paths, flags, globalOptions(command));
      }),
    );
}
