/** Observability: run metrics, the audit log, portal change events, and the observer that connects them to apply. */
export { createRunMetrics, formatSummary, SCHEMA_OUTCOMES } from './run-metrics.js';
export type { RunMetrics, RunMetricsSnapshot, SchemaOutcome, EndpointCount } from './run-metrics.js';
export { renderMetrics, writeMetricsFile, type MetricsFormat } from './metrics-file.js';
export { openAuditLog, verifyAuditChain, readAuditEntries, AUDIT_ACTIONS, GENESIS_HASH } from './audit-log.js';
export type {
  AuditContext,
  AuditAppend,
  AuditLog,
  AuditLogOptions,
  AuditEntry,
  AuditAction,
  AuditStatus,
  AuditVerification,
  AuditFilter,
} from './audit-log.js';
export { AuditLogCorruptError, AuditLogMissingError, AuditLogUnwritableError } from './audit-errors.js';
export { AuditLockError } from './audit-lock.js';
export {
  DEFAULT_AUDIT_PATH,
  resolveAuditPath,
  parseSince,
  formatAuditEntries,
  formatVerification,
} from './audit-report.js';
export { createPortalExporter, parsePortalUrl, PortalExportError, CHANGE_EVENT_TYPE } from './portal-export.js';
export type { ChangeEvent, FieldDiffEntry, PortalExporter, PortalExporterOptions } from './portal-export.js';
export {
  verifyPortalSignature,
  signPortalBody,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  EVENT_ID_HEADER,
} from './portal-signature.js';
export type { PortalSignatureCheck, PortalSignatureInput } from './portal-signature.js';
export { createApplyObserver, writeAction } from './apply-observer.js';
export type { ApplyObserver, ApplyObserverOptions, ObserverReport } from './apply-observer.js';
export { startRunObservability, type RunObservability, type RunObservabilityOptions } from './run-observability.js';
export { createWriteCorrelation, type WriteCorrelation, type TrackedWrite } from './write-correlation.js';
