/** Flags shared by the commands that talk to an org: one definition, so they cannot drift apart. */
import { InvalidArgumentError, type Command } from 'commander';

export function parsePositiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return parsed;
}

/** Every command that reads an org (validate --online, plan, apply): pacing, and the run's metrics. */
export function addConnectionOptions(command: Command): Command {
  return command
    .option(
      '--rate-limit <perMinute>',
      'requests per minute to pace the client to (default: 300, the platform default; 6000 with --emulator)',
      parsePositiveInteger,
    )
    .option(
      '--metrics-file <path>',
      "write the run's metrics (Prometheus text format; a *.prom name suits node_exporter)",
    )
    .option('--metrics-format <format>', 'prometheus | json (default prometheus)');
}

/** plan and apply: the connection flags, and what to plan. */
export function addOnlineOptions(command: Command): Command {
  return addConnectionOptions(
    command
      .option('--prune', 'deprecate schemas in the org that no file describes (never deletes one)')
      .option('--concurrency <n>', 'steps (and requests) in flight at once (default 8)', parsePositiveInteger),
  );
}
