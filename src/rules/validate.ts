/**
 * Validation as a library call: documents (or paths) in, findings and the reference graph out. Every rule runs
 * on every document; nothing stops at the first finding. Severities from the config are applied here, so
 * callers (the CLI, plan) see the findings the user configured, sorted by file and position.
 */
import type { CxConfig, RuleSetting } from '../model/config.js';
import {
  compareDiagnostics,
  summarizeDiagnostics,
  type Diagnostic,
  type DiagnosticSummary,
} from '../model/diagnostic.js';
import type { SchemaDocument } from '../model/document.js';
import { ConfigError } from '../model/errors.js';
import { DEFAULT_SYSTEM_OBJECTS, type PlatformLimits } from '../model/field-types.js';
import { familyOfDocument, projectFilesFamily } from '../family/index.js';
import type { Family } from '../family/family.js';
import type { SchemaField, SchemaStatus } from '../model/schema.js';
import { findCycles } from '../graph/cycles.js';
import type { ReferenceGraph } from '../graph/reference-graph.js';
import { buildSchemaGraph } from '../graph/schema-graph.js';
import { deployWaves } from '../graph/waves.js';
import { closestName } from '../load/closest-name.js';
import { loadSchemaFiles, type LoadedSchemaFiles } from '../load/schema-loader.js';
import { findRule, RULES } from './index.js';
import type { ReportOptions, RuleContext } from './rule.js';
import { orgQuantityFindings } from './org-quantity-limits.js';
import { viewSchema, type SchemaView } from './schema-view.js';

export interface ValidateOptions {
  config: CxConfig;
  /** The org's limits when online; the platform's defaults with the config's overrides when absent. */
  limits?: PlatformLimits;
  /** The org's system object types when online, added to the platform's defaults and the config's. */
  systemObjects?: readonly string[];
  /**
   * The org's schemas when online (REFERENCE_TARGET_UNKNOWN, PUBLISHED_REFERENCES_UNPUBLISHED), with their field
   * counts where known (ORG_FIELD_LIMIT).
   */
  remoteSchemas?: ReadonlyMap<string, { status: SchemaStatus; fields?: number }>;
  /** The platform family of files that name none: the config's `target` (custom objects) when absent. */
  family?: Family;
  /** The family `limits` were read from (online): the files of other families keep their own. */
  limitsFamily?: Family;
}

export interface DocumentsValidation {
  /** Sorted, severities from the config applied, rules set to off removed. */
  diagnostics: Diagnostic[];
  graph: ReferenceGraph;
  /** Deploy waves of the schemas that can be ordered. */
  waves: string[][];
  /** Schemas that can never be deployed: in a cycle, or depending on one. */
  blocked: string[];
  cycles: string[][];
}

export interface ValidationResult extends DocumentsValidation {
  documents: SchemaDocument[];
  summary: DiagnosticSummary;
  /** Every file read, as shown in findings. */
  files: string[];
  /** The text of each file that decoded, by shown path (for code frames). */
  sources: ReadonlyMap<string, string>;
}

export function validateDocuments(documents: SchemaDocument[], options: ValidateOptions): DocumentsValidation {
  const settings = ruleSettings(options.config);
  const family = options.family ?? projectFilesFamily(options.config);
  const familyOf = (document: SchemaDocument): Family => familyOfDocument(document, family);
  const limitsFamily = options.limitsFamily ?? family;
  const facts = new Map<Family, { known: ReadonlySet<string>; limits: PlatformLimits }>();
  const factsOf = (document: SchemaDocument): { known: ReadonlySet<string>; limits: PlatformLimits } => {
    const of = familyOf(document);
    let found = facts.get(of);
    if (found === undefined) {
      // The org's limits hold for the family it was read from; the others keep their own.
      const limits = { ...of.defaultLimits, ...options.config.limits, ...(of === limitsFamily ? options.limits : {}) };
      facts.set(of, (found = { known: new Set(of.fieldTypes), limits }));
    }
    return found;
  };
  const schemas = documents
    .map((document) => viewSchema(document, factsOf(document).known, factsOf(document).limits))
    .filter((view): view is SchemaView => view !== undefined);
  const graph = buildSchemaGraph(
    schemas
      .filter((schema) => schema.externalId !== undefined)
      .map((schema) => ({ externalId: schema.externalId!, fields: schema.fields as SchemaField[] })),
  );
  const cycles = findCycles(graph.graph);
  const { waves, blocked } = deployWaves(graph.graph);
  const limits: PlatformLimits = { ...family.defaultLimits, ...options.config.limits, ...options.limits };
  const systemObjects = new Set([
    ...DEFAULT_SYSTEM_OBJECTS,
    ...options.config.systemObjects,
    ...(options.systemObjects ?? []),
  ]);
  const externalIds = new Map<SchemaDocument, string>();
  for (const schema of schemas)
    if (schema.externalId !== undefined) externalIds.set(schema.document, schema.externalId);

  const diagnostics: Diagnostic[] = [];
  for (const rule of RULES) {
    if (!('check' in rule)) continue;
    const setting = settings.get(rule.id) ?? rule.defaultSeverity;
    if (setting === 'off') continue;
    const context: RuleContext = {
      documents,
      schemas,
      limits,
      systemObjects,
      config: options.config,
      graph,
      cycles,
      ...(options.remoteSchemas ? { remoteSchemas: options.remoteSchemas } : {}),
      familyOf,
      report(document: SchemaDocument, pointer: string, message: string, reportOptions?: ReportOptions) {
        const position = document.locate(pointer, reportOptions?.key === true ? { key: true } : undefined);
        const diagnostic: Diagnostic = {
          ruleId: rule.id,
          severity: setting,
          message,
          file: document.file,
          line: position.line,
          column: position.column,
        };
        const schema = externalIds.get(document);
        if (schema !== undefined) diagnostic.schema = schema;
        if (reportOptions?.field !== undefined) diagnostic.field = reportOptions.field;
        if (reportOptions?.hint !== undefined) diagnostic.hint = reportOptions.hint;
        diagnostics.push(diagnostic);
      },
    };
    rule.check(context);
  }
  // The org's own /limits (online, DataSchema families): a limit of the org, whatever the config says of rules.
  diagnostics.push(...orgQuantityFindings(schemas, options.remoteSchemas));
  diagnostics.sort(compareDiagnostics);
  return { diagnostics, graph: graph.graph, waves, blocked, cycles };
}

/**
 * Reads and checks the files. `reading` is the same files' loadSchemaFiles already under way, for a caller that
 * starts it while it waits on something else (plan reads the files while the org's snapshot is on its way); its
 * errors come where loading's always do, after the config's rule settings are checked.
 */
export async function validatePaths(
  paths: string[],
  options: ValidateOptions & { cwd: string },
  reading?: Promise<LoadedSchemaFiles>,
): Promise<ValidationResult> {
  const settings = ruleSettings(options.config);
  const loaded = await (reading ?? loadSchemaFiles(paths, options.config, options.cwd));
  const validated = validateDocuments(loaded.documents, options);
  const diagnostics = [...applySettings(loaded.diagnostics, settings), ...validated.diagnostics].sort(
    compareDiagnostics,
  );
  const schemas = loaded.documents.filter((document) => viewSchema(document) !== undefined).length;
  return {
    ...validated,
    diagnostics,
    documents: loaded.documents,
    summary: summarizeDiagnostics(diagnostics, loaded.files.length, schemas),
    files: loaded.files,
    sources: loaded.sources,
  };
}

/** The config's severities by rule id; an id that names no rule is a config error, not a silent no-op. */
function ruleSettings(config: CxConfig): Map<string, RuleSetting> {
  const settings = new Map<string, RuleSetting>();
  for (const [id, setting] of Object.entries(config.rules)) {
    if (findRule(id) === undefined) {
      const suggestion = closestName(
        id,
        RULES.map((rule) => rule.id),
      );
      throw new ConfigError(
        `rules: '${id}' is not a validation rule`,
        config.path === undefined ? undefined : { file: config.path },
        { hint: suggestion !== undefined ? `did you mean '${suggestion}'?` : 'docs/rules.md lists the rule ids' },
      );
    }
    settings.set(id, setting);
  }
  return settings;
}

function applySettings(diagnostics: readonly Diagnostic[], settings: ReadonlyMap<string, RuleSetting>): Diagnostic[] {
  const result: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const setting = settings.get(diagnostic.ruleId);
    if (setting === 'off') continue;
    result.push(setting === undefined ? diagnostic : { ...diagnostic, severity: setting });
  }
  return result;
}
