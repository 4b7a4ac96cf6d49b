/**
 * What a validation rule is (docs/architecture.md, after ajv's keyword definitions): a small definition object with a
 * stable id, a default severity, a one-line description and an example that triggers it, plus its check.
 * A check reads the whole set of documents through the context and reports findings as data; it never throws
 * for a finding and never prints.
 */
import type { Severity } from '../model/diagnostic.js';
import type { SchemaDocument } from '../model/document.js';
import type { PlatformLimits } from '../model/field-types.js';
import type { CxConfig } from '../model/config.js';
import type { SchemaStatus } from '../model/schema.js';
import type { SchemaGraph } from '../graph/schema-graph.js';
import type { SchemaView } from './schema-view.js';
import type { Family } from '../family/family.js';

interface RuleInfo {
  /** SCREAMING_SNAKE_CASE, stable: a contract with configs and CI annotations. */
  id: string;
  defaultSeverity: Severity;
  /** One line, for docs/rules.md, SARIF and `--help`. */
  description: string;
  /** A schema file (YAML) that triggers the rule; docs/rules.md shows it and a test checks it. */
  example: string;
  /** More about the rule for docs/rules.md (Markdown), when one line is not enough. */
  details?: string;
}

/** A rule whose check runs on loaded documents. */
export interface CheckedRule extends RuleInfo {
  check(context: RuleContext): void;
}

/** A rule the loader reports, before a file has a value to check (FILE_PARSE_ERROR). */
export interface LoaderRule extends RuleInfo {
  reportedBy: 'loader';
}

export type RuleDefinition = CheckedRule | LoaderRule;

export interface ReportOptions {
  /** Point at the property's key rather than its value (unknown keys, duplicates). */
  key?: boolean;
  /** The field the finding is about, as a path (`address.street`, `tags[]`). */
  field?: string;
  hint?: string;
}

export interface RuleContext {
  /** Every loaded document, including those that failed the structural check. */
  readonly documents: readonly SchemaDocument[];
  /** A lenient view of each document whose value is a mapping, in document order. */
  readonly schemas: readonly SchemaView[];
  readonly limits: PlatformLimits;
  /** System object types a reference may name: the platform's, the config's and the org's. */
  readonly systemObjects: ReadonlySet<string>;
  /** The org's schemas, when validating online. */
  readonly remoteSchemas?: ReadonlyMap<string, { status: SchemaStatus }>;
  readonly config: CxConfig;
  /** The reference graph of the set (schemas with an externalId). */
  readonly graph: SchemaGraph;
  /** Every reference cycle, as findCycles gives them. */
  readonly cycles: readonly string[][];
  /** The platform family a document's schema is deployed to (the config's target, or the file's own). */
  familyOf(document: SchemaDocument): Family;
  report(document: SchemaDocument, pointer: string, message: string, options?: ReportOptions): void;
}
