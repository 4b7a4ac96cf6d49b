/**
 * The links from entries to the write intents they resolve, followed as verify reads the chain (docs/audit.md,
 * "What verify catches"). An `intentSeq` must name an earlier PENDING SCHEMA_WRITE_INTENDED entry of the same
 * schema (externalId, family, org and environment: the intents a run settles are those of its own org,
 * environment and family) that no earlier entry resolved. An intent that nothing resolves by the end of the log is
 * no fault: a run killed between a write and its answer leaves one, for the next run to settle.
 *
 * Verify reads logs of any length line by line with little memory, whatever the length of the ids a forged log
 * holds: what is kept is two 32-bit integers an entry (its mark, and for an open intent the slot of its schema's
 * digest) and a digest of DIGEST_BYTES an open intent, its slot taken again once the intent is resolved. In a chain
 * whose hashes hold, an entry's seq is its line number, which is how intents are looked up.
 */
import { createHash } from 'node:crypto';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from './audit-entry.js';

/** An entry that is not an open intent, by its action: `-(index in AUDIT_ACTIONS + 1)`. */
const ACTION_MARKS = new Map<string, number>(AUDIT_ACTIONS.map((action, index) => [action, -(index + 1)]));
/** A PENDING intent that nothing has resolved yet. A resolved one is marked with the line that resolved it. */
const OPEN = 0;
const CUSTOM_OBJECTS = 'customobjects';
const INITIAL_CAPACITY = 1024;
/** The bytes of a scope's SHA-256 that decide whether two scopes are the same (see scopeDigest). */
const KEY_BYTES = 16;
/** What is kept an open intent: KEY_BYTES, then a 32-bit hash of each of the scope's four parts. */
const DIGEST_BYTES = KEY_BYTES + 16;

export interface IntentLinks {
  /**
   * Takes the next entry of the chain (its seq one more than the last one taken): the problem with the intent it
   * names, in the words of a verify finding without the "line N" that starts them, or undefined. An entry with a
   * problem is taken all the same, so that the entries after it are checked.
   */
  follow(entry: AuditEntry): string | undefined;
  /** The lines (seqs) of the intents that no entry taken resolves, oldest first: the first `limit`, and how many. */
  open(limit: number): { lines: number[]; count: number };
}

export function intentLinks(): IntentLinks {
  /** One mark an entry taken, at index seq - 1: OPEN, the line that resolved it, or its action's mark. */
  let marks = new Int32Array(INITIAL_CAPACITY);
  /** For an open intent, at the same index: the slot of its schema's digest in `digests`. */
  let slots = new Int32Array(INITIAL_CAPACITY);
  /** The digests of the open intents' schemas, DIGEST_BYTES a slot. */
  let digests = new Uint8Array(INITIAL_CAPACITY * DIGEST_BYTES);
  /** The slots of resolved intents, taken again before any new one. */
  let freeSlots = new Int32Array(INITIAL_CAPACITY);
  let freeCount = 0;
  let slotCount = 0;
  let taken = 0;
  let openCount = 0;
  return {
    follow(entry) {
      const problem = entry.intentSeq === undefined ? undefined : resolve(entry, entry.intentSeq);
      if (taken === marks.length) {
        marks = grown(marks);
        slots = grown(slots);
      }
      if (entry.action === 'SCHEMA_WRITE_INTENDED' && entry.status === 'PENDING') {
        marks[taken] = OPEN;
        slots[taken] = keep(scopeDigest(entry));
        openCount += 1;
      } else {
        marks[taken] = ACTION_MARKS.get(entry.action)!;
      }
      taken += 1;
      return problem;
    },
    open(limit) {
      const lines: number[] = [];
      for (let index = 0; index < taken && lines.length < limit; index += 1)
        if (marks[index] === OPEN) lines.push(index + 1);
      return { lines, count: openCount };
    },
  };

  /** Stores a digest in a free slot, or a new one: the slots number at most the intents open at once. */
  function keep(digest: Uint8Array): number {
    let slot: number;
    if (freeCount > 0) {
      freeCount -= 1;
      slot = freeSlots[freeCount]!;
    } else {
      slot = slotCount;
      slotCount += 1;
      if (slot * DIGEST_BYTES === digests.length) digests = grown(digests);
    }
    digests.set(digest, slot * DIGEST_BYTES);
    return slot;
  }

  function release(slot: number): void {
    if (freeCount === freeSlots.length) freeSlots = grown(freeSlots);
    freeSlots[freeCount] = slot;
    freeCount += 1;
  }

  function resolve(entry: AuditEntry, intentSeq: number): string | undefined {
    if (!Number.isInteger(intentSeq) || intentSeq < 1) return `has an intentSeq ${intentSeq} that names no entry`;
    const named = `resolves the write intended in line ${intentSeq}`;
    if (intentSeq >= entry.seq || intentSeq > taken)
      return `${named}, which does not come before it: no entry resolves a later one`;
    const mark = marks[intentSeq - 1]!;
    if (mark < 0) {
      const action = AUDIT_ACTIONS[-mark - 1] as AuditAction;
      return action === 'SCHEMA_WRITE_INTENDED'
        ? `${named}, which is a SCHEMA_WRITE_INTENDED entry with a status other than PENDING`
        : `${named}, which is a ${action} entry, not a SCHEMA_WRITE_INTENDED one`;
    }
    if (mark !== OPEN) return `${named}, which line ${mark} already resolved`;
    const slot = slots[intentSeq - 1]!;
    const intent = digests.subarray(slot * DIGEST_BYTES, (slot + 1) * DIGEST_BYTES);
    const difference = otherSchema(intent, scopeDigest(entry), scopeOf(entry));
    if (difference !== undefined) return `${named}, which is for ${difference}`;
    marks[intentSeq - 1] = entry.seq;
    release(slot);
    openCount -= 1;
    return undefined;
  }
}

/** A typed array twice as long, holding the same values first. */
function grown<T extends Int32Array | Uint8Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** The schema an entry is about: what an intent and the entry resolving it must share. */
type Scope = [schemaId: string, family: string, orgDomain: string, environment: string];

function scopeOf(entry: AuditEntry): Scope {
  // An entry written before families were recorded has none: it was about custom objects (docs/audit.md).
  return [entry.schemaId, entry.family ?? CUSTOM_OBJECTS, entry.orgDomain, entry.environment];
}

/**
 * A fixed-size digest of an entry's scope, whatever the length of its parts: first the SHA-256 of the whole scope
 * (each part after its length, so that two scopes share it only when they are the same), cut to KEY_BYTES, which
 * alone decides whether two scopes are the same. 128 bits: two different scopes share it by chance with odds of
 * 2^-128, and even making a pair that does on purpose takes some 2^64 hashes, so no collision hides a link problem.
 * Then a 32-bit FNV-1a hash of each part, only to name which part differs.
 */
function scopeDigest(entry: AuditEntry): Uint8Array {
  const scope = scopeOf(entry);
  const digest = new Uint8Array(DIGEST_BYTES);
  const key = scope.map((part) => `${part.length}:${part}`).join('');
  digest.set(createHash('sha256').update(key).digest().subarray(0, KEY_BYTES));
  const view = new DataView(digest.buffer);
  scope.forEach((part, index) => view.setUint32(KEY_BYTES + 4 * index, fnv1a(part)));
  return digest;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function sameBytes(a: Uint8Array, b: Uint8Array, from: number, to: number): boolean {
  for (let index = from; index < to; index += 1) if (a[index] !== b[index]) return false;
  return true;
}

/**
 * How the intent's schema differs from the resolving entry's, or undefined when it is the same. Only the digest of
 * the intent's scope is kept, so the difference is told in the resolving entry's terms; the intent's line says the
 * rest. The 32-bit hashes of the parts only choose the words: the verdict is the KEY_BYTES'.
 */
function otherSchema(intent: Uint8Array, digest: Uint8Array, entry: Scope): string | undefined {
  if (sameBytes(intent, digest, 0, KEY_BYTES)) return undefined;
  const [schemaId, family, orgDomain, environment] = entry;
  const part = (index: number): boolean => !sameBytes(intent, digest, KEY_BYTES + 4 * index, KEY_BYTES + 4 * index + 4);
  if (part(0)) return `another schema than ${JSON.stringify(schemaId)}`;
  const schema = JSON.stringify(schemaId);
  if (part(1)) return `${schema} in another family than ${family}`;
  if (part(2)) return `${schema} in another org than ${orgDomain}`;
  if (part(3)) return `${schema} in another environment than ${environment}`;
  return `another schema, family, org or environment than ${schema} in ${family}, ${orgDomain}, ${environment}`;
}
