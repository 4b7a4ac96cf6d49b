/**
 * `--format sarif`: SARIF 2.1.0, the format code-scanning tools (GitHub code scanning among them) ingest.
 * Every rule of the registry is listed in the driver with its description and default level; each finding is a
 * result with its rule, level, message, region and a partial fingerprint. Paths are relative to the source root
 * (%SRCROOT%: `--sarif-root`, else the repository root), which the run records under originalUriBaseIds so that
 * a consumer that does not check the files out at the same place can still resolve them. docs/ci.md describes
 * the choices (fingerprints, help links, the root).
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../../model/diagnostic.js';

export interface SarifRuleInfo {
  id: string;
  description: string;
  defaultSeverity: 'error' | 'warning';
  /** More about the rule (Markdown), when it has more than one line to say. */
  details?: string;
}

export interface SarifInput {
  diagnostics: readonly Diagnostic[];
  rules: readonly SarifRuleInfo[];
  toolVersion: string;
  /** The absolute folder the diagnostics' paths are relative to (where validate ran). */
  sourceRoot?: string;
  /**
   * The absolute folder result URIs are made relative to (%SRCROOT%): the repository root, so that code scanning
   * finds the files wherever validate ran. Defaults to sourceRoot. A file outside it keeps an absolute file URI.
   */
  uriRoot?: string;
  /** Where each rule's section of docs/rules.md is: the document's absolute URI, without the `#anchor`. */
  rulesDocUri?: string;
}

/** The partialFingerprints key: versioned, so that a change of what is hashed never matches old alerts wrongly. */
export const FINGERPRINT_KEY = 'cxschemaFindingHash/v1';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

export function buildSarifLog(input: SarifInput): object {
  const ruleIndex = new Map(input.rules.map((rule, index) => [rule.id, index]));
  const uriRoot = input.uriRoot ?? input.sourceRoot;
  const fingerprints = fingerprintAll(
    input.diagnostics,
    (diagnostic) => artifactUri(diagnostic.file, input.sourceRoot, uriRoot).uri,
  );
  const results = input.diagnostics.map((diagnostic, position) => {
    const index = ruleIndex.get(diagnostic.ruleId);
    const text =
      diagnostic.hint === undefined ? diagnostic.message : `${diagnostic.message} (hint: ${diagnostic.hint})`;
    const result: Record<string, unknown> = {
      ruleId: diagnostic.ruleId,
      ...(index === undefined ? {} : { ruleIndex: index }),
      level: diagnostic.severity,
      message: { text },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactUri(diagnostic.file, input.sourceRoot, uriRoot),
            region: { startLine: diagnostic.line, startColumn: diagnostic.column },
          },
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprints[position]! },
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
              fullDescription: fullDescription(rule),
              defaultConfiguration: { level: rule.defaultSeverity },
              ...(input.rulesDocUri === undefined ? {} : { helpUri: `${input.rulesDocUri}#${ruleAnchor(rule.id)}` }),
              help: { text: `${rule.description} See docs/rules.md#${ruleAnchor(rule.id)}.` },
            })),
          },
        },
        ...(uriRoot === undefined ? {} : { originalUriBaseIds: { '%SRCROOT%': { uri: folderUri(uriRoot) } } }),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function renderDiagnosticsSarif(input: SarifInput): string {
  return JSON.stringify(buildSarifLog(input), null, 2) + '\n';
}

/** The heading anchor of a rule's section in docs/rules.md (`## FIELD_TYPE_UNKNOWN` is `#field_type_unknown`). */
export function ruleAnchor(ruleId: string): string {
  return ruleId.toLowerCase();
}

function fullDescription(rule: SarifRuleInfo): { text: string; markdown?: string } {
  if (rule.details === undefined) return { text: rule.description };
  const full = `${rule.description}\n\n${rule.details}`;
  return { text: full, markdown: full };
}

/**
 * Where a finding's file is: relative to the URI root under %SRCROOT% when it lies inside it, else an absolute
 * file URI (nothing is lost, and no `../` climbs out of the root a consumer checked out).
 */
function artifactUri(
  file: string,
  sourceRoot: string | undefined,
  uriRoot: string | undefined,
): { uri: string; uriBaseId?: string } {
  if (sourceRoot === undefined || uriRoot === undefined || sourceRoot === uriRoot)
    return { uri: toUri(file), uriBaseId: '%SRCROOT%' };
  const absolute = path.resolve(sourceRoot, file);
  const relative = path.relative(uriRoot, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative))
    return { uri: pathToFileURL(absolute).href };
  return { uri: toUri(relative), uriBaseId: '%SRCROOT%' };
}

/**
 * One fingerprint per finding: a hash of what the finding is (rule, file as the repository names it, schema,
 * field, message), never where it is, so that lines inserted above it keep it the same alert. Two findings
 * alike in all of that are told apart by their order among themselves, which a line shift does not change.
 */
function fingerprintAll(diagnostics: readonly Diagnostic[], uriOf: (diagnostic: Diagnostic) => string): string[] {
  const seen = new Map<string, number>();
  return diagnostics.map((diagnostic) => {
    const identity = JSON.stringify([
      diagnostic.ruleId,
      uriOf(diagnostic),
      diagnostic.schema ?? '',
      diagnostic.field ?? '',
      withoutLineNumbers(diagnostic.message),
    ]);
    const hash = createHash('sha256').update(identity).digest('hex');
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    return `${hash}:${occurrence}`;
  });
}

/**
 * Messages that point at another place (`first on line 4`, `a.yaml:12`) would move with it: the hash leaves the number
 * out.
 */
function withoutLineNumbers(message: string): string {
  return message.replace(/\bline \d+/g, 'line').replace(/(\.(?:ya?ml|json)):\d+(?::\d+)?/g, '$1');
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
