/**
 * The config as every command loads it: `--config`, `--allow-outside`, and on stderr the files read from outside
 * the config file's folder when that flag let `schemas` reach there (docs/config.md).
 */
import path from 'node:path';
import { loadConfig } from '../load/config-loader.js';
import { configForEnvironment } from '../load/environment.js';
import { discoverSchemaFiles } from '../load/file-discovery.js';
import type { CxConfig } from '../model/config.js';
import { sanitizeForTerminal } from './render/terminal-text.js';

export async function loadCommandConfig(
  options: { config?: string; allowOutside?: boolean },
  cwd: string,
): Promise<CxConfig> {
  const config = await loadConfig({
    cwd,
    ...(options.config === undefined ? {} : { configPath: options.config }),
    ...(options.allowOutside === true ? { allowOutside: true } : {}),
  });
  if (config.outsideSchemas !== undefined) {
    const files = await discoverSchemaFiles(config.outsideSchemas, {
      base: config.root,
      strict: false,
      ...(config.path === undefined ? {} : { exclude: [config.path] }),
    });
    const outside = files.filter((file) => {
      const relative = path.relative(config.root, file);
      return relative.startsWith('..') || path.isAbsolute(relative);
    });
    const list = outside.length === 0 ? 'none matched' : outside.map((file) => sanitizeForTerminal(file)).join(', ');
    process.stderr.write(
      `--allow-outside: ${outside.length} schema file${outside.length === 1 ? '' : 's'} outside ${sanitizeForTerminal(config.root)} read: ${list}\n`,
    );
  }
  return config;
}

/**
 * The config file, with the overrides of the environment `--env` names (an unknown name is exit 64): what every
 * command that reads the schema files checks them against, so that validate, plan, generate and docs agree.
 */
export async function loadProjectConfig(
  globals: { config?: string; allowOutside?: boolean; env?: string; emulator?: boolean },
  cwd: string,
): Promise<CxConfig> {
  const config = await loadCommandConfig(globals, cwd);
  return configForEnvironment(config, globals.env, { emulator: globals.emulator === true });
}

/**
 * The config's settings for the org `--env` and `--emulator` name, for a command that reads no schema file (audit,
 * portal): where the schemas lie is no matter, so `schemas` may reach anywhere. With --emulator, the top-level
 * portal and audit log, which the emulator's runs use (docs/config.md "Environments").
 */
export async function loadSettingsConfig(
  globals: { config?: string; env?: string; emulator?: boolean },
  cwd: string,
): Promise<CxConfig> {
  const config = await loadConfig({
    cwd,
    allowOutside: true,
    ...(globals.config === undefined ? {} : { configPath: globals.config }),
  });
  return configForEnvironment(config, globals.env, { emulator: globals.emulator === true });
}
