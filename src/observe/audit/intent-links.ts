/**
 * The links from entries to the write intents they resolve, followed as verify reads the chain (docs/audit.md,
 * "What verify catches"). An `intentSeq` must name an earlier PENDING SCHEMA_WRITE_INTENDED entry of the same
 * schema (externalId, family, org and environment: the intents a run settles are those of its own org,
 * environment and family) that no earlier entry resolved. An intent that nothing resolves by the end of the log is
 * no fault: a run killed between a write and its answer leaves one, for the next run to settle.
 *
 * Verify reads logs of any length line by line with little memory, so what is kept is two 32-bit integers an entry
 * (its mark, and for an intent its schema's key, interned) and each distinct schema key once; in a chain whose
 * hashes hold, an entry's seq is its line number, which is how intents are looked up.
 */
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from './audit-entry.js';

/** An entry that is not an open intent, by its action: `-(index in AUDIT_ACTIONS + 1)`. */
const ACTION_MARKS = new Map<string, number>(AUDIT_ACTIONS.map((action, index) => [action, -(index + 1)]));
/** A PENDING intent that nothing has resolved yet. A resolved one is marked with the line that resolved it. */
const OPEN = 0;
const CUSTOM_OBJECTS = 'customobjects';
const INITIAL_CAPACITY = 1024;

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
  /** For an intent, at the same index: the id of its schema's key in `keys`. */
  let scopes = new Int32Array(INITIAL_CAPACITY);
  const keyIds = new Map<string, number>();
  /** The schema of each key, by its id. */
  const keyScopes: Scope[] = [];
  let taken = 0;
  let openCount = 0;
  return {
    follow(entry) {
      const problem = entry.intentSeq === undefined ? undefined : resolve(entry, entry.intentSeq);
      if (taken === marks.length) grow();
      if (entry.action === 'SCHEMA_WRITE_INTENDED' && entry.status === 'PENDING') {
        marks[taken] = OPEN;
        scopes[taken] = keyId(entry);
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

  function grow(): void {
    const biggerMarks = new Int32Array(marks.length * 2);
    biggerMarks.set(marks);
    marks = biggerMarks;
    const biggerScopes = new Int32Array(scopes.length * 2);
    biggerScopes.set(scopes);
    scopes = biggerScopes;
  }

  function keyId(entry: AuditEntry): number {
    const key = scopeKey(entry);
    let id = keyIds.get(key);
    if (id === undefined) {
      id = keyScopes.length;
      keyScopes.push(scopeOf(entry));
      keyIds.set(key, id);
    }
    return id;
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
    const intentKey = scopes[intentSeq - 1]!;
    if (keyIds.get(scopeKey(entry)) !== intentKey)
      return `${named}, which is for ${otherSchema(keyScopes[intentKey]!, scopeOf(entry))}`;
    marks[intentSeq - 1] = entry.seq;
    openCount -= 1;
    return undefined;
  }
}

/** The schema an entry is about: what an intent and the entry resolving it must share. */
type Scope = [schemaId: string, family: string, orgDomain: string, environment: string];

function scopeOf(entry: AuditEntry): Scope {
  // An entry written before families were recorded has none: it was about custom objects (docs/audit.md).
  return [entry.schemaId, entry.family ?? CUSTOM_OBJECTS, entry.orgDomain, entry.environment];
}

/** The scope as one string, each part after its length: two scopes have the same key only when they are the same. */
function scopeKey(entry: AuditEntry): string {
  const family = entry.family ?? CUSTOM_OBJECTS;
  return `${entry.schemaId.length}:${entry.schemaId}${family.length}:${family}${entry.orgDomain.length}:${entry.orgDomain}${entry.environment.length}:${entry.environment}`;
}

/** How the intent's schema differs from the resolving entry's (their keys differ). */
function otherSchema(intent: Scope, entry: Scope): string {
  const [schemaId, family, orgDomain, environment] = intent;
  if (schemaId !== entry[0]) return `the schema ${JSON.stringify(schemaId)}, not ${JSON.stringify(entry[0])}`;
  const schema = JSON.stringify(entry[0]);
  if (family !== entry[1]) return `${schema} in the family ${family}, not ${entry[1]}`;
  if (orgDomain !== entry[2]) return `${schema} in the org ${orgDomain}, not ${entry[2]}`;
  return `${schema} in the environment ${environment}, not ${entry[3]}`;
}
