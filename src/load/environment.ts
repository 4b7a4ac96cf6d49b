/**
 * `--env NAME`: the config as it holds in one environment. An environment may name its own target family,
 * compatibility mode, portal and audit log; they replace the top-level ones for every command run against it.
 * A name the config does not know is a configuration error that lists the names it does know.
 */
import type { CxConfig, EnvironmentConfig } from '../model/config.js';
import { ConfigError } from '../model/errors.js';

/** The environment's settings; throws ConfigError (exit 64) when the config has no such environment. */
export function environmentSettings(config: CxConfig, name: string): EnvironmentConfig {
  // Its own entries only: `--env constructor` names no environment, whatever Object.prototype holds.
  const environments = config.environments;
  if (environments !== undefined && Object.hasOwn(environments, name)) return environments[name]!;
  const known = Object.keys(config.environments ?? {}).sort();
  throw new ConfigError(
    `unknown environment "${name}"${config.path === undefined ? ' (no config file was found)' : ''}`,
    config.path === undefined ? undefined : { file: config.path },
    {
      hint:
        known.length > 0
          ? `environments in the config: ${known.join(', ')}`
          : 'the config has no environments: add one under `environments:` in cxschema.config.yaml',
    },
  );
}

/** How the environment's org is reached: `emulator` when the run talks to the in-process emulator instead. */
export interface EnvironmentUse {
  emulator?: boolean;
}

/**
 * The config with the environment's overrides applied; the config itself when no environment is named. With the
 * emulator (`--emulator --env NAME`), the environment names only what its schemas are and how changes to them are
 * judged (its target family and compatibility mode): its portal and audit log record its real org's changes, and a
 * change made to the emulator is not one of them (docs/config.md "Environments").
 */
export function configForEnvironment(config: CxConfig, name: string | undefined, use: EnvironmentUse = {}): CxConfig {
  if (name === undefined) return config;
  const settings = environmentSettings(config, name);
  const effective: CxConfig = { ...config, compatibility: { ...config.compatibility } };
  if (settings.target !== undefined) effective.environmentTarget = settings.target;
  if (settings.compatibility !== undefined) effective.compatibility.mode = settings.compatibility.mode;
  if (use.emulator === true) return effective;
  if (settings.portal === false) delete effective.portal;
  else if (settings.portal !== undefined) effective.portal = { ...settings.portal };
  if (settings.audit !== undefined) effective.audit = { ...settings.audit };
  return effective;
}
