/**
 * What a rollback writes: the contents of the version it restores, under the identity the schema has now. A
 * version is written whole from what cxschema reads, so a restored version holding what it cannot read (a
 * DataSchema property of a coretype it does not know, a tag whose items may repeat) would come back without it:
 * the rollback would write something else than the version asked for (docs/families.md "What cxschema cannot read
 * is never written over").
 */
import type { Family } from '../family/family.js';
import type { RemoteSchema } from '../model/schema.js';
import type { SchemaContent } from '../plan/plan-types.js';
import { contentOfRemote } from '../plan/schema-content.js';

/**
 * The restored version's contents, written to the schema as it is now. Where the platform keys a schema by its
 * name (the DataSchema families, docs/families.md "Identity"), the name is who the schema is, not what it holds:
 * a version from before a rename is restored under the current name, as the current status is kept, since the old
 * name would be another schema, which the org no longer holds. Its title, description and fields come back.
 */
export function restoredContent(current: RemoteSchema, restored: RemoteSchema, family: Family): SchemaContent {
  const content = contentOfRemote(restored);
  content.externalId = current.externalId;
  if (family.externalIdOf !== undefined) content.name = current.name;
  return content;
}

/** Why the restored version cannot be written back as it was; undefined when it can. */
export function unrestorableReason(restored: RemoteSchema): string | undefined {
  const unread = restored.unread ?? [];
  if (unread.length === 0) return undefined;
  return `the restored v${restored.version} holds what cxschema cannot read, which the new version could not write back: ${unread.join(', ')}`;
}
