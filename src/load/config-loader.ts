/**
 * `cxschema.config.yaml`: found by walking up from the working directory (or named with --config), checked
 * against its JSON Schema (src/model/config-format.ts), merged over the defaults. Every mistake in it is a
 * ConfigError at the file, line and column of the offending key: a setting that is silently ignored is worse
 * than one that stops the run.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_SCHEMA_GLOBS, type CxConfig } from '../model/config.js';
import { ConfigError, UsageError } from '../model/errors.js';
import { hasUrlUserPart } from '../model/redaction.js';
import { globBase, globToRegExp, hasGlobMagic } from './glob-pattern.js';
import { joinPointer } from './json-pointer.js';
import { describeAjvErrors, describePointer } from './json-schema-problems.js';
import { validateConfigFile } from './generated/file-format-validators.js';
import { MAX_SOURCE_BYTES } from './source-limits.js';
import { parseSource } from './source-parser.js';
import { decodeSourceBytes } from './source-text.js';

export const CONFIG_FILE_NAMES: readonly string[] = ['cxschema.config.yaml', 'cxschema.config.yml'];

/** The defaults, as used when there is no config file. */
export function defaultConfig(root: string): CxConfig {
  return {
    schemas: [...DEFAULT_SCHEMA_GLOBS],
    rules: {},
    systemObjects: [],
    limits: {},
    compatibility: { mode: 'BACKWARD', ignore: [] },
    root,
  };
}

export interface LoadConfigOptions {
  cwd: string;
  configPath?: string;
  /** `--allow-outside`: `schemas` entries may name files outside the config file's folder. */
  allowOutside?: boolean;
}

export async function loadConfig(options: LoadConfigOptions): Promise<CxConfig> {
  const cwd = path.resolve(options.cwd);
  let file: string | undefined;
  if (options.configPath !== undefined) {
    file = path.resolve(cwd, options.configPath);
    const info = await stat(file).catch(() => undefined);
    if (info === undefined)
      throw new ConfigError(`config file not found: ${options.configPath}`, undefined, {
        hint: 'check the --config path',
      });
    if (!info.isFile()) {
      const what = info.isDirectory()
        ? 'a folder'
        : info.isCharacterDevice() || info.isBlockDevice()
          ? 'a device'
          : 'not a regular file';
      throw new ConfigError(`--config ${options.configPath} is ${what}, not a config file`, undefined, {
        hint: 'pass --config the path of cxschema.config.yaml itself',
      });
    }
  } else {
    file = await findConfigFile(cwd);
  }
  if (file === undefined) return defaultConfig(cwd);
  return readConfigFile(file, cwd, options.allowOutside === true);
}

/** The nearest config file in `cwd` or a folder above it. */
export async function findConfigFile(cwd: string): Promise<string | undefined> {
  let folder = path.resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(folder, name);
      if ((await stat(candidate).catch(() => undefined))?.isFile() === true) return candidate;
    }
    const parent = path.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

async function readConfigFile(file: string, cwd: string, allowOutside: boolean): Promise<CxConfig> {
  const shown = path.relative(cwd, file) || path.basename(file);
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError(`cannot read the config file (${error.code ?? 'error'})`, { file: shown });
  });
  if (bytes.length > MAX_SOURCE_BYTES)
    throw new ConfigError('config file too large', { file: shown, line: 1, column: 1 });
  const decoded = decodeSourceBytes(bytes);
  if (!decoded.ok)
    throw new ConfigError(decoded.message, { file: shown, ...locationOf(decoded.position) }, withHint(decoded.hint));
  return parseConfigText(decoded.text, { file, shown, allowOutside });
}

/** The config in `text` (the file at `file`), or a ConfigError at the first problem. */
export function parseConfigText(
  text: string,
  where: { file: string; shown: string; allowOutside?: boolean },
): CxConfig {
  const root = path.dirname(where.file);
  let value: unknown = {};
  let locate: ((pointer: string, options?: { key?: boolean }) => { line: number; column: number }) | undefined;
  if (!isBlankYaml(text)) {
    const parsed = parseSource(text, path.extname(where.file).toLowerCase() === '.json' ? 'json' : 'yaml');
    if (!parsed.ok) {
      const first = parsed.problems[0]!;
      throw new ConfigError(first.message, { file: where.shown, ...locationOf(first.position) }, withHint(first.hint));
    }
    value = parsed.value;
    locate = parsed.locate;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError('the config file must be a mapping of settings (schemas, rules, limits, ...)', {
      file: where.shown,
      line: 1,
      column: 1,
    });
  }

  if (!validateConfigFile(value)) {
    const problems = describeAjvErrors(validateConfigFile.errors);
    const first = problems[0]!;
    const position = locate?.(first.pointer, first.key === true ? { key: true } : undefined) ?? { line: 1, column: 1 };
    const more =
      problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new ConfigError(
      `${first.message}${more}`,
      { file: where.shown, ...locationOf(position) },
      withHint(first.hint),
    );
  }

  const settings = value as Partial<Omit<CxConfig, 'path' | 'root'>> & { $schema?: string };
  const config = defaultConfig(root);
  config.path = where.file;
  if (settings.target) config.target = settings.target;
  if (settings.schemas) {
    config.schemas = [...settings.schemas];
    const outside = config.schemas.filter((pattern) => leavesFolder(pattern, root));
    if (outside.length > 0 && where.allowOutside !== true) {
      const index = config.schemas.indexOf(outside[0]!);
      const position = locate?.(`/schemas/${index}`) ?? { line: 1, column: 1 };
      throw new ConfigError(
        `schemas entry ${JSON.stringify(outside[0])} reaches outside the config file's folder (${root})`,
        { file: where.shown, ...locationOf(position) },
        {
          hint: 'name schema files below the folder of the config file, or pass --allow-outside if files outside it are meant to be read',
        },
      );
    }
    if (outside.length > 0) config.outsideSchemas = outside;
    // A glob that cannot be matched at all is a mistake in the file, to be told at its line like the others.
    config.schemas.forEach((pattern, index) => {
      if (!hasGlobMagic(pattern)) return;
      try {
        globToRegExp(pattern);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        const position = locate?.(`/schemas/${index}`) ?? { line: 1, column: 1 };
        throw new ConfigError(
          `schemas[${index}]: ${error.message}`,
          { file: where.shown, ...locationOf(position) },
          withHint(error.hint),
        );
      }
    });
  }
  if (settings.rules) config.rules = { ...settings.rules };
  if (settings.systemObjects) config.systemObjects = [...settings.systemObjects];
  if (settings.limits) config.limits = { ...settings.limits };
  if (settings.compatibility) {
    config.compatibility = {
      mode: settings.compatibility.mode ?? 'BACKWARD',
      ignore: (settings.compatibility.ignore ?? []).map((entry) => ({ ...entry })),
    };
  }
  if (settings.portal) config.portal = { ...settings.portal };
  if (settings.audit) config.audit = { ...settings.audit };
  if (settings.environments) {
    // The client would refuse such a domain only once a run picks the environment, without a line to point at; and
    // a password in the file is a mistake whatever the run. The value is not quoted (docs/config.md).
    for (const [name, environment] of Object.entries(settings.environments)) {
      if (environment.domain === undefined || !hasUrlUserPart(environment.domain.trim())) continue;
      const pointer = joinPointer('/environments', name, 'domain');
      throw new ConfigError(
        `${describePointer(pointer)} must not carry a user name or password (the value is not shown)`,
        { file: where.shown, ...locationOf(locate?.(pointer) ?? { line: 1, column: 1 }) },
        {
          hint: `give the domain or base URL alone, and the client id and secret in the variables that environments.${name}.clientIdEnv and clientSecretEnv name`,
        },
      );
    }
    config.environments = Object.fromEntries(
      Object.entries(settings.environments).map(([name, env]) => [name, { ...env }]),
    );
  }
  return config;
}

/**
 * Whether a `schemas` entry can match a file outside `root`: an absolute path or one whose fixed folders climb out
 * with `..`. A glob's magic segments only ever match below its fixed prefix (src/load/file-discovery.ts), so the
 * prefix decides. A symbolic link inside the folder that points out of it is not seen here.
 */
function leavesFolder(pattern: string, root: string): boolean {
  const normalized = pattern.replace(/\\/g, '/');
  const fixed = hasGlobMagic(normalized) ? globBase(normalized) : normalized;
  const relative = path.relative(root, path.resolve(root, fixed));
  return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}

/** Only blank lines and comments: an empty config, which means the defaults. */
function isBlankYaml(text: string): boolean {
  return text.split(/\r\n|\r|\n/).every((line) => /^\s*(#.*)?$/.test(line));
}

function locationOf(position: { line: number; column: number }): { line: number; column: number } {
  return { line: position.line, column: position.column };
}

function withHint(hint: string | undefined): { hint: string } | undefined {
  return hint === undefined ? undefined : { hint };
}
