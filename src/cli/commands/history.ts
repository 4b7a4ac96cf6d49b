/**
 * `cxschema history <externalId>`: every version of a schema, oldest first, with its date, its status and the
 * field-level diff to the version before, each catalogued change with its compatibility rule id and verdict.
 */
import type { Command } from 'commander';
import { globalOptions } from '../global-options.js';
import { addConnectionOptions } from '../online-options.js';
import type { ReadFlags } from '../read-session.js';
import { runAction } from '../run-action.js';

export function registerHistory(program: Command): void {
  const command = program
    .command('history')
    .description('every version of a schema, oldest first, with what changed in each and its compatibility verdict')
    .argument('<externalId>', 'the schema');
  addConnectionOptions(command).action((externalId: string, flags: ReadFlags, command: Command) =>
    runAction(async () => {
      const { runHistory } = await import('../history-action.js');
      return runHistory(externalId, flags, globalOptions(command));
    }),
  );
}
