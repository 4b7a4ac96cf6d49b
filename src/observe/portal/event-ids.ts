/**
 * The id of a change event that more than one run may make: the event of one write, named after the audit log's
 * SCHEMA_WRITE_INTENDED entry that announced it (docs/portal-events.md "When the portal does not get an event").
 * The run that got the write's answer holds the event under this id; a later run that finds the write done in the
 * org (its answer lost) makes the event under the same id. Both end in the outbox as one event, and a portal that
 * drops duplicates by X-Cxschema-Event-Id keeps one, whichever run sends it, and however often.
 *
 * A name-based UUID (RFC 9562 version 5: SHA-1 of a namespace and a name), so that it has the shape of every other
 * event id; the name is the intent entry's hash, which no other entry of any log shares.
 */
import { createHash } from 'node:crypto';

/** A namespace of cxschema's own (a random UUID, fixed once): ids made from other names under it never collide. */
const WRITE_EVENT_NAMESPACE = Buffer.from('5d0c1c7e6b0a4d5f9a1e3c2b7f4e8a90', 'hex');

/** The event id of the write the intent entry with this hash announced. */
export function eventIdOfIntent(intentHash: string): string {
  const digest = createHash('sha1').update(WRITE_EVENT_NAMESPACE).update(intentHash, 'utf8').digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
