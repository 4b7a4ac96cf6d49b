/**
 * What `cxschema validate` does once its flags are parsed: load the config, validate (offline, or against the
 * org with --online), render in the chosen format, and say the exit code (0 clean or warnings only, 1 errors).
 * Loaded only when the command runs; the online parts and the github and sarif renderers only when they are asked
 * for (the SARIF one brings node:crypto, which a text run does not need: docs/architecture.md, "Start-up").
 */
import { loadProjectConfig } from './project-config.js';
import { noSchemaFilesError } from '../load/no-schema-files.js';
import { UsageError } from '../model/errors.js';
import { RULES } from '../rules/index.js';
import type { CxConfig } from '../model/config.js';
import { validatePaths, type ValidationResult } from '../rules/validate.js';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';
import { renderDiagnosticsJson } from './render/diagnostics-json.js';
import { renderDiagnosticsText } from './render/diagnostics-text.js';
import { createTerminal, type Terminal } from './terminal.js';
import { packageVersion } from './package-version.js';

export const VALIDATE_FORMATS = ['text', 'json', 'github', 'sarif'] as const;
export type ValidateFormat = (typeof VALIDATE_FORMATS)[number];

export interface ValidateCommandFlags {
  online?: boolean;
  rateLimit?: number;
  metricsFile?: string;
  metricsFormat?: string;
  sarifRoot?: string;
  sarifHelpBase?: string;
}

export async function runValidate(
  paths: string[],
  flags: ValidateCommandFlags,
  options: GlobalOptions,
): Promise<number> {
  const format = (options.format ?? 'text') as ValidateFormat;
  if (!VALIDATE_FORMATS.includes(format)) {
    throw new UsageError(`unknown format '${options.format}' for validate`, {
      hint: `use one of ${VALIDATE_FORMATS.join(', ')}`,
    });
  }
  const online = flags.online === true || options.emulator === true || options.env !== undefined;
  if (!online) refuseOnlineOnlyFlags(flags);
  for (const [flag, value] of [
    ['--sarif-root', flags.sarifRoot],
    ['--sarif-help-base', flags.sarifHelpBase],
  ] as const) {
    if (value !== undefined && format !== 'sarif') {
      throw new UsageError(`${flag} applies only to --format sarif`, { hint: 'add --format sarif, or drop the flag' });
    }
  }
  // Checked before the files are read: a bad address is a usage error, not a log half made.
  const helpUri =
    format === 'sarif' ? (await import('./rules-doc-uri.js')).rulesDocUri(flags.sarifHelpBase) : undefined;
  const cwd = process.cwd();
  const config = await loadProjectConfig(options, cwd);
  const terminal = createTerminal({ color: options.color });
  const result = online
    ? await validateOnline(paths, flags, options, config, cwd, terminal)
    : await validatePaths(paths, { config, cwd });
  if (result.files.length === 0) throw noSchemaFilesError(paths, config, cwd);

  switch (format) {
    case 'json':
      terminal.out(renderDiagnosticsJson(result));
      break;
    case 'github': {
      const { renderDiagnosticsGithub } = await import('./render/diagnostics-github.js');
      terminal.out(renderDiagnosticsGithub(result));
      break;
    }
    case 'sarif': {
      const [{ renderDiagnosticsSarif }, { sarifRoot }] = await Promise.all([
        import('./render/diagnostics-sarif.js'),
        import('./sarif-root.js'),
      ]);
      terminal.out(
        renderDiagnosticsSarif({
          diagnostics: result.diagnostics,
          rules: RULES,
          toolVersion: packageVersion(),
          sourceRoot: cwd,
          uriRoot: sarifRoot(flags.sarifRoot, cwd),
          ...(helpUri === undefined ? {} : { rulesDocUri: helpUri }),
        }),
      );
      break;
    }
    case 'text':
      terminal.out(renderDiagnosticsText(result, { color: terminal.color }));
      break;
  }
  return result.summary.errors > 0 ? EXIT_FAILURE : EXIT_OK;
}

/**
 * Pacing and metrics describe a conversation with an org: offline, there is none, so say so rather than ignore them.
 */
function refuseOnlineOnlyFlags(flags: ValidateCommandFlags): void {
  const given = (
    [
      ['--rate-limit', flags.rateLimit],
      ['--metrics-file', flags.metricsFile],
      ['--metrics-format', flags.metricsFormat],
    ] as const
  ).filter(([, value]) => value !== undefined);
  if (given.length === 0) return;
  const named = given.map(([flag]) => flag).join(', ');
  throw new UsageError(`${named} ${given.length === 1 ? 'applies' : 'apply'} only when validate reads the org`, {
    hint: 'add --online (or --emulator, or --env NAME), or drop the flag',
  });
}

/**
 * The files checked against the org: its limits, system objects and schemas (references to schemas that only
 * the org holds resolve). The run's metrics go to stderr, and to --metrics-file, as for plan and apply.
 */
async function validateOnline(
  paths: string[],
  flags: ValidateCommandFlags,
  options: GlobalOptions,
  config: CxConfig,
  cwd: string,
  terminal: Terminal,
): Promise<ValidationResult> {
  const [{ withReadSession }, { validateAgainstOrg }] = await Promise.all([
    import('./read-session.js'),
    import('../plan/validate-against-org.js'),
  ]);
  return withReadSession(
    options,
    flags,
    terminal,
    cwd,
    async ({ connection, metrics }) => {
      const { validation, snapshot } = await validateAgainstOrg({
        paths,
        cwd,
        config,
        target: connection.target,
        orgDomain: connection.orgDomain,
      });
      metrics.recordValidationFailures(validation.diagnostics);
      const count = snapshot.schemas.length;
      terminal.err(
        `validated against ${connection.orgDomain}: ${count} ${count === 1 ? 'schema' : 'schemas'} in the org, its limits and system objects`,
      );
      return validation;
    },
    { config },
  );
}
