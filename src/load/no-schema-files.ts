/**
 * A run that found no schema file to check is a mistake (a folder without schemas, a glob with a typo in the
 * config), not a clean result: `validate` must not pass in CI because it looked at nothing.
 */
import path from 'node:path';
import type { CxConfig } from '../model/config.js';
import { ConfigError, UsageError } from '../model/errors.js';

/** The error to stop a command with when `paths` (or, without paths, the config's globs) gave no file. */
export function noSchemaFilesError(paths: readonly string[], config: CxConfig, cwd: string): UsageError | ConfigError {
  if (paths.length > 0) {
    return new UsageError(`no schema files in ${paths.join(', ')}`, {
      hint: 'schema files end in .yaml, .yml or .json',
    });
  }
  const globs = config.schemas.join(', ');
  if (config.path === undefined) {
    return new UsageError(`no schema files: no paths given and no config file, and nothing here matches ${globs}`, {
      hint: 'name files or folders (cxschema validate schemas/), or list them in cxschema.config.yaml (schemas: [...])',
    });
  }
  const shown = path.relative(cwd, config.path) || path.basename(config.path);
  return new ConfigError(
    `schemas: no file matches ${globs}`,
    { file: shown },
    {
      hint: `globs resolve against the config file's folder (${path.relative(cwd, config.root) || '.'})`,
    },
  );
}
