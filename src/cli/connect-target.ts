/**
 * The org a command talks to: the one GENESYS_OAUTH_* names (with `--env`, the config's environment may name
 * the domain and other variables for the client id and secret), or with `--emulator` an emulator started in
 * this process, whose state persists under the project's `.cxschema/` folder so that a second run sees what the
 * first one wrote.
 */
import { join } from 'node:path';
import { environmentSettings } from '../load/environment.js';
import type { CxConfig } from '../model/config.js';
import type { EmulatorHandle } from '../emulator/options.js';
import type { CustomObjectsTarget, TransportHooks } from '../genesys/index.js';
import type { GlobalOptions } from './global-options.js';

export const EMULATOR_STATE_FILE = join('.cxschema', 'emulator-state.json');

/**
 * The in-process emulator is a local file, not a shared org: it is started without the platform's rate limit,
 * and the client paces itself at this rate so that the quick start takes a moment rather than the platform's
 * 300 requests a minute.
 */
const EMULATOR_RATE_LIMIT_PER_MINUTE = 6000;

export interface ConnectOptions {
  emulator: boolean;
  /** The emulator's state file (default `.cxschema/emulator-state.json` next to the config file). */
  emulatorDataPath?: string;
  /**
   * Read the emulator's state file once, without its lock, and never write it (`diff`, which only reads): a run
   * that reads needs no wait for an emulator that holds the file.
   */
  emulatorReadOnly?: boolean;
  config: CxConfig;
  /** `--env`: an environment of the config file. */
  environment?: string;
  env: NodeJS.ProcessEnv;
  /** Requests per minute the client paces itself to (default: the platform's 300). */
  rateLimitPerMinute?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  hooks?: TransportHooks;
}

export interface Connection {
  target: CustomObjectsTarget;
  /** The org as plans and audit entries name it: the domain, or `emulator` for the in-process one. */
  orgDomain: string;
  /** The OAuth client id (never the secret). */
  actor: string;
  /** Values that must never appear in output, for redactors (the client secret). */
  secrets: string[];
  /** The environment's name for audit entries and change events: --env, `emulator`, or `default`. */
  environment: string;
  /** Stops the in-process emulator (which writes its state); nothing to do otherwise. */
  close(): Promise<void>;
}

/** The pacing flags a command may take: `--rate-limit`, and `--concurrency` for the commands that have it. */
export interface PacingFlags {
  rateLimit?: number;
  concurrency?: number;
}

/**
 * The org the global flags name (`--emulator`, `--env`) paced as the command's flags ask: the one place a command
 * that talks to one org turns its flags into a connection.
 */
export function connectForCommand(
  globals: GlobalOptions,
  config: CxConfig,
  pacing: PacingFlags,
  hooks?: TransportHooks,
): Promise<Connection> {
  return connectTarget({
    emulator: globals.emulator === true,
    config,
    ...(globals.env === undefined ? {} : { environment: globals.env }),
    env: process.env,
    ...(hooks === undefined ? {} : { hooks }),
    ...(pacing.rateLimit === undefined ? {} : { rateLimitPerMinute: pacing.rateLimit }),
    ...(pacing.concurrency === undefined ? {} : { concurrency: pacing.concurrency }),
  });
}

export async function connectTarget(options: ConnectOptions): Promise<Connection> {
  const { createTarget, credentialsFromEnv, DEFAULT_CREDENTIAL_VARIABLES } = await import('../genesys/index.js');
  const { familyNamed } = await import('../family/index.js');
  // The config given here already has its environment's overrides (configForEnvironment), its target included.
  const family = familyNamed(options.config.environmentTarget ?? options.config.target ?? 'customobjects');
  const clientOptions = {
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.hooks === undefined ? {} : { hooks: options.hooks }),
  };

  if (options.emulator) {
    const { startEmulator } = await import('../emulator/index.js');
    const dataPath = options.emulatorDataPath ?? join(options.config.root, EMULATOR_STATE_FILE);
    const handle: EmulatorHandle = await startEmulator({
      port: 0,
      host: '127.0.0.1',
      dataPath,
      rateLimitPerMinute: 0,
      ...(options.emulatorReadOnly === true
        ? { dataReadOnly: true }
        : {
            // Another run holds the state: wait for it, then plan against what it left. The path as it is: the run
            // may be in another folder than the config, or read another file.
            onDataLockWait: (holder) =>
              process.stderr.write(
                `waiting for ${dataPath}: another cxschema run (process ${holder.pid}) is using the emulator's state; this run goes on when it ends\n`,
              ),
          }),
    });
    const target = createTarget(family, {
      ...clientOptions,
      credentials: { clientId: handle.demoClient.id, clientSecret: handle.demoClient.secret, domain: handle.url },
      rateLimitPerMinute: options.rateLimitPerMinute ?? EMULATOR_RATE_LIMIT_PER_MINUTE,
    });
    return {
      target,
      orgDomain: 'emulator',
      actor: handle.demoClient.id,
      secrets: [handle.demoClient.secret],
      // The org is the emulator whatever --env names: its entries and events must not pass for that org's.
      environment: 'emulator',
      close: () => handle.stop(),
    };
  }

  const settings = options.environment === undefined ? {} : environmentSettings(options.config, options.environment);
  const credentials = credentialsFromEnv(
    options.env,
    {
      clientId: settings.clientIdEnv ?? DEFAULT_CREDENTIAL_VARIABLES.clientId,
      clientSecret: settings.clientSecretEnv ?? DEFAULT_CREDENTIAL_VARIABLES.clientSecret,
      domain: DEFAULT_CREDENTIAL_VARIABLES.domain,
    },
    settings.domain,
    `environments.${options.environment ?? ''}.domain in the config`,
  );
  const target = createTarget(family, {
    ...clientOptions,
    credentials,
    ...(options.rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute: options.rateLimitPerMinute }),
  });
  return {
    target,
    orgDomain: target.orgDomain,
    actor: target.actor,
    secrets: [credentials.clientSecret],
    environment: options.environment ?? 'default',
    close: () => Promise.resolve(),
  };
}
