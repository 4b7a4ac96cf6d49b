/**
 * Which entry of the log claims a version of a schema (docs/audit.md "Who made a version"). One write only can
 * make a version: the platform refuses a POST of an externalId in use and a PUT of any version but current + 1.
 * So the entry of a write the platform answered (SCHEMA_CREATED, SCHEMA_PUBLISHED, ...) proves that no other
 * write made that version, while a write whose answer was lost proves nothing: it may have made the version, or
 * met the one that did. A later look at such a write (a read back, the settling of its intent) can thus say it was
 * not done when the log holds another write's claim of the version it finds, and never that it was this write's.
 */
import type { AuditAction, AuditEntry } from './audit-entry.js';

/** The entries of a write the platform answered: each claims the version it names. */
const CLAIMING_ACTIONS: ReadonlySet<AuditAction> = new Set<AuditAction>([
  'SCHEMA_CREATED',
  'SCHEMA_UPDATED',
  'SCHEMA_PUBLISHED',
  'SCHEMA_DEPRECATED',
  'SCHEMA_ROLLED_BACK',
]);

/** The same externalId, family (none is custom objects), org and environment. */
export function sameSchema(intent: AuditEntry, entry: AuditEntry): boolean {
  return (
    intent.schemaId === entry.schemaId &&
    (intent.family ?? 'customobjects') === (entry.family ?? 'customobjects') &&
    intent.orgDomain === entry.orgDomain &&
    intent.environment === entry.environment
  );
}

/**
 * The entry of another write that made `version` of the intent's schema with the contents `contentSha256` (as the
 * org holds them), before or after the intent; undefined when the log holds none. The contents must match too: a
 * schema deleted and created again outside cxschema starts its versions over, and an older claim of the same
 * number with other contents is about another schema.
 */
export function claimOfVersion(
  entries: readonly AuditEntry[],
  intent: AuditEntry,
  version: number,
  contentSha256: string,
): AuditEntry | undefined {
  return entries.find(
    (entry) =>
      CLAIMING_ACTIONS.has(entry.action) &&
      entry.status === 'SUCCESS' &&
      entry.version === version &&
      entry.contentSha256 === contentSha256 &&
      entry.intentSeq !== intent.seq &&
      sameSchema(intent, entry),
  );
}

/** Why a write intended in `intent` is recorded as not done although the org holds what it meant to write. */
export function madeByAnother(intent: AuditEntry, claim: AuditEntry): string {
  return `version ${intent.version} of ${intent.schemaId} holds what entry #${intent.seq} intended, but entry #${claim.seq} records the answer to the write that made it: the write intended in entry #${intent.seq} was not done`;
}
