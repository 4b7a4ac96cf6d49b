/**
 * The entry of a write that ended on a read back finding in the org what it makes, its answer lost (docs/audit.md
 * "Who made a version"): this write, applied, or an identical one of another run made that version, and no one
 * can tell which. So it never claims the version: SCHEMA_WRITE_FOUND, which resolves its intent and says the org
 * holds it, or SCHEMA_WRITE_NOT_DONE when the log, read under its lock, already holds another write's claim of it.
 */
import type { RemoteSchema } from '../../model/schema.js';
import { contentOfRemote, writeBody } from '../../plan/schema-content.js';
import type { AuditEntry } from './audit-entry.js';
import type { AuditAppend } from './audit-log.js';
import { claimOfVersion, madeByAnother } from './version-claims.js';
import { storedContentHash } from './write-intents.js';

/**
 * This run's write whose answer was lost, found in the org by its read back (WriteFoundEvent): what its entry is
 * made of. Not IntentFoundDone (write-intents.ts), a write of an earlier run found when its intent is settled.
 */
export interface WriteFoundOnReadBack {
  schemaId: string;
  /** The version the read back found. */
  stored: RemoteSchema;
  /** The seq of the write's intent, when it was recorded. */
  intentSeq?: number;
  latencyMs: number;
  correlationId?: string;
}

export function foundWriteEntry(entries: readonly AuditEntry[], found: WriteFoundOnReadBack): AuditAppend {
  const { stored, intentSeq } = found;
  // The intent names the schema's family, org and environment, which another write's claim must share.
  const intent =
    intentSeq === undefined
      ? undefined
      : entries.find((entry) => entry.seq === intentSeq && entry.action === 'SCHEMA_WRITE_INTENDED');
  const claim =
    intent === undefined ? undefined : claimOfVersion(entries, intent, stored.version, storedContentHash(stored));
  const entry = {
    schemaId: found.schemaId,
    version: stored.version,
    latencyMs: found.latencyMs,
    ...(intentSeq === undefined ? {} : { intentSeq }),
    content: writeBody(contentOfRemote(stored), stored.version, stored.status),
    ...(found.correlationId === undefined ? {} : { correlationId: found.correlationId }),
  };
  if (intent === undefined || claim === undefined) return { action: 'SCHEMA_WRITE_FOUND', status: 'SUCCESS', ...entry };
  return { action: 'SCHEMA_WRITE_NOT_DONE', status: 'WARNING', ...entry, errorMessage: madeByAnother(intent, claim) };
}
