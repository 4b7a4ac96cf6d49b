/** Flags every command accepts (docs/architecture.md "CLI contract"). */
import type { Command } from 'commander';
import { UsageError } from '../model/errors.js';

export interface GlobalOptions {
  config?: string;
  /** `--allow-outside`: config `schemas` entries may reach outside the config file's folder. */
  allowOutside?: boolean;
  /** `--env NAME`: the one environment of a command that talks to one org. */
  env?: string;
  /** Every `--env` given, in order: `diff` compares two. */
  envs?: string[];
  format?: string;
  emulator?: boolean;
  color: boolean;
}

/** `--env` may be given more than once (diff compares two environments): each value is kept. */
export function collectEnvironment(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * The merged global and command options, as commander hands them to an action. Only a command that compares
 * orgs takes `--env` twice; any other says so rather than silently use the last one.
 */
export function globalOptions(command: Command, options: { manyEnvironments?: boolean } = {}): GlobalOptions {
  const raw = command.optsWithGlobals<Omit<GlobalOptions, 'env' | 'envs'> & { env?: string | string[] }>();
  const envs = raw.env === undefined ? [] : Array.isArray(raw.env) ? raw.env : [raw.env];
  if (envs.length > 1 && options.manyEnvironments !== true) {
    throw new UsageError(
      `--env is given ${envs.length} times (${envs.join(', ')}): ${command.name()} talks to one org`,
      {
        hint: 'pass --env once; to compare two environments use cxschema diff --env A --env B',
      },
    );
  }
  const { env: _raw, ...rest } = raw;
  const result: GlobalOptions = { ...rest, envs };
  if (envs.length > 0) result.env = envs[envs.length - 1]!;
  return result;
}
