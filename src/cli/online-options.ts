/** Flags shared by the commands that talk to an org: one definition, so they cannot drift apart. */
import { InvalidArgumentError, type Command } from 'commander';

/**
 * A count or a version as digits only: `Number` alone would also take `0x2`, `1e0`, `2.0` and ` 2`, and round a
 * number past 2^53 to another one, so that `--to 9999999999999999999` asked for version 10000000000000000000.
 */
export function parsePositiveInteger(value: string): number {
  const parsed = /^[0-9]+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed === 0) throw new InvalidArgumentError('expected a positive whole number');
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
