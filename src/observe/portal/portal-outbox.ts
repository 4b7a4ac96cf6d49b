/**
 * The portal outbox: every change event is recorded here, durably, before it is sent, and marked done once the
 * portal took it (a 2xx), so that neither a run killed nor a portal down loses one: the next apply or rollback of the
 * environment, or `cxschema portal resend`, sends what is still in it (docs/portal-events.md "When the portal does
 * not get an event").
 *
 * JSON Lines beside the audit log (`outboxPathFor`), one record a line, appended as the audit log is: under a lock
 * file, in one write, fsynced before the lock is released. A last line without its newline was torn by an append
 * that was cut short: it is ignored, and the next append writes over it (no event is lost by it: every record is
 * written before what it stands for is done; see change-export.ts). Records:
 *
 * - `send`: an event to send;
 * - `hold`: the event of one write whose answer came while its step goes on. Its run sends the step's event when the
 *   step ends (the holds it covers are marked done), or the hold itself when the step fails; a later run sends it
 *   once that run is over (killed before its step ended);
 * - `done`: events that need no sending any more: `sent` (the portal answered 2xx) or `covered` (by the event of
 *   their step). An event dropped beyond the bound (below) is left out when the file is rewritten. The `sent` marks
 *   that wait for the same turn to write are one record (`markSent`).
 *
 * No secret is written: an event is what the portal receives (its body, which holds none), and the record adds only
 * its id, the environment and, for a hold, the run that holds it (run id, pid, host: as an audit intent names them).
 * The URL, its credentials and the HMAC secret are the config's, read when the event is sent.
 *
 * Bounded: `takeStock` (at the start of a run that has a portal) and `compact` (at its end) rewrite the file with
 * only the events still to send, atomically (a new file, fsynced, renamed over the old one), or remove it when none
 * is left; `takeStock` also keeps at most MAX_OUTBOX_EVENTS of an environment, dropping the oldest beyond, which its
 * caller reports.
 */
import { open, readFile, stat, unlink, type FileHandle } from 'node:fs/promises';
import { constants } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { removeLeftoverTemporaries, syncFolder, writeFileAtomically } from '../../model/atomic-file.js';
import { CxError } from '../../model/errors.js';
import { makeFolders } from '../../model/make-folders.js';
import { readProcessIdentity } from '../../model/process-identity.js';
import { acquireFileLock, AuditLockError, type LockOptions } from '../audit/audit-lock.js';
import { readLogTail } from '../audit/audit-lines.js';
import type { IntentOwner } from '../audit/write-intents.js';
import type { ChangeEvent } from './portal-export.js';

/** An event as the outbox keeps it: the portal's body is made from it, `eventId` and all, as when it was first made. */
export interface OutboxEvent {
  eventId: string;
  /** The environment of the run that made it: its portal is the one the event goes to. */
  environment: string;
  event: ChangeEvent;
}

export type OutboxRecord =
  | ({ op: 'send' } & OutboxEvent)
  | ({ op: 'hold'; owner: IntentOwner; heldAt: string } & OutboxEvent)
  | { op: 'done'; eventIds: string[]; why: 'sent' | 'covered' };

/** An event not done yet, oldest first; `held` when it is the hold of a run that may still send it itself. */
export interface PendingEvent extends OutboxEvent {
  held?: { owner: IntentOwner; heldAt: string };
}

/** What a run starting finds in the outbox for its environment. */
export interface OutboxStock {
  /** To send now, oldest first: events to send, and the holds of runs that are over. */
  ready: OutboxEvent[];
  /** Holds of runs that may still be going: theirs to send. */
  waiting: number;
  /** The oldest events beyond MAX_OUTBOX_EVENTS, marked done unsent. */
  dropped: OutboxEvent[];
}

export interface PortalOutbox {
  readonly path: string;
  /** Appends the records in one write and one fsync (a torn last line is written over first). */
  append(records: readonly OutboxRecord[]): Promise<void>;
  /**
   * Marks an event the portal took as done (`sent`); resolves once the mark is durable. The marks asked for while
   * the outbox waits for its turn to write go out together: one record, one write and one fsync for them all.
   */
  markSent(eventId: string): Promise<void>;
  /**
   * Under the lock: the environment's events to send now, the file rewritten with only what is still to send (a
   * hold `mayStillRun` judges over becomes an event to send), and the environment's oldest events dropped beyond the
   * bound.
   */
  takeStock(environment: string, mayStillRun: (owner: IntentOwner, heldAt: string) => boolean): Promise<OutboxStock>;
  /** The environment's events not done, read without the lock and without changing the file. */
  pending(environment: string): Promise<PendingEvent[]>;
  /** Rewrites the file with only the events not done (none: no file), as they stand: the end of a run. */
  compact(): Promise<void>;
}

/**
 * At most this many events of one environment are kept: some two full deploys of an org at the platform's limit
 * of 500 schemas (docs/api-contract.md). A portal that has missed more is gone, not down for a while.
 */
export const MAX_OUTBOX_EVENTS = 1000;

/** No outbox within the bound comes near this (an event is a few KB): a larger file is not one. */
const MAX_OUTBOX_BYTES = 256 * 1024 * 1024;

/** `.cxschema/audit.jsonl` -> `.cxschema/audit.portal-outbox.jsonl`: one outbox a log, beside it. */
export function outboxPathFor(auditPath: string): string {
  const name = basename(auditPath).replace(/\.jsonl$/, '');
  return join(dirname(auditPath), `${name}.portal-outbox.jsonl`);
}

export class OutboxUnreadableError extends CxError {
  constructor(path: string, problem: string, hint?: string) {
    super('INPUT', `the portal outbox ${path} cannot be read: ${problem}`, {
      hint: hint ?? `move ${path} aside (the events in it are then not sent); cxschema starts a new one`,
    });
    this.name = 'OutboxUnreadableError';
  }
}

/** The outbox at `path`; nothing is created until the first append. */
export function openPortalOutbox(path: string, options: { lock?: LockOptions } = {}): PortalOutbox {
  // Work on the file from this process goes one at a time; the lock file orders it against other processes.
  let queue: Promise<unknown> = Promise.resolve();
  /** `body` under the lock, once this process's work before it is done; `onTurn` is told when its turn comes. */
  function locked<T>(body: () => Promise<T>, onTurn?: () => void): Promise<T> {
    const next = queue.then(() => {
      onTurn?.();
      return withOutboxLock(path, body, options.lock);
    });
    queue = next.catch(() => undefined);
    return next;
  }
  /**
   * The done marks not written yet, and the write that takes them. A mark is never held back for a later write: it
   * joins the one already waiting for its turn, so it is durable no later than a write of its own would have made it
   * (docs/portal-events.md "The outbox"). A run killed after the portal's 2xx sends the event again, under the same
   * id, in no more cases than before; only the locks and fsyncs are shared.
   */
  let marks: { eventIds: string[]; written: Promise<void> } | undefined;
  return {
    path,
    async append(records) {
      if (records.length === 0) return;
      // The folder first: the lock file lies in it.
      await makeFolders(dirname(path));
      await locked(() => appendRecords(path, records));
    },
    markSent(eventId) {
      if (marks === undefined) {
        const batch = { eventIds: [] as string[], written: Promise.resolve() };
        // Closed once its turn comes, before the lock is asked for: a mark asked for while another process holds the
        // lock goes to the next write, with a wait of its own, rather than share this one's (and its timeout).
        const close = (): void => {
          if (marks === batch) marks = undefined;
        };
        marks = batch;
        batch.written = makeFolders(dirname(path))
          .then(() => locked(() => appendRecords(path, [{ op: 'done', eventIds: batch.eventIds, why: 'sent' }]), close))
          .finally(close);
      }
      marks.eventIds.push(eventId);
      return marks.written;
    },
    async takeStock(environment, mayStillRun) {
      // No file, nothing to take (and no folder made for a lock): known without reading it.
      if (await emptyOrAbsent(path)) return { ready: [], waiting: 0, dropped: [] };
      return locked(() => takeStock(path, environment, mayStillRun));
    },
    async pending(environment) {
      return pendingEvents(await readRecords(path)).filter((event) => event.environment === environment);
    },
    async compact() {
      if (await emptyOrAbsent(path)) return;
      await locked(async () => {
        const text = await readText(path);
        const compacted = pendingEvents(parseLines(path, text)).map(recordOf).map(serializeRecord).join('');
        if (compacted !== text) await replaceFile(path, compacted);
      });
    },
  };
}

async function withOutboxLock<T>(path: string, body: () => Promise<T>, lock?: LockOptions): Promise<T> {
  let release: () => Promise<void>;
  try {
    release = await acquireFileLock(`${path}.lock`, lock);
  } catch (error) {
    if (error instanceof AuditLockError)
      throw new CxError('INPUT', `could not lock the portal outbox: ${path}.lock is held by another process`, {
        cause: error,
        hint: `if no cxschema process is running, delete ${path}.lock`,
      });
    // A folder this user may not write in (a run as another user made it): the user's to fix, said as such.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
      throw new CxError('INPUT', `could not lock the portal outbox: cannot make ${path}.lock: ${code}`, {
        cause: error,
        hint: `let this user read and write ${path} and its folder; the events in it wait there`,
      });
    throw error;
  }
  try {
    return await body();
  } finally {
    await release();
  }
}

async function appendRecords(path: string, records: readonly OutboxRecord[]): Promise<void> {
  const { handle, created } = await openForAppend(path);
  try {
    const tail = await readLogTail(handle);
    let writeAt = tail.size;
    let text = '';
    if (tail.unterminated !== undefined) {
      // A whole record missing only its newline is kept; anything else was torn, and is written over.
      if (parseRecord(tail.unterminated.bytes.toString('utf8')) !== undefined) text = '\n';
      else writeAt = tail.unterminated.offset;
    }
    text += records.map(serializeRecord).join('');
    const bytes = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, writeAt + done);
      done += bytesWritten;
    }
    if (writeAt + bytes.length < tail.size) await handle.truncate(writeAt + bytes.length);
    await handle.sync();
  } finally {
    await handle.close();
  }
  // A new file's directory entry is durable only once its folder is synced.
  if (created) await syncFolder(dirname(path));
}

async function openForAppend(path: string): Promise<{ handle: FileHandle; created: boolean }> {
  try {
    return { handle: await open(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o600), created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { handle: await open(path, constants.O_RDWR), created: false };
  }
}

/** One line, its members always in one order: a file rewritten with the same records is the same bytes. */
function serializeRecord(record: OutboxRecord): string {
  const ordered =
    record.op === 'done'
      ? { op: record.op, eventIds: record.eventIds, why: record.why }
      : record.op === 'send'
        ? { op: record.op, eventId: record.eventId, environment: record.environment, event: record.event }
        : {
            op: record.op,
            eventId: record.eventId,
            environment: record.environment,
            owner: record.owner,
            heldAt: record.heldAt,
            event: record.event,
          };
  return `${JSON.stringify(ordered)}\n`;
}

async function takeStock(
  path: string,
  environment: string,
  mayStillRun: (owner: IntentOwner, heldAt: string) => boolean,
): Promise<OutboxStock> {
  // A rewrite killed before its rename left `<outbox>.<uuid>.tmp` beside it (replaceFile): every rewrite is made
  // under the lock this holds, so any such file is a dead run's, and would otherwise stay for good.
  await removeLeftoverTemporaries(path, TEMPORARY_ID);
  const text = await readText(path);
  const pending = pendingEvents(parseLines(path, text));
  const mine = pending.filter((event) => event.environment === environment);
  const excess = Math.max(0, mine.length - MAX_OUTBOX_EVENTS);
  const dropped = new Set(mine.slice(0, excess).map((event) => event.eventId));
  const stock: OutboxStock = { ready: [], waiting: 0, dropped: [] };
  const kept: OutboxRecord[] = [];
  for (const event of pending) {
    const ours = event.environment === environment;
    const { held, ...plain } = event;
    if (ours && dropped.has(event.eventId)) {
      stock.dropped.push(plain);
      continue;
    }
    // Another environment's holds are judged by a run of that environment.
    if (held !== undefined && (!ours || mayStillRun(held.owner, held.heldAt))) {
      kept.push(recordOf(event));
      if (ours) stock.waiting++;
      continue;
    }
    kept.push({ op: 'send', ...plain });
    if (ours) stock.ready.push(plain);
  }
  const compacted = kept.map(serializeRecord).join('');
  if (compacted !== text) await replaceFile(path, compacted);
  return stock;
}

/** A pending event as its record: a hold while held, else an event to send. */
function recordOf({ held, ...event }: PendingEvent): OutboxRecord {
  return held === undefined ? { op: 'send', ...event } : { op: 'hold', ...event, ...held };
}

/** Writes `text` as the whole file, atomically: a new file beside it, fsynced, renamed over it. None when empty. */
async function replaceFile(path: string, text: string): Promise<void> {
  if (text === '') {
    await unlink(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    return;
  }
  // A name no other writer (another run compacting the same outbox) can have chosen.
  await writeFileAtomically(path, text, { temporary: `${path}.${randomUUID()}.tmp`, mode: 0o600, exclusive: true });
}

/** The id in a rewrite's temporary file's name (`randomUUID`'s form), as a pattern. */
const TEMPORARY_ID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** Whether the file holds nothing, or is not there: a size, not a read of the whole outbox. */
async function emptyOrAbsent(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/** The file's text; empty when there is none. */
async function readText(path: string): Promise<string> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new OutboxUnreadableError(path, 'it is not a regular file');
    size = info.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
  if (size > MAX_OUTBOX_BYTES) throw new OutboxUnreadableError(path, `it holds more than ${MAX_OUTBOX_BYTES} bytes`);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return '';
    // A file this user may not read (a run as another user made it) is the user's to fix, not a fault of cxschema:
    // said as such, and its events are not given up on.
    if (code === 'EACCES' || code === 'EPERM')
      throw new OutboxUnreadableError(
        path,
        `${code}: permission denied`,
        `let this user read and write ${path} and its folder; the events in it wait there`,
      );
    throw error;
  }
}

async function readRecords(path: string): Promise<OutboxRecord[]> {
  return parseLines(path, await readText(path));
}

/** Every record; a last line without its newline is kept when whole, ignored when torn. */
function parseLines(path: string, text: string): OutboxRecord[] {
  const lines = text.split('\n');
  const last = lines.pop() ?? '';
  const records = lines.map((line, index) => {
    const record = parseRecord(line);
    if (record === undefined) throw new OutboxUnreadableError(path, `line ${index + 1} is not an outbox record`);
    return record;
  });
  const whole = last === '' ? undefined : parseRecord(last);
  if (whole !== undefined) records.push(whole);
  return records;
}

/** The events not done, in the order they were first recorded; a `send` after a hold of the same id releases it. */
export function pendingEvents(records: readonly OutboxRecord[]): PendingEvent[] {
  const done = new Set<string>();
  for (const record of records) if (record.op === 'done') for (const id of record.eventIds) done.add(id);
  const pending = new Map<string, PendingEvent>();
  for (const record of records) {
    if (record.op === 'done' || done.has(record.eventId)) continue;
    const event: PendingEvent = { eventId: record.eventId, environment: record.environment, event: record.event };
    const before = pending.get(record.eventId);
    // A send releases a hold; a hold after a send of the same id (a later run found the write) holds nothing back.
    if (record.op === 'hold' && (before === undefined || before.held !== undefined))
      event.held = { owner: record.owner, heldAt: record.heldAt };
    pending.set(record.eventId, event);
  }
  return [...pending.values()];
}

/** One line as a record; undefined when it is not one (torn, or not written by cxschema). */
function parseRecord(line: string): OutboxRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  if (record['op'] === 'done') {
    const ids = record['eventIds'];
    const why = record['why'];
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return undefined;
    if (why !== 'sent' && why !== 'covered') return undefined;
    return { op: 'done', eventIds: ids, why };
  }
  if (record['op'] !== 'send' && record['op'] !== 'hold') return undefined;
  const { eventId, environment, event } = record;
  if (typeof eventId !== 'string' || typeof environment !== 'string' || !isChangeEvent(event)) return undefined;
  if (record['op'] === 'send') return { op: 'send', eventId, environment, event };
  const owner = ownerOf(record['owner']);
  const heldAt = record['heldAt'];
  if (owner === undefined || typeof heldAt !== 'string') return undefined;
  return { op: 'hold', eventId, environment, owner, heldAt, event };
}

function isChangeEvent(value: unknown): value is ChangeEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const event = value as Record<string, unknown>;
  return (
    typeof event['schema'] === 'string' &&
    Number.isSafeInteger(event['version']) &&
    typeof event['status'] === 'string' &&
    Array.isArray(event['diff']) &&
    typeof event['timestamp'] === 'string'
  );
}

function ownerOf(value: unknown): IntentOwner | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const runId = (value as Record<string, unknown>)['runId'];
  const identity = readProcessIdentity(value as Record<string, unknown>);
  return typeof runId === 'string' && identity !== undefined ? { runId, ...identity } : undefined;
}

/** The file's records, oldest first, without a torn last line. */
export async function readOutboxRecords(path: string): Promise<OutboxRecord[]> {
  return readRecords(path);
}
