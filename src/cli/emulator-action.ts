/**
 * What `cxschema emulator` does once its flags are parsed: start the emulator, say where it listens and how to
 * log in, and stop it cleanly when asked. The client secret of a configured client or of the environment is
 * never printed; only the demo client's, which exists for loopback use.
 */
import type { EmulatorFlags } from '../emulator/index.js';
import { DEMO_CLIENT_ID, emulatorOptionsFromFlags, startEmulator } from '../emulator/index.js';
import { UsageError } from '../model/errors.js';
import { EXIT_OK } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';
import type { Terminal } from './terminal.js';
import { createTerminal, paint } from './terminal.js';

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export interface EmulatorStarted {
  url: string;
  demoClient?: { id: string; secret: string };
  environmentClientId?: string;
  dataPath?: string;
  admin: boolean;
}

export async function runEmulator(flags: EmulatorFlags, global: GlobalOptions, stopped: Promise<void>, terminal: Terminal = createTerminal({ color: global.color })): Promise<number> {
  if (global.format !== undefined && global.format !== 'text' && global.format !== 'json') throw new UsageError(`--format ${global.format} is not supported by emulator (text or json)`);
  const options = await emulatorOptionsFromFlags(flags);
  options.onError = (error) => terminal.err(`emulator error: ${error instanceof Error ? error.message : String(error)}`);
  const emulator = await startEmulator(options);
  if (emulator.dataLockTakenOverFrom !== undefined) {
    terminal.err(`note: took over the lock of ${options.dataPath ?? 'the data file'} from process ${emulator.dataLockTakenOverFrom}, which no longer runs`);
  }
  const demo = options.clients === undefined ? emulator.demoClient : undefined;
  const envId = options.clients === undefined && process.env['GENESYS_OAUTH_CLIENT_ID'] && process.env['GENESYS_OAUTH_CLIENT_SECRET'] ? process.env['GENESYS_OAUTH_CLIENT_ID'] : undefined;
  const started: EmulatorStarted = { url: emulator.url, admin: options.admin === true };
  if (demo) started.demoClient = { id: demo.id, secret: demo.secret };
  if (envId !== undefined) started.environmentClientId = envId;
  if (options.dataPath !== undefined) started.dataPath = options.dataPath;

  if (global.format === 'json') {
    terminal.out(JSON.stringify(started));
  } else {
    const bold = (text: string): string => paint(terminal.color, 'bold', text);
    terminal.out(`cxschema emulator listening on ${bold(emulator.url)}`);
    terminal.out(options.dataPath !== undefined ? `state: ${options.dataPath}` : 'state: in memory (use --data PATH to keep it)');
    if (demo) {
      terminal.out(`demo client (for local use only): id ${demo.id}, secret ${demo.secret}`);
      terminal.out(`  export GENESYS_OAUTH_DOMAIN=${emulator.url} GENESYS_OAUTH_CLIENT_ID=${DEMO_CLIENT_ID} GENESYS_OAUTH_CLIENT_SECRET=${demo.secret}`);
    } else {
      terminal.out(`clients: ${options.clients?.length ?? 0} from ${flags.clients ?? 'options'}`);
    }
    if (envId !== undefined) terminal.out(`also accepts GENESYS_OAUTH_CLIENT_ID=${envId} from the environment`);
    if (options.defaultPermissions !== undefined) terminal.out(`permissions on the DataSchema routes: ${options.defaultPermissions.join(', ')}`);
    const faults = emulator.faults();
    if (Object.keys(faults).length > 0) terminal.out(`faults: ${JSON.stringify(faults)} (seed ${options.seed ?? 1})`);
    if (options.admin === true) terminal.out(`admin routes: ${emulator.url}/__emulator/`);
    terminal.out('press Ctrl+C to stop');
  }
  await stopped;
  await emulator.stop();
  if (global.format !== 'json') terminal.err('emulator stopped');
  return EXIT_OK;
}
