/** Flags every command accepts (docs/architecture.md "CLI contract"). */
import type { Command } from 'commander';

export interface GlobalOptions {
  config?: string;
  env?: string;
  format?: string;
  emulator?: boolean;
  color: boolean;
}

/** The merged global and command options, as commander hands them to an action. */
export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}
