/**
 * Write intents (docs/audit.md "Writes whose answer never came"): before each write a run appends
 * SCHEMA_WRITE_INTENDED with the version it makes and the hash of its contents; the entry that resolves it names it
 * by `intentSeq`. A run killed between sending a write and reading its answer leaves its intent unresolved; the
 * next run against the same org and family reads the version the intent names and records what became of it:
 * SCHEMA_WRITE_FOUND when the org holds those contents, SCHEMA_WRITE_NOT_DONE when it does not.
 */
import type { Family } from '../../family/family.js';
import type { RemoteSchema, SchemaWriteBody } from '../../model/schema.js';
import { contentOfRemote, writeBody } from '../../plan/schema-content.js';
import { hashContent, type AuditEntry } from './audit-entry.js';
import type { AuditContext, AuditLog } from './audit-log.js';
import { readAuditEntries } from './audit-chain.js';

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

/** The intents of this org, environment and family that no entry resolves, oldest first. */
export function openIntents(entries: readonly AuditEntry[], context: AuditContext): AuditEntry[] {
  const resolved = new Set(entries.flatMap((entry) => (entry.intentSeq === undefined ? [] : [entry.intentSeq])));
  return entries.filter(
    (entry) =>
      entry.action === 'SCHEMA_WRITE_INTENDED' &&
      !resolved.has(entry.seq) &&
      entry.orgDomain === context.orgDomain &&
      entry.environment === context.environment &&
      (entry.family ?? 'customobjects') === (context.family ?? 'customobjects'),
  );
}

export interface IntentResolution {
  intentSeq: number;
  schemaId: string;
  found: boolean;
}

/**
 * Resolves the open intents of earlier runs: one read of the version each names. Reads that fail leave the intent
 * open for the next run.
 */
export async function resolveOpenIntents(options: {
  audit: AuditLog;
  context: AuditContext;
  /** `readsBack` names the intent the read is made for, so that metrics count it as a read back. */
  version: (externalId: string, version: number, read: { readsBack: string }) => Promise<RemoteSchema | undefined>;
}): Promise<IntentResolution[]> {
  const resolutions: IntentResolution[] = [];
  for (const intent of openIntents(await readAuditEntries(options.audit.path), options.context)) {
    if (intent.version === undefined) continue;
    let stored: RemoteSchema | undefined;
    try {
      stored = await options.version(intent.schemaId, intent.version, { readsBack: `audit entry #${intent.seq}` });
    } catch {
      continue;
    }
    const storedHash = stored === undefined ? undefined : storedContentHash(stored);
    const found = storedHash !== undefined && storedHash === intent.contentSha256;
    await options.audit.append({
      action: found ? 'SCHEMA_WRITE_FOUND' : 'SCHEMA_WRITE_NOT_DONE',
      schemaId: intent.schemaId,
      version: intent.version,
      status: found ? 'SUCCESS' : 'WARNING',
      intentSeq: intent.seq,
      ...(stored === undefined ? {} : { content: writeBody(contentOfRemote(stored), stored.version, stored.status) }),
      ...(found ? {} : { errorMessage: notDone(intent, stored) }),
    });
    resolutions.push({ intentSeq: intent.seq, schemaId: intent.schemaId, found });
  }
  return resolutions;
}

function notDone(intent: AuditEntry, stored: RemoteSchema | undefined): string {
  return stored === undefined
    ? `the org has no version ${intent.version} of ${intent.schemaId}: the write intended in entry #${intent.seq} was not done`
    : `version ${intent.version} of ${intent.schemaId} holds other contents than entry #${intent.seq} intended: written by someone else, or stored in another form`;
}
