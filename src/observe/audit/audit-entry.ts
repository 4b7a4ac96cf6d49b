/**
 * One line of the audit log, and how it is chained. Every entry carries the hash of the entry before it
 * (`prevHash`; 64 zeros for the first), and its own `hash`: SHA-256 over the canonical JSON of the entry
 * without `hash`. Editing, deleting, inserting or reordering a line breaks the chain at that line.
 */
import { hash } from 'node:crypto';
import { canonicalJson } from '../../model/canonical-json.js';

/** What happened (docs/audit.md describes each action). */
export const AUDIT_ACTIONS = [
  'VALIDATION_FAILED',
  'SCHEMA_CREATED',
  'SCHEMA_UPDATED',
  'SCHEMA_PUBLISHED',
  'SCHEMA_DEPRECATED',
  'SCHEMA_DEPLOYMENT_FAILED',
  'PORTAL_EXPORT_FAILED',
  'SCHEMA_DELETED',
  'SCHEMA_ROLLED_BACK',
  /** The log itself was repaired: a torn last line left by an interrupted append was removed. */
  'AUDIT_REPAIRED',
  /** A run was stopped by SIGINT or SIGTERM; the message says which steps were done and which not. */
  'APPLY_INTERRUPTED',
  /** A write about to be sent (status PENDING); the entry that resolves it names it by `intentSeq`. */
  'SCHEMA_WRITE_INTENDED',
  /**
   * The org holds what an intent was to write, found by the read back after its lost answer or by a later run:
   * that write happened, or an identical one of another run did. Not a claim of the version (version-claims.ts).
   */
  'SCHEMA_WRITE_FOUND',
  /** An intended write did not take effect: refused with a conflict, or not found in the org by a later run. */
  'SCHEMA_WRITE_NOT_DONE',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_STATUSES = ['SUCCESS', 'FAILED', 'WARNING', 'PENDING'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

/** The hash the first entry chains to. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  /** 1 for the first entry of a log, then +1 each entry: makes a gap or a swap visible at a glance. */
  seq: number;
  /** ISO-8601, UTC. */
  timestamp: string;
  action: AuditAction;
  /** The schema's externalId; empty for entries about the log itself. */
  schemaId: string;
  version?: number;
  latencyMs?: number;
  status: AuditStatus;
  /** Already redacted: never holds a token or a secret. */
  errorMessage?: string;
  environment: string;
  orgDomain: string;
  /**
   * The platform family the run deployed to (`customobjects`, `contacts`, `organizations`, `workitems`): a schema
   * is known by its externalId and its family. Absent in entries written before the family was recorded.
   */
  family?: string;
  /** Who acted: the OAuth client id. */
  actor: string;
  correlationId?: string;
  /** SHA-256 (hex) of the canonical JSON of the content deployed; the content itself is not stored. */
  contentSha256?: string;
  /** The `seq` of the SCHEMA_WRITE_INTENDED entry this entry resolves. */
  intentSeq?: number;
  /**
   * SCHEMA_WRITE_INTENDED: the run that sent the write (a random id per apply or rollback), its process id and its
   * host name, so that another run knows whether the write may still be waiting for its answer. Absent in intents
   * written before the owner was recorded.
   */
  runId?: string;
  pid?: number;
  host?: string;
  /**
   * SCHEMA_WRITE_INTENDED, where the system offers them (Linux): the kernel's boot id, the pid namespace and the
   * start time of the process, which tell apart two process tables under one host name and a pid reused. Absent
   * in intents written before they were recorded, and on other systems.
   */
  bootId?: string;
  pidNamespace?: string;
  processStart?: number;
  /** SCHEMA_ROLLED_BACK: the earlier version whose contents this version restores. */
  restoredVersion?: number;
  /** Why a rule was set aside: the reason given with `rollback --allow-breaking`. Redacted like errorMessage. */
  reason?: string;
  prevHash: string;
  hash: string;
}

export function sha256Hex(text: string | Uint8Array): string {
  // The one-shot form: half the cost of a Hash object for an entry's few hundred bytes, and verify hashes every
  // entry of a log (bench/audit-log.ts measures it).
  return hash('sha256', text, 'hex');
}

/** The hash an entry must carry: SHA-256 of the canonical JSON of every member except `hash`. */
export function computeEntryHash(entry: Omit<AuditEntry, 'hash'> & { hash?: string }): string {
  const { hash: _ignored, ...rest } = entry;
  return sha256Hex(canonicalJson(rest));
}

/** The content hash recorded in `contentSha256`: receivers can recompute it from the deployed body. */
export function hashContent(content: unknown): string {
  return sha256Hex(canonicalJson(content));
}

const HEX64 = /^[0-9a-f]{64}$/;
const ALLOWED_KEYS = new Set([
  'seq',
  'timestamp',
  'action',
  'schemaId',
  'version',
  'latencyMs',
  'status',
  'errorMessage',
  'environment',
  'orgDomain',
  'family',
  'actor',
  'correlationId',
  'contentSha256',
  'intentSeq',
  'runId',
  'pid',
  'host',
  'bootId',
  'pidNamespace',
  'processStart',
  'restoredVersion',
  'reason',
  'prevHash',
  'hash',
]);

/**
 * Checks that a parsed line has the shape of an entry. Returns the problem in words, or undefined.
 * Unknown members are refused: an entry's meaning must be fully covered by what the reader understands.
 */
export function describeEntryShapeProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'is not a JSON object';
  const entry = value as Record<string, unknown>;
  for (const key of Object.keys(entry)) {
    if (!ALLOWED_KEYS.has(key)) return `has an unknown member "${key}"`;
  }
  const strings = ['timestamp', 'schemaId', 'environment', 'orgDomain', 'actor'] as const;
  for (const key of strings) {
    if (typeof entry[key] !== 'string') return `has no string "${key}"`;
  }
  if (!Number.isInteger(entry['seq']) || (entry['seq'] as number) < 1) return 'has no positive integer "seq"';
  if (!(AUDIT_ACTIONS as readonly unknown[]).includes(entry['action']))
    return `has an unknown action ${JSON.stringify(entry['action'])}`;
  if (!(AUDIT_STATUSES as readonly unknown[]).includes(entry['status']))
    return `has an unknown status ${JSON.stringify(entry['status'])}`;
  for (const key of ['prevHash', 'hash'] as const) {
    if (typeof entry[key] !== 'string' || !HEX64.test(entry[key])) return `has no SHA-256 hex "${key}"`;
  }
  if (
    entry['contentSha256'] !== undefined &&
    (typeof entry['contentSha256'] !== 'string' || !HEX64.test(entry['contentSha256']))
  ) {
    return 'has a "contentSha256" that is not SHA-256 hex';
  }
  for (const key of ['version', 'latencyMs', 'restoredVersion', 'intentSeq'] as const) {
    if (entry[key] !== undefined && typeof entry[key] !== 'number') return `has a "${key}" that is not a number`;
  }
  if (entry['pid'] !== undefined && !(Number.isInteger(entry['pid']) && (entry['pid'] as number) > 0))
    return 'has a "pid" that is not a positive integer';
  if (
    entry['processStart'] !== undefined &&
    !(Number.isSafeInteger(entry['processStart']) && (entry['processStart'] as number) >= 0)
  )
    return 'has a "processStart" that is not a whole number';
  for (const key of [
    'errorMessage',
    'correlationId',
    'reason',
    'family',
    'runId',
    'host',
    'bootId',
    'pidNamespace',
  ] as const) {
    if (entry[key] !== undefined && typeof entry[key] !== 'string') return `has a "${key}" that is not a string`;
  }
  if (Number.isNaN(Date.parse(entry['timestamp'] as string))) return 'has a "timestamp" that is not a date';
  return describeOwnerProblem(entry);
}

/** The members that name who sent a write: on SCHEMA_WRITE_INTENDED only, runId, pid and host all or none. */
const OWNER_KEYS = ['runId', 'pid', 'host'] as const;
const PROCESS_TABLE_KEYS = ['bootId', 'pidNamespace', 'processStart'] as const;

function describeOwnerProblem(entry: Record<string, unknown>): string | undefined {
  const present = [...OWNER_KEYS, ...PROCESS_TABLE_KEYS].filter((key) => entry[key] !== undefined);
  if (present.length === 0) return undefined;
  if (entry['action'] !== 'SCHEMA_WRITE_INTENDED')
    return `has "${present[0]}", which only a SCHEMA_WRITE_INTENDED entry records`;
  const missing = OWNER_KEYS.find((key) => entry[key] === undefined);
  if (missing !== undefined) return `names its owner without "${missing}": runId, pid and host come together`;
  for (const key of ['runId', 'host', 'bootId', 'pidNamespace'] as const) {
    if (entry[key] === '') return `has an empty "${key}"`;
  }
  return undefined;
}

/** One entry as a line of the log, newline included: its members in order, `hash` last. */
export function serializeEntry(entry: AuditEntry): string {
  const { hash, ...rest } = entry;
  return `${JSON.stringify({ ...rest, hash })}\n`;
}

/**
 * Reads one line as an entry, or says why it is not one. The hash covers the entry's value, so the line must be
 * nothing but that value: a member given twice is refused (JSON.parse keeps the last, grep and many parsers the
 * first, so two readers would see two different entries under one valid hash), and so is a line that is not
 * exactly what serializeEntry writes for its value (added whitespace, other escapes): what is on disk is then
 * byte for byte what was hashed. Every line cxschema has written passes, older logs included.
 */
export function parseEntryLine(text: string, utf8 = true): { entry: AuditEntry } | { problem: string } {
  // cxschema writes UTF-8 only. Bytes that are not (a U+FFFD of an entry replaced by 0xFF, say) decode to the very
  // text that was hashed, yet are not the bytes written, and a strict reader refuses them or reads them otherwise.
  if (!utf8) return { problem: 'is not valid UTF-8: its bytes were changed' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'is not valid JSON' };
  }
  const shape = describeEntryShapeProblem(value);
  // A line that is byte for byte the serialization of its value names no member twice (JSON.parse keeps one of
  // them, which the serialization writes once): an entry that passes every other check needs no scan for one.
  // Only a refused line is scanned, to say why in the order below.
  if (shape === undefined && isWhole(text, value as AuditEntry)) return { entry: value as AuditEntry };
  const repeated = repeatedMember(text);
  if (repeated !== undefined)
    return { problem: `has the member "${repeated}" twice: readers would disagree on which one counts` };
  if (shape !== undefined) return { problem: shape };
  const entry = value as AuditEntry;
  if (computeEntryHash(entry) !== entry.hash)
    return { problem: 'has a hash that does not match its content: the entry was edited' };
  return {
    problem:
      'is not byte for byte the entry its hash covers (whitespace, escapes or member order were changed): the line was edited',
  };
}

/** Whether an entry of a valid shape has the hash of its content and is written as serializeEntry writes it. */
function isWhole(text: string, entry: AuditEntry): boolean {
  return computeEntryHash(entry) === entry.hash && isSerializedForm(text, entry);
}

/**
 * Whether `text` is what serializeEntry writes for `entry` (its value): the same bytes as JSON.stringify of the
 * value, with `hash` the last member. JSON.parse keeps members in the text's order (an entry has no integer-like
 * member names, which V8 would move first: the shape check refuses every name not in ALLOWED_KEYS), so this says
 * the same as comparing with serializeEntry, without the two copies of the entry that makes.
 */
function isSerializedForm(text: string, entry: AuditEntry): boolean {
  return text.endsWith(`"hash":"${entry.hash}"}`) && JSON.stringify(entry) === text;
}

/**
 * The first member name that appears twice at the top level of a JSON object text (which JSON.parse accepted),
 * or undefined. Entries are flat, but nested values are skipped properly all the same.
 */
export function repeatedMember(text: string): string | undefined {
  const seen = new Set<string>();
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) {
        // Only a name with an escape needs decoding: `"a\u0062"` and `"ab"` are one name.
        const raw = text.slice(i + 1, end);
        const name = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        if (seen.has(name)) return name;
        seen.add(name);
        expectKey = false;
      }
      i = end;
    } else if (char === '{' || char === '[') {
      depth++;
      expectKey = depth === 1 && char === '{';
    } else if (char === '}' || char === ']') {
      depth--;
    } else if (char === ',' && depth === 1) {
      expectKey = true;
    }
  }
  return undefined;
}
