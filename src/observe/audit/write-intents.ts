/**
 * Write intents (docs/audit.md "Writes whose answer never came"): before each write a run appends
 * SCHEMA_WRITE_INTENDED with the version it makes, the hash of its contents and who sends it (the run's id, its
 * pid and host); the entry that resolves it names it by `intentSeq`. A run killed between sending a write and
 * reading its answer leaves its intent unresolved; a later run against the same org and family reads the version
 * the intent names and records what became of it: SCHEMA_WRITE_FOUND when the org holds those contents,
 * SCHEMA_WRITE_NOT_DONE when it does not, or when the log holds the entry of another write that made them (a race:
 * version-claims.ts). It does so only once the run that sent the write is over: an intent of a
 * run still going is its own to resolve, and settling it early would record as not done a write that lands later.
 */
import { randomUUID } from 'node:crypto';
import type { Family } from '../../family/family.js';
import type { RemoteSchema, SchemaWriteBody } from '../../model/schema.js';
import { contentOfRemote, writeBody } from '../../plan/schema-content.js';
import { hashContent, type AuditEntry } from './audit-entry.js';
import type { AuditAppend, AuditContext, AuditLog } from './audit-log.js';
import { readAuditEntries } from './audit-chain.js';
import { DEFAULT_LOCK_TIMEOUT_MS } from './audit-lock.js';
import { claimOfVersion, madeByAnother, sameSchema } from './version-claims.js';
import { LONGEST_WRITE_MS } from '../../genesys/schema-writes.js';
import {
  isThisProcess,
  processState,
  readProcessIdentity,
  thisProcess,
  type ProcessIdentity,
  type ProcessTable,
} from '../../model/process-identity.js';

/** Who sends a run's writes: a random id per apply or rollback, and its process. Recorded in each intent. */
export interface IntentOwner extends ProcessIdentity {
  runId: string;
}

/** The owner of a new run of this process. */
export function newIntentOwner(): IntentOwner {
  return { runId: randomUUID(), ...thisProcess() };
}

/**
 * The longest a write can wait for its answer in a run that is still going: the longest write the client makes
 * (LONGEST_WRITE_MS, from its timeouts and retries), then the wait for the log's lock to write the entry of its
 * answer. 5,590 s with the defaults, 93 min 10 s. An intent older than this is settled whoever owns it: its run is
 * over or hung, or its pid now names an unrelated process that would otherwise keep it open for ever.
 */
export const UNANSWERED_WRITE_BOUND_MS = LONGEST_WRITE_MS + DEFAULT_LOCK_TIMEOUT_MS;

/**
 * The write body in the form the org reads it back (the family's wire mapping there and back), so that the
 * intent's hash and the hash of the version the org then holds agree when the org stored what was sent.
 */
export function echoedBody(family: Family, body: SchemaWriteBody): SchemaWriteBody {
  try {
    const echoed = family.wire.fromWire(family.wire.toWire(body));
    return echoed === undefined ? body : writeBody(contentOfRemote(echoed), body.version, body.status);
  } catch {
    // A body the mapping cannot carry is refused before anything is sent; hash it as it is.
    return body;
  }
}

/** The hash a version of the org is compared by: its write body as read back. */
export function storedContentHash(remote: RemoteSchema): string {
  return hashContent(writeBody(contentOfRemote(remote), remote.version, remote.status));
}

/**
 * The PENDING intents of this org, environment and family that no entry resolves, oldest first: those verify
 * lists as open (docs/audit.md, "What verify catches"). Only an entry after an intent and about the same schema
 * resolves it; one naming another schema's intent is a link problem, which resolves nothing.
 */
export function openIntents(entries: readonly AuditEntry[], context: AuditContext): AuditEntry[] {
  const family = context.family ?? 'customobjects';
  const open = new Map<number, AuditEntry>();
  for (const entry of entries) {
    if (entry.intentSeq !== undefined) {
      const intent = open.get(entry.intentSeq);
      if (intent !== undefined && sameSchema(intent, entry)) open.delete(entry.intentSeq);
    }
    if (
      entry.action === 'SCHEMA_WRITE_INTENDED' &&
      entry.status === 'PENDING' &&
      entry.orgDomain === context.orgDomain &&
      entry.environment === context.environment &&
      (entry.family ?? 'customobjects') === family
    )
      open.set(entry.seq, entry);
  }
  return [...open.values()];
}

export interface IntentResolution {
  intentSeq: number;
  schemaId: string;
  found: boolean;
  /**
   * Not found because another write made the version: the seq of its entry (the org holds the contents the intent
   * names, and the log records that write's answer: docs/audit.md "Who made a version").
   */
  claimedBy?: number;
}

/** An open intent of a run that may still be waiting for the write's answer: not settled, left to that run. */
export interface IntentLeftOpen {
  intentSeq: number;
  schemaId: string;
  version: number;
  owner: IntentOwner;
  /** How long ago the intent was written (negative when its host's clock is ahead of this one's). */
  ageMs: number;
  /** `running`: its process runs on this host; `elsewhere`: it ran on another host, where no one can look. */
  why: 'running' | 'elsewhere';
}

export interface IntentSettlement {
  /** The intents settled, with what became of their writes. */
  resolved: IntentResolution[];
  /** The intents of runs that may still be going. */
  leftOpen: IntentLeftOpen[];
  /** The bound in force: an intent older than this is settled whoever owns it. */
  boundMs: number;
}

export interface ResolveIntentsOptions {
  audit: AuditLog;
  context: AuditContext;
  /** This run: its own intents are never settled here. */
  run: IntentOwner;
  /** `readsBack` names the intent the read is made for, so that metrics count it as a read back. */
  version: (externalId: string, version: number, read: { readsBack: string }) => Promise<RemoteSchema | undefined>;
  now?: () => Date;
  /** Whether a pid names a live process on this host (default: signal 0). */
  isProcessAlive?: (pid: number) => boolean;
  /** How this process table is looked at (default: this process and /proc). */
  processTable?: Partial<ProcessTable>;
  /** Default UNANSWERED_WRITE_BOUND_MS. */
  unansweredBoundMs?: number;
  /**
   * Called with the writes found done, once every read is made and before any settlement is recorded: the portal's
   * change events for them are made here (docs/portal-events.md), so that a run stopped in between has recorded
   * the events, or neither the events nor the settlements, and the next run makes them. Resolves to the seqs of the
   * intents to leave open (an event that could not be made yet: the next run settles them and tries again).
   */
  beforeSettling?: (found: readonly IntentFoundDone[]) => Promise<ReadonlySet<number>>;
}

/**
 * An open intent of an earlier run whose write the org holds: a write that run sent and never heard back about,
 * found done. Not WriteFoundOnReadBack (found-writes.ts), this run's own write found by its read back.
 */
export interface IntentFoundDone {
  intentSeq: number;
  /** The intent entry's hash: the write's change event is named after it (portal/event-ids.ts). */
  intentHash: string;
  schemaId: string;
  version: number;
  /** The version as the org holds it: the contents the intent names. */
  stored: RemoteSchema;
}

/**
 * Settles the open intents of runs that are over: one read of the version each names. An intent whose run may
 * still be going is left open (IntentLeftOpen), and so is one whose read fails: the next run tries again.
 *
 * The log is read twice, whatever the number of intents: once to find them, and once under its lock to record
 * every settlement together (one write, one fsync). A run that stops before that write has recorded none, and the
 * next run reads them again; one stopped during it leaves the settlements written whole and a torn tail that the
 * next append repairs.
 */
export async function resolveOpenIntents(options: ResolveIntentsOptions): Promise<IntentSettlement> {
  const settlement: IntentSettlement = {
    resolved: [],
    leftOpen: [],
    boundMs: options.unansweredBoundMs ?? UNANSWERED_WRITE_BOUND_MS,
  };
  const now = (options.now ?? (() => new Date()))().getTime();
  let findings: IntentFinding[] = [];
  for (const intent of openIntents(await readAuditEntries(options.audit.path), options.context)) {
    if (intent.version === undefined) continue;
    const live = liveOwner(intent, intent.version, options, now);
    if (live === 'this run') continue;
    if (live !== undefined) {
      settlement.leftOpen.push(live);
      continue;
    }
    try {
      const stored = await options.version(intent.schemaId, intent.version, {
        readsBack: `audit entry #${intent.seq}`,
      });
      findings.push({ intent, version: intent.version, stored });
    } catch {
      // Left open: the next run reads it again.
    }
  }
  if (options.beforeSettling !== undefined) {
    const found = findings.flatMap(({ intent, version, stored }): IntentFoundDone[] =>
      stored !== undefined && holds(intent, stored)
        ? [{ intentSeq: intent.seq, intentHash: intent.hash, schemaId: intent.schemaId, version, stored }]
        : [],
    );
    const leaveOpen = found.length === 0 ? new Set<number>() : await options.beforeSettling(found);
    findings = findings.filter(({ intent }) => !leaveOpen.has(intent.seq));
  }
  // Nothing to record (the usual start of a run): the log is neither locked nor read again.
  if (findings.length === 0) return settlement;
  const recorded = new Map<number, IntentResolution>();
  // Another run may have settled one since the log was read (two runs starting together): record each once. The
  // log may also have been moved aside and replaced, with another intent at the same seq: the hash tells them apart.
  // The claims are looked for in the same read, so that one appended meanwhile is seen.
  await options.audit.appendChosen((entries) => {
    const stillOpen = new Set(openIntents(entries, options.context).map(intentKey));
    const chosen = findings
      .filter(({ intent }) => stillOpen.has(intentKey(intent)))
      .map((finding) => ({ ...finding, claim: claimOf(entries, finding) }));
    for (const { intent, stored, claim } of chosen)
      recorded.set(intent.seq, {
        intentSeq: intent.seq,
        schemaId: intent.schemaId,
        found: claim === undefined && holds(intent, stored),
        ...(claim === undefined ? {} : { claimedBy: claim.seq }),
      });
    return chosen.map(settlingEntry);
  });
  for (const { intent } of findings) {
    const resolution = recorded.get(intent.seq);
    if (resolution !== undefined) settlement.resolved.push(resolution);
  }
  return settlement;
}

/** An open intent and the version it names as the org holds it (undefined when the org has none). */
interface IntentFinding {
  intent: AuditEntry;
  /** The version the intent names. */
  version: number;
  stored: RemoteSchema | undefined;
  /** Another write's entry that claims the version the org holds with the intent's contents: it made them. */
  claim?: AuditEntry | undefined;
}

/**
 * The entry of another write that made the version the org holds with the intent's contents: the intent's write
 * did not make it, though the org holds what it meant to write. Undefined when the org does not hold it.
 */
function claimOf(entries: readonly AuditEntry[], { intent, stored }: IntentFinding): AuditEntry | undefined {
  if (stored === undefined || !holds(intent, stored)) return undefined;
  return claimOfVersion(entries, intent, stored.version, storedContentHash(stored));
}

/** An intent as it is known again in a log read later: its seq and its hash. */
function intentKey(intent: AuditEntry): string {
  return `${intent.seq} ${intent.hash}`;
}

/** Whether the org holds the contents the intent names under its version. */
function holds(intent: AuditEntry, stored: RemoteSchema | undefined): boolean {
  return stored !== undefined && storedContentHash(stored) === intent.contentSha256;
}

/** SCHEMA_WRITE_FOUND or SCHEMA_WRITE_NOT_DONE, naming the intent it settles. */
function settlingEntry({ intent, version, stored, claim }: IntentFinding): AuditAppend {
  const found = claim === undefined && holds(intent, stored);
  return {
    action: found ? 'SCHEMA_WRITE_FOUND' : 'SCHEMA_WRITE_NOT_DONE',
    schemaId: intent.schemaId,
    version,
    status: found ? 'SUCCESS' : 'WARNING',
    intentSeq: intent.seq,
    ...(stored === undefined ? {} : { content: writeBody(contentOfRemote(stored), stored.version, stored.status) }),
    ...(found ? {} : { errorMessage: claim === undefined ? notDone(intent, stored) : madeByAnother(intent, claim) }),
  };
}

/** The recorded owner of an intent; undefined for one written before owners were recorded. */
function ownerOf(intent: AuditEntry): IntentOwner | undefined {
  const identity = readProcessIdentity({ ...intent });
  if (intent.runId === undefined || identity === undefined) return undefined;
  return { runId: intent.runId, ...identity };
}

/** How a run's owner is judged: this run's own, and how the process table is looked at. */
export interface OwnerJudging {
  run: IntentOwner;
  isProcessAlive?: (pid: number) => boolean;
  processTable?: Partial<ProcessTable>;
  unansweredBoundMs?: number;
}

/**
 * Whether the run `owner` names may still be going, from a record it wrote at `recordedAt` (an intent, a held
 * change event): `this run`; `over` when it surely is (its process is gone or is this process under another run,
 * or the bound has passed); else why it may still be going: its process still runs in this process table, or it
 * ran in another (another host, machine, boot or container), within the bound.
 */
export function judgeOwner(
  owner: IntentOwner,
  recordedAt: string,
  options: OwnerJudging,
  now: number,
): 'this run' | 'over' | { why: 'running' | 'elsewhere'; ageMs: number } {
  if (owner.runId === options.run.runId) return 'this run';
  const ageMs = now - Date.parse(recordedAt);
  if (ageMs > (options.unansweredBoundMs ?? UNANSWERED_WRITE_BOUND_MS)) return 'over';
  const table: Partial<ProcessTable> = {
    ...options.processTable,
    ...(options.isProcessAlive === undefined ? {} : { isAlive: options.isProcessAlive }),
  };
  const state = processState(owner, table);
  // This very process, under another run id: that run has returned (a container gives each start the same pid).
  if (state === 'gone' || isThisProcess(owner, table)) return 'over';
  return { why: state, ageMs };
}

/**
 * Whether the run that wrote an intent may still be waiting for its write's answer (judgeOwner); undefined when it
 * is surely over, or the intent names no owner (settled as it always was).
 */
function liveOwner(
  intent: AuditEntry,
  version: number,
  options: ResolveIntentsOptions,
  now: number,
): IntentLeftOpen | 'this run' | undefined {
  const owner = ownerOf(intent);
  if (owner === undefined) return undefined;
  const judged = judgeOwner(owner, intent.timestamp, options, now);
  if (judged === 'this run') return 'this run';
  if (judged === 'over') return undefined;
  return { intentSeq: intent.seq, schemaId: intent.schemaId, version, owner, ...judged };
}

function notDone(intent: AuditEntry, stored: RemoteSchema | undefined): string {
  return stored === undefined
    ? `the org has no version ${intent.version} of ${intent.schemaId}: the write intended in entry #${intent.seq} was not done`
    : `version ${intent.version} of ${intent.schemaId} holds other contents than entry #${intent.seq} intended: written by someone else, or stored in another form`;
}
