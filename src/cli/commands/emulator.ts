/**
 * `cxschema emulator`: run the local platform (docs/api-contract.md) until Ctrl+C, for users without an org and
 * for CI pipelines that test offline.
 */
import type { Command } from 'commander';
import { globalOptions } from '../global-options.js';
import { runAction } from '../run-action.js';

export function registerEmulator(program: Command): void {
  program
    .command('emulator')
    .description(
      'run a local emulator of the custom objects and DataSchema APIs (OAuth, schemas, paging, rate limit, faults)',
    )
    .option('--port <port>', 'port to listen on; 0 picks a free one', '8787')
    .option(
      '--host <host>',
      'address to listen on; any other than loopback makes the API reachable from the network (a warning says so)',
      '127.0.0.1',
    )
    .option(
      '--data <path>',
      'keep the state in this JSON file across restarts (written atomically); in memory when absent',
    )
    .option(
      '--clients <file>',
      'JSON file of OAuth clients: [{"id", "secret", "scopes", "permissions", "roles"}] or {"roles", "clients"} (default: a demo client)',
    )
    .option(
      '--permissions <list>',
      'permissions of the default clients on the DataSchema routes, e.g. workitems:workitemSchema:view (default: all)',
    )
    .option('--rate-limit <n/min>', 'requests per minute per token, or off', '300/min')
    .option(
      '--faults <spec>',
      'inject faults, e.g. 503=0.1,429=0.05,reset=0.02,latency=50,slow=0.02 (docs/api-contract.md)',
    )
    .option('--seed <n>', 'seed of the fault generator (same seed, same requests: same faults)')
    .option('--token-lifetime <seconds>', 'lifetime of issued tokens (default 86400)')
    .option(
      '--limits <pairs>',
      'platform limits to serve, e.g. maxFieldsPerSchema=20,workitems.maxNumberOfFieldsPerSchema=10',
    )
    .option(
      '--system-objects <names>',
      'comma-separated system object types (default: contact, externalOrganization, conversation, user, queue, workitem)',
    )
    .option(
      '--admin',
      'serve the admin routes under /__emulator/ (faults, rate limit, counters); on a host other than loopback only with --admin-token',
    )
    .option(
      '--admin-token <token>',
      'require "Authorization: Bearer TOKEN" on the admin routes (at least 16 characters; or CXSCHEMA_EMULATOR_ADMIN_TOKEN)',
    )
    .option(
      '--legacy-rate-limit-headers',
      'send the inin-ratelimit-allowed/count/reset headers the platform no longer sends',
    )
    .addHelpText(
      'after',
      '\nThe admin routes answer only requests whose Host header names the address listened on (no page of another' +
        '\nsite can reach them through DNS rebinding), and no request from another origin. With --host 0.0.0.0 the' +
        '\nexport line names http://127.0.0.1:PORT: the CLI speaks plain http to loopback only.',
    )
    .action((_flags: unknown, command: Command) =>
      runAction(async () => {
        const { runEmulator, untilSignal } = await import('../emulator-action.js');
        return runEmulator(command.opts(), globalOptions(command), untilSignal());
      }),
    );
}
