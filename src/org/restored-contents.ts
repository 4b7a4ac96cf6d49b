/**
 * What a rollback writes: the contents of the version it restores. A version is written whole from what cxschema
 * reads, so a restored version holding what it cannot read (a DataSchema property of a coretype it does not know,
 * a tag whose items may repeat) would come back without it: the rollback would write something else than the
 * version asked for (docs/families.md "What cxschema cannot read is never written over").
 */
import type { RemoteSchema } from '../model/schema.js';

/** Why the restored version cannot be written back as it was; undefined when it can. */
export function unrestorableReason(restored: RemoteSchema): string | undefined {
  const unread = restored.unread ?? [];
  if (unread.length === 0) return undefined;
  return `the restored v${restored.version} holds what cxschema cannot read, which the new version could not write back: ${unread.join(', ')}`;
}
