/**
 * `--format sarif`: SARIF 2.1.0, the format code-scanning tools (GitHub code scanning among them) ingest.
 * Every rule of the registry is listed in the driver with its description and default level; each finding is a
 * result with its rule, level, message and region. Paths are relative to the source root (%SRCROOT%), the
 * folder validate ran in, which the run records under originalUriBaseIds so that a consumer that does not
 * check the files out at the same place can still resolve them.
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../../model/diagnostic.js';

export interface SarifRuleInfo {
  id: string;
  description: string;
  defaultSeverity: 'error' | 'warning';
}

export interface SarifInput {
  diagnostics: readonly Diagnostic[];
  rules: readonly SarifRuleInfo[];
  toolVersion: string;
  /** The absolute folder the diagnostics' paths are relative to. */
  sourceRoot?: string;
}

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

export function buildSarifLog(input: SarifInput): object {
  const ruleIndex = new Map(input.rules.map((rule, index) => [rule.id, index]));
  const results = input.diagnostics.map((diagnostic) => {
    const index = ruleIndex.get(diagnostic.ruleId);
    const text = diagnostic.hint === undefined ? diagnostic.message : `${diagnostic.message} (hint: ${diagnostic.hint})`;
    const result: Record<string, unknown> = {
      ruleId: diagnostic.ruleId,
      ...(index === undefined ? {} : { ruleIndex: index }),
      level: diagnostic.severity,
      message: { text },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: toUri(diagnostic.file), uriBaseId: '%SRCROOT%' },
            region: { startLine: diagnostic.line, startColumn: diagnostic.column },
          },
        },
      ],
    };
    if (diagnostic.schema !== undefined || diagnostic.field !== undefined) {
      result['properties'] = {
        ...(diagnostic.schema === undefined ? {} : { schema: diagnostic.schema }),
        ...(diagnostic.field === undefined ? {} : { field: diagnostic.field }),
      };
    }
    return result;
  });
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cxschema',
            version: input.toolVersion,
            semanticVersion: input.toolVersion,
            rules: input.rules.map((rule) => ({
              id: rule.id,
              name: pascalCase(rule.id),
              shortDescription: { text: rule.description },
              fullDescription: { text: rule.description },
              defaultConfiguration: { level: rule.defaultSeverity },
              help: { text: `${rule.description} See docs/rules.md#${rule.id.toLowerCase()}.` },
            })),
          },
        },
        ...(input.sourceRoot === undefined ? {} : { originalUriBaseIds: { '%SRCROOT%': { uri: folderUri(input.sourceRoot) } } }),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function renderDiagnosticsSarif(input: SarifInput): string {
  return JSON.stringify(buildSarifLog(input), null, 2) + '\n';
}

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
function toUri(file: string): string {
  return file
    .split(/[\\/]/)
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** A folder as a file URI with its trailing slash (SARIF §3.14.14: a base URI must end with one). */
function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function pascalCase(id: string): string {
  return id
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}
