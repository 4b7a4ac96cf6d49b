/**
 * What `cxschema emulator` does once its flags are parsed: start the emulator, say where it listens and how to
 * log in, and stop it cleanly when asked. The client secret of a configured client or of the environment is
 * never printed; only the demo client's, which exists for loopback use.
 */
import type { EmulatorFlags } from '../emulator/index.js';
import { DEMO_CLIENT_ID, emulatorOptionsFromFlags, isLoopbackHost, startEmulator } from '../emulator/index.js';
import { MIN_ADMIN_TOKEN_LENGTH } from '../emulator/admin-guard.js';
import { environmentPairCollides } from '../emulator/oauth-clients.js';
import { MIN_SECRET_LENGTH, redactSecrets } from '../genesys/secret-redactor.js';
import { UsageError } from '../model/errors.js';
import { EXIT_OK } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';
import { sanitizeForTerminal } from './render/terminal-text.js';
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
  /** The GENESYS_OAUTH_DOMAIN the CLI accepts for this emulator, when there is one. */
  domain?: string;
}

/**
 * An internal failure as `emulator error:` prints it: an error's message may quote a request, a path or a URL
 * (Node's, a library's), so it goes through the secret redactor the client's errors go through: the run's secrets
 * (the admin token, the clients' secrets), credential shapes, and a URL's user part (docs/architecture.md
 * "Conventions"); then made safe for the terminal, on one line.
 */
export function emulatorErrorText(error: unknown, secrets: readonly (string | undefined)[]): string {
  const text = error instanceof Error ? error.message : String(error);
  // A value too short to be a secret (a `dev` client secret in a test setup) is not looked for: it would redact
  // ordinary words, as the client's redactor knows (MIN_SECRET_LENGTH).
  const known = secrets.filter((secret) => secret !== undefined && secret.length >= MIN_SECRET_LENGTH);
  return sanitizeForTerminal(redactSecrets(text, known));
}

export const ADMIN_TOKEN_VARIABLE = 'CXSCHEMA_EMULATOR_ADMIN_TOKEN';

/**
 * The base URL this machine's CLI reaches the emulator at. The CLI sends plain http only to loopback, so a wildcard
 * address is named by its loopback twin, and another address has none (https through a proxy is needed there).
 */
export function localDomain(host: string, port: number): string | undefined {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === '0.0.0.0') return `http://127.0.0.1:${port}`;
  if (bare === '::' || bare === '0:0:0:0:0:0:0:0') return `http://[::1]:${port}`;
  if (isLoopbackHost(bare)) return `http://${bare.includes(':') ? `[${bare}]` : bare}:${port}`;
  return undefined;
}

export async function runEmulator(
  flags: EmulatorFlags,
  global: GlobalOptions,
  stopped: Promise<void>,
  terminal: Terminal = createTerminal({ color: global.color }),
): Promise<number> {
  if (global.format !== undefined && global.format !== 'text' && global.format !== 'json')
    throw new UsageError(`--format ${global.format} is not supported by emulator (text or json)`);
  // The variable lives in the environment, set for every run: without --admin there are no admin routes for it to
  // protect, so it is ignored (only the --admin-token flag without --admin is an error).
  const tokenFromEnvironment = flags.admin === true ? process.env[ADMIN_TOKEN_VARIABLE] : undefined;
  // Checked here, where its source is known: the flags' own check would name --admin-token.
  if (flags.adminToken === undefined && tokenFromEnvironment && tokenFromEnvironment.length < MIN_ADMIN_TOKEN_LENGTH)
    throw new UsageError(`${ADMIN_TOKEN_VARIABLE} must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters long`, {
      hint: `e.g. export ${ADMIN_TOKEN_VARIABLE}="$(openssl rand -hex 16)"`,
    });
  const options = await emulatorOptionsFromFlags(
    flags.adminToken === undefined && tokenFromEnvironment ? { ...flags, adminToken: tokenFromEnvironment } : flags,
  );
  // The secrets this run holds; the demo client's joins them once the emulator has made it.
  const secrets = [
    options.adminToken,
    process.env['GENESYS_OAUTH_CLIENT_SECRET'],
    ...(options.clients ?? []).map((client) => client.secret),
  ];
  options.onError = (error) => terminal.err(`emulator error: ${emulatorErrorText(error, secrets)}`);
  const emulator = await startEmulator(options);
  secrets.push(emulator.demoClient.secret);
  if (emulator.dataLockTakenOverFrom !== undefined) {
    terminal.err(
      `note: took over the lock of ${options.dataPath ?? 'the data file'} from process ${emulator.dataLockTakenOverFrom}, which no longer runs`,
    );
  }
  const demo = options.clients === undefined ? emulator.demoClient : undefined;
  const envPair =
    demo !== undefined && process.env['GENESYS_OAUTH_CLIENT_ID'] && process.env['GENESYS_OAUTH_CLIENT_SECRET']
      ? process.env['GENESYS_OAUTH_CLIENT_ID']
      : undefined;
  // The demo client's id in the environment does not replace the demo client (oauth-clients.ts): say so.
  const collides = demo !== undefined && envPair !== undefined && environmentPairCollides(demo, process.env);
  const envId = envPair !== undefined && !collides ? envPair : undefined;
  if (collides)
    terminal.err(
      `note: GENESYS_OAUTH_CLIENT_ID=${envPair} from the environment is the demo client's id; the demo client keeps its own secret, the environment's is not accepted`,
    );
  const host = options.host ?? '127.0.0.1';
  const exposed = !isLoopbackHost(host);
  if (exposed) {
    terminal.err(
      `warning: listening on ${host}: the API${options.admin === true ? ' and the admin routes' : ''} can be reached from the network by anyone who can reach this machine` +
        (demo ? ' (the demo client has a random secret)' : ''),
    );
  }
  const domain = localDomain(host, emulator.port);
  const started: EmulatorStarted = { url: emulator.url, admin: options.admin === true };
  if (domain !== undefined) started.domain = domain;
  if (demo) started.demoClient = { id: demo.id, secret: demo.secret };
  if (envId !== undefined) started.environmentClientId = envId;
  if (options.dataPath !== undefined) started.dataPath = options.dataPath;

  if (global.format === 'json') {
    terminal.out(JSON.stringify(started));
  } else {
    const bold = (text: string): string => paint(terminal.color, 'bold', text);
    terminal.out(`cxschema emulator listening on ${bold(emulator.url)}`);
    terminal.out(
      options.dataPath !== undefined ? `state: ${options.dataPath}` : 'state: in memory (use --data PATH to keep it)',
    );
    if (demo) {
      terminal.out(`demo client (for local use only): id ${demo.id}, secret ${demo.secret}`);
      if (domain !== undefined)
        terminal.out(
          `  export GENESYS_OAUTH_DOMAIN=${domain} GENESYS_OAUTH_CLIENT_ID=${DEMO_CLIENT_ID} GENESYS_OAUTH_CLIENT_SECRET=${demo.secret}`,
        );
    } else {
      terminal.out(`clients: ${options.clients?.length ?? 0} from ${flags.clients ?? 'options'}`);
    }
    if (domain === undefined) {
      terminal.out(
        `note: the CLI sends plain http only to loopback; from elsewhere, reach ${emulator.url} through an https proxy and set GENESYS_OAUTH_DOMAIN to its URL`,
      );
    } else if (domain !== emulator.url) {
      terminal.out(
        `note: GENESYS_OAUTH_DOMAIN=${domain} works on this machine; the CLI sends plain http only to loopback, so other machines need an https proxy in front`,
      );
    }
    if (envId !== undefined) terminal.out(`also accepts GENESYS_OAUTH_CLIENT_ID=${envId} from the environment`);
    if (options.defaultPermissions !== undefined)
      terminal.out(`permissions on the DataSchema routes: ${options.defaultPermissions.join(', ')}`);
    const faults = emulator.faults();
    if (Object.keys(faults).length > 0) terminal.out(`faults: ${JSON.stringify(faults)} (seed ${options.seed ?? 1})`);
    if (options.admin === true)
      terminal.out(
        `admin routes: ${domain ?? emulator.url}/__emulator/${options.adminToken !== undefined ? ' (Authorization: Bearer <the admin token>)' : ''}`,
      );
    terminal.out('press Ctrl+C to stop');
  }
  await stopped;
  await emulator.stop();
  if (global.format !== 'json') terminal.err('emulator stopped');
  return EXIT_OK;
}
