/**
 * The tamper-evident audit log: JSON Lines, one entry per action, each chained to the one before by SHA-256
 * (see audit-entry.ts). An append is whole and durable: under an exclusive lock file it reads the last entry,
 * writes the new line in one write, and fsyncs before the lock is released, so that two processes appending to
 * one log never interleave bytes nor fork the chain.
 *
 * A last line without its newline was torn by an interrupted append: the next append writes over it, records an
 * AUDIT_REPAIRED entry (with the size and SHA-256 of the bytes it removed), then its own entry. The repair is
 * written before the file is shortened, so a second interruption leaves at worst another torn tail. One blank last
 * line (an editor's trailing newline, which verify accepts) is written over (audit-tail.ts).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { constants } from 'node:fs';
import { withFileLock, type LockOptions } from './audit-lock.js';
import { readChainTail } from './audit-tail.js';
import { AuditLogClosedError, AuditLogMissingError } from './audit-errors.js';
import { UsageError } from '../../model/errors.js';
import { prepareLogFile } from './audit-file.js';
import { readAuditEntries } from './audit-chain.js';
import { redactSecrets } from '../../genesys/secret-redactor.js';
import {
  computeEntryHash,
  describeEntryShapeProblem,
  hashContent,
  serializeEntry,
  sha256Hex,
  type AuditEntry,
} from './audit-entry.js';

export {
  verifyAuditChain,
  readAuditEntries,
  type AuditVerification,
  type AuditFilter,
  type VerifyOptions,
} from './audit-chain.js';
export { AUDIT_ACTIONS, GENESIS_HASH, type AuditAction, type AuditEntry, type AuditStatus } from './audit-entry.js';

/** Who and where: the same for every entry a run appends. */
export interface AuditContext {
  environment: string;
  orgDomain: string;
  /** The platform family the run deploys to (the target's kind); recorded in every entry. */
  family?: string;
  /** The OAuth client id (never its secret). */
  actor: string;
}

/** What a caller appends: the entry's own members; the log adds the context, the sequence, the chain and the time. */
export type AuditAppend = Pick<
  AuditEntry,
  | 'action'
  | 'schemaId'
  | 'version'
  | 'latencyMs'
  | 'status'
  | 'correlationId'
  | 'restoredVersion'
  | 'intentSeq'
  | 'runId'
  | 'pid'
  | 'host'
  | 'bootId'
  | 'pidNamespace'
  | 'processStart'
> & {
  /** Redacted before it is written. */
  reason?: string;
  /** Redacted before it is written. */
  errorMessage?: string;
  /** Hashed (canonical JSON, SHA-256) into `contentSha256`; never stored. */
  content?: unknown;
};

export interface AuditLog {
  readonly path: string;
  append(entry: AuditAppend): Promise<AuditEntry>;
  /**
   * Appends unless `skip` says no, judged on the whole log read under the log's lock, so that no other process
   * appends between the look and the append (two runs settling one intent record it once). Undefined when skipped.
   */
  appendUnless(entry: AuditAppend, skip: (entries: readonly AuditEntry[]) => boolean): Promise<AuditEntry | undefined>;
  /**
   * Appends, in order, the entries `choose` returns, judged like appendUnless on the whole log read once under the
   * lock, and written in one write with one fsync: n entries cost one read of the log, not n (settling the open
   * intents a crash left). Returns the entries written; none when `choose` returns none.
   */
  appendChosen(choose: (entries: readonly AuditEntry[]) => readonly AuditAppend[]): Promise<AuditEntry[]>;
  /**
   * Appends `entry` after the appends already asked for, and closes the log to this process: every later append
   * fails without touching the file, so that once this one is written no append is in progress (the process may
   * then end at once without leaving the lock or a torn line behind).
   */
  appendLast(entry: AuditAppend): Promise<AuditEntry>;
}

export interface AuditLogOptions {
  now?: () => Date;
  /** Values to remove from error messages, besides the credential shapes redactSecrets knows. */
  secrets?: readonly (string | undefined)[];
  lock?: LockOptions;
}

/**
 * Opens (creating it and its folder if need be) the log at `path`, once it is known that an append can write it:
 * AuditLogUnwritableError or AuditLogCorruptError otherwise (audit-file.ts).
 */
export async function openAuditLog(
  path: string,
  context: AuditContext,
  options: AuditLogOptions = {},
): Promise<AuditLog> {
  const now = options.now ?? (() => new Date());
  const secrets = options.secrets ?? [];
  // Checked before anything is deployed, so that a run never acts and then cannot record it.
  const lockPath = await prepareLogFile(path, options.lock);
  // Appends from this process go one at a time; the lock file orders them against other processes.
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;
  function locked<T>(body: () => Promise<T>): Promise<T> {
    if (closed) return Promise.reject(new AuditLogClosedError(path));
    const next = queue.then(() => withFileLock(lockPath, body, options.lock));
    queue = next.catch(() => undefined);
    return next;
  }
  const appendOne = async (input: AuditAppend): Promise<AuditEntry> =>
    (await appendLocked(path, context, [input], now, secrets))[0]!;
  const appendChosen: AuditLog['appendChosen'] = (choose) =>
    locked(async () => appendLocked(path, context, choose(await entriesOrNone(path)), now, secrets));
  return {
    path,
    append(input) {
      return locked(() => appendOne(input));
    },
    async appendUnless(input, skip) {
      const [entry] = await appendChosen((entries) => (skip(entries) ? [] : [input]));
      return entry;
    },
    appendChosen,
    appendLast(input) {
      const last = locked(() => appendOne(input));
      closed = true;
      return last;
    },
  };
}

/** The entries of the log; none when it was moved aside since it was opened (an append starts a new one). */
async function entriesOrNone(path: string): Promise<AuditEntry[]> {
  try {
    return await readAuditEntries(path);
  } catch (error) {
    if (error instanceof AuditLogMissingError) return [];
    throw error;
  }
}

/** Appends `inputs` in one write and one fsync: all of them, or (interrupted) a torn tail the next append repairs. */
async function appendLocked(
  path: string,
  context: AuditContext,
  inputs: readonly AuditAppend[],
  now: () => Date,
  secrets: readonly (string | undefined)[],
): Promise<AuditEntry[]> {
  // Nothing to write: the file is left as it is, a torn tail included.
  if (inputs.length === 0) return [];
  // O_CREAT: the log may have been moved aside since it was opened; a new chain then starts.
  const handle = await open(path, constants.O_RDWR | constants.O_CREAT, 0o600);
  try {
    const tail = await readChainTail(path, handle);
    let previous = tail.previous;
    let text = tail.newlineMissing ? '\n' : '';
    if (tail.torn !== undefined) {
      const repair = buildEntry(
        context,
        previous,
        now(),
        {
          action: 'AUDIT_REPAIRED',
          schemaId: '',
          status: 'WARNING',
          errorMessage: `removed a torn last line of ${tail.torn.length} bytes at byte ${tail.writeAt}, left by an interrupted append; contentSha256 is the SHA-256 of the removed bytes`,
        },
        sha256Hex(tail.torn),
      );
      text += serializeEntry(repair);
      previous = { hash: repair.hash, seq: repair.seq };
    }
    const entries: AuditEntry[] = [];
    for (const input of inputs) {
      const entry = buildEntry(context, previous, now(), {
        ...input,
        ...(input.errorMessage === undefined ? {} : { errorMessage: redactSecrets(input.errorMessage, secrets) }),
        ...(input.reason === undefined ? {} : { reason: redactSecrets(input.reason, secrets) }),
      });
      // The library's callers name the members: an entry of a shape verify would refuse is never written, since
      // every later append would then refuse to chain to it. Checked for each before any is written.
      const shape = describeEntryShapeProblem(entry);
      if (shape !== undefined)
        throw new UsageError(`not appended to ${path}: the entry ${shape}, which verify refuses`);
      text += serializeEntry(entry);
      entries.push(entry);
      previous = { hash: entry.hash, seq: entry.seq };
    }
    const bytes = Buffer.from(text, 'utf8');
    await writeFully(handle, bytes, tail.writeAt);
    if (tail.writeAt + bytes.length < tail.size) await handle.truncate(tail.writeAt + bytes.length);
    await handle.sync();
    return entries;
  } finally {
    await handle.close();
  }
}

function buildEntry(
  context: AuditContext,
  previous: { hash: string; seq: number },
  at: Date,
  input: AuditAppend,
  contentSha256?: string,
): AuditEntry {
  const digest = contentSha256 ?? (input.content === undefined ? undefined : hashContent(input.content));
  // Member order is for people reading the file; the hash is over the canonical (sorted) form.
  const entry: Omit<AuditEntry, 'hash'> & { hash?: string } = {
    seq: previous.seq + 1,
    timestamp: at.toISOString(),
    action: input.action,
    schemaId: input.schemaId,
    ...(input.version === undefined ? {} : { version: input.version }),
    status: input.status,
    ...(input.latencyMs === undefined ? {} : { latencyMs: input.latencyMs }),
    ...(input.errorMessage === undefined ? {} : { errorMessage: input.errorMessage }),
    environment: context.environment,
    orgDomain: context.orgDomain,
    ...(context.family === undefined ? {} : { family: context.family }),
    actor: context.actor,
    ...(input.correlationId === undefined ? {} : { correlationId: input.correlationId }),
    ...(digest === undefined ? {} : { contentSha256: digest }),
    ...(input.intentSeq === undefined ? {} : { intentSeq: input.intentSeq }),
    ...(input.runId === undefined ? {} : { runId: input.runId }),
    ...(input.pid === undefined ? {} : { pid: input.pid }),
    ...(input.host === undefined ? {} : { host: input.host }),
    ...(input.bootId === undefined ? {} : { bootId: input.bootId }),
    ...(input.pidNamespace === undefined ? {} : { pidNamespace: input.pidNamespace }),
    ...(input.processStart === undefined ? {} : { processStart: input.processStart }),
    ...(input.restoredVersion === undefined ? {} : { restoredVersion: input.restoredVersion }),
    ...(input.reason === undefined ? {} : { reason: input.reason }),
    prevHash: previous.hash,
  };
  return { ...entry, hash: computeEntryHash(entry) };
}

async function writeFully(handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}
