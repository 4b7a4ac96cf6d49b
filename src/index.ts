/**
 * cxschema as a library: every command is a function here that returns data (docs/architecture.md "Library first");
 * the CLI in src/cli/ only parses flags and renders.
 */
export type * from './model/schema.js';
export { FIELD_TYPES, SCHEMA_STATUSES, COMPATIBILITY_MODES, IDENTIFIER_PATTERN } from './model/schema.js';
export { FIELD_TYPE_FACTS, DEFAULT_LIMITS, DEFAULT_SYSTEM_OBJECTS, type PlatformLimits } from './model/field-types.js';
export type { Diagnostic, DiagnosticSummary, Severity } from './model/diagnostic.js';
export type { CxConfig } from './model/config.js';
export type { SchemaDocument, SourcePosition } from './model/document.js';
export { CxError, UsageError, ConfigError } from './model/errors.js';

export {
  FAMILIES,
  FAMILY_NAMES,
  CUSTOM_OBJECTS_FAMILY,
  familyNamed,
  type Family,
  type FamilyName,
} from './family/index.js';

export { loadConfig } from './load/config-loader.js';
export { configForEnvironment } from './load/environment.js';
export { loadSchemaFiles } from './load/schema-loader.js';
export { validatePaths, validateDocuments, type ValidateOptions, type ValidationResult } from './rules/validate.js';
export { RULES, findRule } from './rules/index.js';

export * as graph from './graph/index.js';
export * as compat from './compat/index.js';

export {
  createCustomObjectsTarget,
  createTarget,
  credentialsFromEnv,
  ApiError,
  type Target,
  type CustomObjectsTarget,
  type HttpTarget,
  type ClientOptions,
  type Credentials,
} from './genesys/index.js';

export { planChanges, preparePlan, validateAgainstOrg, serializePlan, parsePlan, type Plan } from './plan/index.js';
export {
  applyPlan,
  checkPlanIsCurrent,
  combineEvents,
  type ApplyEvents,
  type ApplyOptions,
  type ApplyResult,
} from './apply/index.js';
export {
  pullSchemas,
  schemaFileText,
  readHistory,
  historyOf,
  planRollback,
  diffOrgs,
  type PullResult,
  type SchemaFileHeader,
  type SchemaHistory,
  type RollbackPlan,
  type OrgDiff,
} from './org/index.js';

export {
  createRunMetrics,
  writeMetricsFile,
  createApplyObserver,
  openAuditLog,
  verifyAuditChain,
  readAuditEntries,
  createPortalExporter,
  verifyPortalSignature,
  resendOutbox,
  type RunMetrics,
  type MetricsFormat,
  type AuditLog,
  type ApplyObserver,
  type ApplyObserverOptions,
  type ObserverReport,
  type PortalSignatureInput,
  type PortalSignatureCheck,
} from './observe/index.js';

export { startEmulator } from './emulator/index.js';
export type { EmulatorOptions, EmulatorHandle, FaultSpec } from './emulator/options.js';
