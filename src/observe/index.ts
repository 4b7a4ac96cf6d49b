/** Observability: run metrics, the audit log, portal change events, and the observer that connects them to apply. */
export { createRunMetrics, formatSummary, SCHEMA_OUTCOMES } from './metrics/run-metrics.js';
export type { RunMetrics, RunMetricsSnapshot, SchemaOutcome, EndpointCount } from './metrics/run-metrics.js';
export { renderMetrics, writeMetricsFile, type MetricsFormat } from './metrics/metrics-file.js';
export { openAuditLog, verifyAuditChain, readAuditEntries, AUDIT_ACTIONS, GENESIS_HASH } from './audit/audit-log.js';
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
} from './audit/audit-log.js';
export { AuditLogCorruptError, AuditLogMissingError, AuditLogUnwritableError } from './audit/audit-errors.js';
export { AuditLockError } from './audit/audit-lock.js';
export {
  DEFAULT_AUDIT_PATH,
  resolveAuditPath,
  parseSince,
  formatAuditEntries,
  formatVerification,
} from './audit/audit-report.js';
export {
  createPortalExporter,
  parsePortalUrl,
  PortalExportError,
  CHANGE_EVENT_TYPE,
  changeEventBody,
} from './portal/portal-export.js';
export {
  openPortalOutbox,
  outboxPathFor,
  OutboxUnreadableError,
  MAX_OUTBOX_EVENTS,
  type PortalOutbox,
  type OutboxEvent,
  type OutboxRecord,
  type OutboxStock,
} from './portal/portal-outbox.js';
export { resendOutbox, type OutboxResendReport } from './portal/outbox-resend.js';
export type { ChangeEvent, FieldDiffEntry, PortalExporter, PortalExporterOptions } from './portal/portal-export.js';
export {
  verifyPortalSignature,
  signPortalBody,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  EVENT_ID_HEADER,
} from './portal/portal-signature.js';
export type { PortalSignatureCheck, PortalSignatureInput } from './portal/portal-signature.js';
export { createApplyObserver, writeAction } from './apply-observer.js';
export type { ApplyObserver, ApplyObserverOptions, ObserverReport } from './apply-observer.js';
export { startRunObservability, type RunObservability, type RunObservabilityOptions } from './run-observability.js';
export { createWriteCorrelation, type WriteCorrelation, type TrackedWrite } from './write-correlation.js';
