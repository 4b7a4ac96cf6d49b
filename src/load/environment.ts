/**
 * `--env NAME`: the config as it holds in one environment. An environment may name its own target family,
 * compatibility mode, portal and audit log; they replace the top-level ones for every command run against it.
 * A name the config does not know is a configuration error that lists the names it does know.
 */
import type { CxConfig, EnvironmentConfig } from '../model/config.js';
import { ConfigError } from '../model/errors.js';

/** The environment's settings; throws ConfigError (exit 64) when the config has no such environment. */
export function environmentSettings(config: CxConfig, name: string): EnvironmentConfig {
  const settings = config.environments?.[name];
  if (settings !== undefined) return settings;
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

/** The config with the environment's overrides applied; the config itself when no environment is named. */
export function configForEnvironment(config: CxConfig, name: string | undefined): CxConfig {
  if (name === undefined) return config;
  const settings = environmentSettings(config, name);
  const effective: CxConfig = { ...config, compatibility: { ...config.compatibility } };
  if (settings.target !== undefined) effective.environmentTarget = settings.target;
  if (settings.compatibility !== undefined) effective.compatibility.mode = settings.compatibility.mode;
  if (settings.portal === false) delete effective.portal;
  else if (settings.portal !== undefined) effective.portal = { ...settings.portal };
  if (settings.audit !== undefined) effective.audit = { ...settings.audit };
  return effective;
}
