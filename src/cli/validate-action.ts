/**
 * What `cxschema validate` does once its flags are parsed: load the config, validate, render in the chosen
 * format, and say the exit code (0 clean or warnings only, 1 errors). Loaded only when the command runs.
 */
import { loadConfig } from '../load/config-loader.js';
import { noSchemaFilesError } from '../load/no-schema-files.js';
import { UsageError } from '../model/errors.js';
import { RULES } from '../rules/index.js';
import { validatePaths } from '../rules/validate.js';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';
import { renderDiagnosticsGithub } from './render/diagnostics-github.js';
import { renderDiagnosticsJson } from './render/diagnostics-json.js';
import { renderDiagnosticsSarif } from './render/diagnostics-sarif.js';
import { renderDiagnosticsText } from './render/diagnostics-text.js';
import { createTerminal } from './terminal.js';
import { packageVersion } from './package-version.js';

export const VALIDATE_FORMATS = ['text', 'json', 'github', 'sarif'] as const;
export type ValidateFormat = (typeof VALIDATE_FORMATS)[number];

export async function runValidate(paths: string[], options: GlobalOptions): Promise<number> {
  const format = (options.format ?? 'text') as ValidateFormat;
  if (!VALIDATE_FORMATS.includes(format)) {
    throw new UsageError(`unknown format '${options.format}' for validate`, { hint: `use one of ${VALIDATE_FORMATS.join(', ')}` });
  }
  const cwd = process.cwd();
  const config = await loadConfig({ cwd, ...(options.config !== undefined ? { configPath: options.config } : {}) });
  const result = await validatePaths(paths, { config, cwd });
  if (result.files.length === 0) throw noSchemaFilesError(paths, config, cwd);
  const terminal = createTerminal({ color: options.color });

  switch (format) {
    case 'json':
      terminal.out(renderDiagnosticsJson(result));
      break;
    case 'github':
      terminal.out(renderDiagnosticsGithub(result));
      break;
    case 'sarif':
      terminal.out(renderDiagnosticsSarif({ diagnostics: result.diagnostics, rules: RULES, toolVersion: packageVersion() }));
      break;
    case 'text':
      terminal.out(renderDiagnosticsText(result, { color: terminal.color }));
      break;
  }
  return result.summary.errors > 0 ? EXIT_FAILURE : EXIT_OK;
}

