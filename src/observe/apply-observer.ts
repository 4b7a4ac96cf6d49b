/**
 * Connects an apply run to observability: apply reports its steps through ApplyEvents, and this turns them
 * into metrics, audit entries and portal change events. The CLI passes `events` to applyPlan and, once apply
 * returns, awaits `finish()` and prints its warnings.
 *
 * - Every write the org accepts is an audit entry: SCHEMA_CREATED for the POST, SCHEMA_PUBLISHED or
 *   SCHEMA_DEPRECATED for a PUT that changes the status to that, SCHEMA_UPDATED for any other PUT; with the
 *   SHA-256 of the body as the org stored it. A write whose answer was lost and whose read back found it in the
 *   org is not claimed: SCHEMA_WRITE_FOUND, or SCHEMA_WRITE_NOT_DONE when the log holds the claim of the write that
 *   made the version (docs/audit.md "Who made a version").
 * - A failed step is SCHEMA_DEPLOYMENT_FAILED, with the version and body of the write that failed; a step the
 *   plan blocked (compatibility, impossible transition) is VALIDATION_FAILED, as are validation errors passed to
 *   recordDiagnostics.
 * - A step that wrote sends one change event, naming the version its last claimed write made (not a later one
 *   the org may hold by then: another run's). Events go out in the background, so a slow or absent portal
 *   does not slow the deploy; a failed export is a warning and a PORTAL_EXPORT_FAILED entry, and fails the run
 *   only with `strictPortal`. With an outbox, each event is recorded before it is sent, and what earlier runs left
 *   there is sent again (portal/change-export.ts).
 */
import type { ApplyEvents, WriteEvent, WriteFoundEvent, WriteIntent } from '../apply/apply-events.js';
import { CUSTOM_OBJECTS_FAMILY } from '../family/index.js';
import type { Family } from '../family/family.js';
import { echoedBody, newIntentOwner, type IntentFoundDone, type IntentOwner } from './audit/write-intents.js';
import { whatItDid } from '../apply/apply-summary.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { RemoteSchema, SchemaStatus, SchemaWriteBody } from '../model/schema.js';
import type { Plan, PlanStep, StepKind } from '../plan/plan-types.js';
import { contentOfRemote, writeBody } from '../plan/schema-content.js';
import type { AuditAction, AuditAppend, AuditEntry, AuditLog } from './audit/audit-log.js';
import { foundWriteEntry } from './audit/found-writes.js';
import type { PortalExporter } from './portal/portal-export.js';
import type { PortalOutbox } from './portal/portal-outbox.js';
import { createChangeExport } from './portal/change-export.js';
import { foundWriteEvents } from './portal/found-writes.js';
import { redactSecrets } from '../genesys/secret-redactor.js';
import type { RunMetrics, SchemaOutcome } from './metrics/run-metrics.js';

export interface ApplyObserverOptions {
  metrics?: RunMetrics;
  audit?: AuditLog;
  portal?: PortalExporter;
  /**
   * Where change events are recorded before they are sent, and from where what earlier runs left is sent again
   * (docs/portal-events.md "When the portal does not get an event"). Without one, an event the portal does not take
   * is lost.
   */
  outbox?: PortalOutbox;
  /** A failed portal export fails the run (`--strict-portal`). */
  strictPortal?: boolean;
  /** The environment name, carried by change events. */
  environment?: string;
  now?: () => Date;
  /** Removed from every warning (the audit log redacts its own entries). */
  secrets?: readonly (string | undefined)[];
  /** The family written to: how an intended write's contents are hashed (custom objects when absent). */
  family?: Family;
  /** The run, recorded in each write intent so that other runs leave it alone while it goes on (default: a new one). */
  run?: IntentOwner;
}

export interface ObserverReport {
  /** For stderr, one line each. */
  warnings: string[];
  /** Change events this run made. */
  portalExports: number;
  /** Change events the portal did not get from this run (those of earlier runs it tried again included). */
  portalFailures: number;
  /** Change events of earlier runs that this run sent. */
  portalResent: number;
  auditFailures: number;
  /**
   * The run must end in failure although apply succeeded: an audit entry could not be written, or a portal
   * export failed under strictPortal.
   */
  failed: boolean;
}

export interface ApplyObserver {
  events: ApplyEvents;
  /** Counts the plan's steps that have nothing to do (apply reports no event for them). */
  recordPlan(plan: Plan): void;
  /** Validation errors found before anything was sent: metrics by rule, one VALIDATION_FAILED entry a schema. */
  recordDiagnostics(diagnostics: readonly Diagnostic[]): Promise<void>;
  /** The run was interrupted (Ctrl-C, SIGTERM): one APPLY_INTERRUPTED entry saying what was and was not done. */
  recordInterruption(message: string): Promise<void>;
  /**
   * The run was abandoned (a second Ctrl-C): its APPLY_INTERRUPTED entry, after those already asked for, is the
   * last the audit log takes from this run (docs/deploying.md, "Interrupting apply"). Resolves to the warnings so
   * far, this entry's own failure included: an abandoned run has no `finish`, and prints them itself.
   */
  recordAbandon(message: string): Promise<string[]>;
  /**
   * Writes an earlier run sent and never heard back about, found done in the org before their intents are settled:
   * their change events are recorded (with a portal), reading the version before each. Resolves to the intents to
   * leave open (the version before could not be read). Pass as resolveOpenIntents' `beforeSettling`.
   */
  recordFoundWrites(
    found: readonly IntentFoundDone[],
    version: (externalId: string, version: number, read: { readsBack: string }) => Promise<RemoteSchema | undefined>,
  ): Promise<ReadonlySet<number>>;
  /**
   * Sends in the background what earlier runs left in the outbox (after recordFoundWrites); without a portal, warns
   * of the events that wait there.
   */
  resendPending(): Promise<void>;
  /** Waits for the change events still in flight. */
  finish(): Promise<ObserverReport>;
}

const DONE_OUTCOME: Record<StepKind, SchemaOutcome> = {
  create: 'created',
  update: 'updated',
  publish: 'published',
  deprecate: 'deprecated',
  undeprecate: 'published',
  noop: 'unchanged',
};

/** At most this many findings are named in one VALIDATION_FAILED entry; the count covers them all. */
const MAX_FINDINGS_NAMED = 10;

export function createApplyObserver(options: ApplyObserverOptions): ApplyObserver {
  const now = options.now ?? (() => new Date());
  const clean = (text: string): string => redactSecrets(text, options.secrets ?? []);
  /** Each schema's step as last planned: after a version conflict, its re-plan against the org's new version. */
  const steps = new Map<string, PlanStep>();
  /** The status each schema has in the org as its step goes on: a write is named for the change it makes. */
  const statuses = new Map<string, SchemaStatus | undefined>();
  /** The correlation id of each schema's last write, for its change event. */
  const correlations = new Map<string, string>();
  /**
   * The version each schema's last claimed write made, as the org answered it: what its change event names. The org
   * may hold a later one by the time the step ends (written by another run racing this one, or found by a read
   * back), which this run did not make and does not claim.
   */
  const made = new Map<string, RemoteSchema>();
  /** Each schema's SCHEMA_WRITE_INTENDED entry (seq and hash) whose write has not been answered yet. */
  const intents = new Map<string, { seq: number; version: number; hash: string }>();
  /**
   * Each schema's last write sent (or about to be), whether or not its intent could be appended: a failed step is
   * recorded with the version and body of the write that failed, not the step's last (a create's POST of version 1
   * is not its PUT of version 2).
   */
  const attempts = new Map<string, { version: number; body: SchemaWriteBody }>();
  const family = options.family ?? CUSTOM_OBJECTS_FAMILY;
  const run = options.run ?? newIntentOwner();
  const warnings: string[] = [];
  let auditFailures = 0;
  /**
   * The run was abandoned: the writes in flight end unanswered (an abandon ends their waits at once), and what
   * becomes of them is for the next run to record, from the intents they leave open. So no entry is asked for
   * after the abandon's, which is the last the log takes from this run.
   */
  let abandoned = false;

  async function audit(entry: AuditAppend, last = false): Promise<number | undefined> {
    return (await auditEntry(entry, last))?.seq;
  }

  async function auditEntry(entry: AuditAppend, last = false): Promise<AuditEntry | undefined> {
    if (options.audit === undefined || (abandoned && !last)) return undefined;
    try {
      return await (last ? options.audit.appendLast(entry) : options.audit.append(entry));
    } catch (error) {
      auditFailed(entry.action, entry.schemaId, error);
      return undefined;
    }
  }

  /** Appends the entry `choose` makes of the whole log, read under its lock (audit, above, for the rest). */
  async function auditChosen(
    action: AuditAction,
    schemaId: string,
    choose: (entries: readonly AuditEntry[]) => AuditAppend,
  ): Promise<void> {
    if (options.audit === undefined || abandoned) return;
    try {
      await options.audit.appendChosen((entries) => [choose(entries)]);
    } catch (error) {
      auditFailed(action, schemaId, error);
    }
  }

  function auditFailed(action: AuditAction, schemaId: string, error: unknown): void {
    auditFailures++;
    warnings.push(
      clean(`could not write the audit entry ${action} for ${schemaId || 'the log'}: ${(error as Error).message}`),
    );
  }

  /** Follows the schema's step as last planned, and the status the org has as it goes on (onWrite, onWriteFound). */
  function statusBefore(event: WriteEvent | WriteFoundEvent): SchemaStatus | undefined {
    if (steps.get(event.step.externalId) !== event.current) {
      steps.set(event.step.externalId, event.current);
      statuses.set(event.step.externalId, event.current.from?.status);
    }
    const before = statuses.get(event.step.externalId);
    statuses.set(event.step.externalId, event.write.status);
    return before;
  }

  /** The intent a write's outcome resolves, taken off the open ones: `{ intentSeq }`, or nothing. */
  function resolvedIntent(externalId: string): { intentSeq: number; version: number } | Record<string, never> {
    const intent = intents.get(externalId);
    intents.delete(externalId);
    return intent === undefined ? {} : { intentSeq: intent.seq, version: intent.version };
  }

  const changes = createChangeExport({
    ...(options.portal === undefined ? {} : { portal: options.portal }),
    ...(options.outbox === undefined ? {} : { outbox: options.outbox }),
    ...(options.environment === undefined ? {} : { environment: options.environment }),
    run,
    now,
    clean,
    warn: (message) => warnings.push(clean(message)),
    async onFailure(event, message) {
      warnings.push(message);
      await audit({
        action: 'PORTAL_EXPORT_FAILED',
        schemaId: event.schema,
        version: event.version,
        status: options.strictPortal === true ? 'FAILED' : 'WARNING',
        errorMessage: message,
        ...(event.correlationId === undefined ? {} : { correlationId: event.correlationId }),
      });
    },
  });

  const events: ApplyEvents = {
    async onWriteIntended(event: WriteIntent) {
      // A newer write of the schema (planned again after a conflict that left an earlier write's outcome unknown)
      // takes the earlier intent off this run's open ones: the newer write's outcome does not settle it, so it
      // stays open in the log for the next run to look for (docs/audit.md), even when this intent is not written.
      intents.delete(event.step.externalId);
      attempts.set(event.step.externalId, { version: event.write.version, body: event.body });
      const written = await auditEntry({
        action: 'SCHEMA_WRITE_INTENDED',
        schemaId: event.step.externalId,
        version: event.write.version,
        status: 'PENDING',
        content: echoedBody(family, event.body),
        ...run,
      });
      if (written !== undefined)
        intents.set(event.step.externalId, { seq: written.seq, version: event.write.version, hash: written.hash });
    },
    async onWriteRefused(event) {
      // The write met a conflict: it was refused, and the step is planned again or fails.
      const intent = resolvedIntent(event.step.externalId);
      if (intent.intentSeq === undefined) return;
      await audit({
        action: 'SCHEMA_WRITE_NOT_DONE',
        schemaId: event.step.externalId,
        status: 'WARNING',
        ...intent,
        errorMessage: `refused (${event.reason}), ${event.retried ? 'planned again' : 'not written over'}: ${event.message}`,
      });
    },
    onStepStart(step) {
      steps.set(step.externalId, step);
      attempts.delete(step.externalId);
      statuses.set(step.externalId, step.from?.status);
    },
    async onWrite(event: WriteEvent) {
      const before = statusBefore(event);
      if (event.correlationId !== undefined) correlations.set(event.step.externalId, event.correlationId);
      made.set(event.step.externalId, event.result);
      // Held before the entry that resolves the write's intent: once that entry is written, no open intent is left
      // for a later run to find the write by, and the hold is what tells the portal of it.
      const intent = intents.get(event.step.externalId);
      await changes.holdWrite(event, intent?.version === event.write.version ? intent.hash : undefined);
      const rollback = event.current.rollback;
      await audit({
        // A rollback's write is named for what it does, whatever status it keeps.
        action:
          rollback === undefined ? writeAction(event.write.method, before, event.write.status) : 'SCHEMA_ROLLED_BACK',
        ...(rollback === undefined ? {} : { restoredVersion: rollback.restoredVersion }),
        ...(rollback?.allowBreakingReason === undefined ? {} : { reason: rollback.allowBreakingReason }),
        schemaId: event.step.externalId,
        version: event.result.version,
        latencyMs: event.latencyMs,
        status: 'SUCCESS',
        ...intentSeqOf(resolvedIntent(event.step.externalId)),
        content: writeBody(contentOfRemote(event.result), event.result.version, event.result.status),
        ...(event.correlationId === undefined ? {} : { correlationId: event.correlationId }),
      });
    },
    async onWriteFound(event: WriteFoundEvent) {
      // Not this run's to claim (docs/audit.md "Who made a version"): its intent is resolved as found, or as not
      // done when the log holds the claim of the write that made the version.
      statusBefore(event);
      // Not claimed, but told: the portal hears of every version the org holds (docs/portal-events.md). Held as
      // the write's own event, under the id a later run finding it would give it (named after its intent).
      const open = intents.get(event.step.externalId);
      await changes.holdWrite(event, open?.version === event.write.version ? open.hash : undefined);
      const intent = resolvedIntent(event.step.externalId);
      await auditChosen('SCHEMA_WRITE_FOUND', event.step.externalId, (entries) =>
        foundWriteEntry(entries, {
          schemaId: event.step.externalId,
          stored: event.result,
          latencyMs: event.latencyMs,
          ...intentSeqOf(intent),
          ...(event.correlationId === undefined ? {} : { correlationId: event.correlationId }),
        }),
      );
    },
    onStepDone(outcome) {
      const did = whatItDid(outcome);
      options.metrics?.recordSchemaOutcome(did === 'found' ? 'already_done' : DONE_OUTCOME[did]);
      const step = steps.get(outcome.externalId);
      // The event names the version the step's own last claimed write made, not one the org holds past it.
      const own = made.get(outcome.externalId);
      const told = own === undefined ? outcome : { ...outcome, version: own.version, status: own.status };
      if (step !== undefined) changes.stepDone(step, told, correlations.get(outcome.externalId));
    },
    async onStepFailed(outcome) {
      options.metrics?.recordSchemaOutcome('failed');
      if (outcome.error?.correlationId !== undefined) options.metrics?.recordFailedCall(outcome.error.correlationId);
      const step = steps.get(outcome.externalId);
      // The write's own refusal (a 4xx answering it) resolves its intent: it was not done. A write whose answer
      // never came (a timeout, a 5xx), or whose read back failed, may have been done, and is left open for the
      // next run to look for in the org.
      const intent = outcome.error?.refused === true ? intentSeqOf(resolvedIntent(outcome.externalId)) : {};
      // The version attempted (docs/audit.md): the write that failed; the step's last when none was sent.
      const attempt = attempts.get(outcome.externalId);
      const attempted =
        attempt !== undefined
          ? { version: attempt.version, content: attempt.body }
          : step === undefined
            ? {}
            : { version: step.to.version, content: writeBody(step.content, step.to.version, step.to.status) };
      await audit({
        action: 'SCHEMA_DEPLOYMENT_FAILED',
        ...intent,
        schemaId: outcome.externalId,
        ...attempted,
        latencyMs: outcome.durationMs,
        status: 'FAILED',
        errorMessage: outcome.error?.message ?? outcome.reason ?? 'the step failed',
        ...(outcome.error?.correlationId === undefined ? {} : { correlationId: outcome.error.correlationId }),
      });
    },
    async onStepSkipped(outcome) {
      options.metrics?.recordSchemaOutcome('skipped');
      if (outcome.result === 'blocked') {
        await audit({
          action: 'VALIDATION_FAILED',
          schemaId: outcome.externalId,
          status: 'FAILED',
          errorMessage: outcome.reason ?? 'blocked by the plan',
        });
      }
    },
  };

  return {
    events,
    recordPlan(plan) {
      for (const step of plan.steps) if (step.kind === 'noop') options.metrics?.recordSchemaOutcome('unchanged');
    },
    async recordDiagnostics(diagnostics) {
      options.metrics?.recordValidationFailures(diagnostics);
      const bySchema = new Map<string, Diagnostic[]>();
      for (const diagnostic of diagnostics) {
        if (diagnostic.severity !== 'error') continue;
        const key = diagnostic.schema ?? '';
        bySchema.set(key, [...(bySchema.get(key) ?? []), diagnostic]);
      }
      for (const [schemaId, found] of bySchema) {
        const named = found.slice(0, MAX_FINDINGS_NAMED).map((d) => `${d.ruleId} (${d.file}:${d.line}:${d.column})`);
        const more = found.length > MAX_FINDINGS_NAMED ? `, and ${found.length - MAX_FINDINGS_NAMED} more` : '';
        await audit({
          action: 'VALIDATION_FAILED',
          schemaId,
          status: 'FAILED',
          errorMessage: `${found.length} validation ${found.length === 1 ? 'error' : 'errors'}: ${named.join(', ')}${more}`,
        });
      }
    },
    async recordInterruption(message) {
      await audit({ action: 'APPLY_INTERRUPTED', schemaId: '', status: 'WARNING', errorMessage: message });
    },
    async recordAbandon(message) {
      abandoned = true;
      await audit({ action: 'APPLY_INTERRUPTED', schemaId: '', status: 'WARNING', errorMessage: message }, true);
      return [...warnings];
    },
    async recordFoundWrites(found, version) {
      if (options.portal === undefined) return new Set<number>();
      const told = await foundWriteEvents(found, {
        version,
        family,
        ...(options.environment === undefined ? {} : { environment: options.environment }),
        now,
      });
      await changes.recordFound(told.events);
      return told.leaveOpen;
    },
    resendPending() {
      return changes.resendPending();
    },
    async finish() {
      const exported = await changes.finish();
      return {
        warnings: [...warnings],
        portalExports: exported.exports,
        portalFailures: exported.failures,
        portalResent: exported.resent,
        auditFailures,
        failed: auditFailures > 0 || (options.strictPortal === true && exported.failures > 0),
      };
    },
  };
}

function intentSeqOf(intent: { intentSeq?: number }): { intentSeq: number } | Record<string, never> {
  return intent.intentSeq === undefined ? {} : { intentSeq: intent.intentSeq };
}

/** The action a write is recorded as: named for the status it changes, else for what it does. */
export function writeAction(
  method: 'POST' | 'PUT',
  before: SchemaStatus | undefined,
  after: SchemaStatus,
): AuditAction {
  if (method === 'POST') return 'SCHEMA_CREATED';
  if (after !== before && after === 'PUBLISHED') return 'SCHEMA_PUBLISHED';
  if (after !== before && after === 'DEPRECATED') return 'SCHEMA_DEPRECATED';
  return 'SCHEMA_UPDATED';
}
