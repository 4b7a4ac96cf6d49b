/**
 * Working with orgs that already hold schemas: pull them into files, read a schema's history, roll back, compare two
 * orgs.
 */
export {
  pullSchemas,
  PULLED_FILE_SUFFIX,
  type PullOptions,
  type PullResult,
  type PulledFile,
  type PullAction,
  type PullSource,
} from './pull.js';
export { schemaFileText, type SchemaFileHeader } from './schema-file-text.js';
export {
  readHistory,
  historyOf,
  readVersions,
  type SchemaHistory,
  type HistoryVersionEntry,
  type HistoryCompatChange,
  type VersionSource,
} from './history.js';
export {
  planRollback,
  rollbackPlan,
  type RollbackOptions,
  type RollbackPlan,
  type RollbackSource,
} from './rollback.js';
export { diffOrgs, orgsDiffer, type OrgDiff, type OrgDiffOptions, type OrgSide } from './org-diff.js';
