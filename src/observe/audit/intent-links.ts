/**
 * The links from entries to the write intents they resolve, followed as verify reads the chain (docs/audit.md,
 * "What verify catches"). An `intentSeq` must name an earlier PENDING SCHEMA_WRITE_INTENDED entry of the same
 * schema (externalId, family, org and environment: the intents a run settles are those of its own org,
 * environment and family) that no earlier entry resolved. An intent that nothing resolves by the end of the log is
 * no fault: a run killed between a write and its answer leaves one, for the next run to settle.
 *
 * Verify reads logs of any length line by line, so what is kept is one small integer an entry plus the open intents
 * themselves; in a chain that verifies, an entry's seq is its line number, which is how intents are looked up.
 */
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry } from './audit-entry.js';

/** An entry that is not an open intent, by its action: `-(index in AUDIT_ACTIONS + 1)`. */
const ACTION_MARKS = new Map<string, number>(AUDIT_ACTIONS.map((action, index) => [action, -(index + 1)]));
/** A PENDING intent that nothing has resolved yet. A resolved one is marked with the line that resolved it. */
const OPEN = 0;
const CUSTOM_OBJECTS = 'customobjects';

export interface IntentLinks {
  /**
   * Takes the next entry of the chain (its seq one more than the last one taken): the problem with the intent it
   * names, in the words of a verify finding without the "line N" that starts them, or undefined. An entry with a
   * problem is taken all the same, so that the entries after it are checked.
   */
  follow(entry: AuditEntry): string | undefined;
  /** The lines (seqs) of the intents that no entry taken resolves, oldest first. */
  open(): number[];
}

export function intentLinks(): IntentLinks {
  /** One mark an entry taken, at index seq - 1: OPEN, the line that resolved it, or its action's mark. */
  const marks: number[] = [];
  const open = new Map<number, AuditEntry>();
  return {
    follow(entry) {
      const problem = entry.intentSeq === undefined ? undefined : resolve(entry, entry.intentSeq);
      if (entry.action === 'SCHEMA_WRITE_INTENDED' && entry.status === 'PENDING') {
        marks.push(OPEN);
        open.set(entry.seq, entry);
      } else {
        marks.push(ACTION_MARKS.get(entry.action)!);
      }
      return problem;
    },
    open: () => [...open.keys()],
  };

  function resolve(entry: AuditEntry, intentSeq: number): string | undefined {
    if (!Number.isInteger(intentSeq) || intentSeq < 1) return `has an intentSeq ${intentSeq} that names no entry`;
    const named = `resolves the write intended in line ${intentSeq}`;
    if (intentSeq >= entry.seq) return `${named}, which does not come before it: no entry resolves a later one`;
    const mark = marks[intentSeq - 1]!;
    if (mark < 0) {
      const action = AUDIT_ACTIONS[-mark - 1] as AuditAction;
      return action === 'SCHEMA_WRITE_INTENDED'
        ? `${named}, which is a SCHEMA_WRITE_INTENDED entry with a status other than PENDING`
        : `${named}, which is a ${action} entry, not a SCHEMA_WRITE_INTENDED one`;
    }
    if (mark !== OPEN) return `${named}, which line ${mark} already resolved`;
    const intent = open.get(intentSeq)!;
    const other = otherSchema(intent, entry);
    if (other !== undefined) return `${named}, which is for ${other}`;
    open.delete(intentSeq);
    marks[intentSeq - 1] = entry.seq;
    return undefined;
  }
}

/** How the intent's schema differs from the resolving entry's, or undefined when it is the same schema. */
function otherSchema(intent: AuditEntry, entry: AuditEntry): string | undefined {
  if (intent.schemaId !== entry.schemaId)
    return `the schema ${JSON.stringify(intent.schemaId)}, not ${JSON.stringify(entry.schemaId)}`;
  const schema = JSON.stringify(entry.schemaId);
  // An entry written before families were recorded has none: it was about custom objects (docs/audit.md).
  const intentFamily = intent.family ?? CUSTOM_OBJECTS;
  const entryFamily = entry.family ?? CUSTOM_OBJECTS;
  if (intentFamily !== entryFamily) return `${schema} in the family ${intentFamily}, not ${entryFamily}`;
  if (intent.orgDomain !== entry.orgDomain) return `${schema} in the org ${intent.orgDomain}, not ${entry.orgDomain}`;
  if (intent.environment !== entry.environment)
    return `${schema} in the environment ${intent.environment}, not ${entry.environment}`;
  return undefined;
}
