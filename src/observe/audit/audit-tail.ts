/**
 * Where the next append goes and what it chains to, read from the end of the log alone: where the last entry
 * stands in the chain is verify's to check (docs/audit.md, "What verify catches"), and reading the whole log for
 * each append would make a long log slow to write. The append reads it here, and so does the check made when the
 * log is opened (audit-file.ts): a log that check passes is one the run's appends take.
 */
import { isUtf8 } from 'node:buffer';
import type { FileHandle } from 'node:fs/promises';
import { AuditLogCorruptError } from './audit-errors.js';
import { checkEntryLine, isTorn } from './audit-chain.js';
import { GENESIS_HASH, parseEntryLine } from './audit-entry.js';
import { readLogTail } from './audit-lines.js';

export interface ChainTail {
  /** The file's size when it was read. */
  size: number;
  /** The entry the next one chains to: the start of the chain for an empty log. */
  previous: { hash: string; seq: number };
  /** Where the next bytes go: the end of the file, or the start of the line they replace. */
  writeAt: number;
  /** The last entry is whole but lacks its newline (an editor stripped it): it is kept, and a newline added. */
  newlineMissing: boolean;
  /** A last line torn by an interrupted append: the next append replaces it by an AUDIT_REPAIRED entry. */
  torn?: Buffer;
}

/** Reads the tail; an AuditLogCorruptError naming the line when the last complete line is no entry to chain to. */
export async function readChainTail(path: string, handle: FileHandle): Promise<ChainTail> {
  let tail = await readLogTail(handle);
  const size = tail.size;
  let writeAt = size;
  // One blank last line (an editor's trailing newline) is accepted by verify: the next entry takes its place, so
  // that it does not end up between two entries.
  if (tail.unterminated === undefined && tail.lastLine?.text === '') {
    writeAt = tail.lastLine.offset;
    tail = await readLogTail(handle, writeAt);
  }
  let previous = { hash: GENESIS_HASH, seq: 0 };
  if (tail.lastLine !== undefined) previous = await readLastEntry(path, handle, tail.lastLine);
  const unterminated = tail.unterminated;
  if (unterminated === undefined) return { size, previous, writeAt, newlineMissing: false };
  const text = unterminated.bytes.toString('utf8');
  const utf8 = isUtf8(unterminated.bytes);
  const whole = checkEntryLine(text, { ...previous, line: 0 }, utf8);
  if ('entry' in whole) {
    return { size, previous: { hash: whole.entry.hash, seq: whole.entry.seq }, writeAt, newlineMissing: true };
  }
  if (isTorn(text))
    return { size, previous, writeAt: unterminated.offset, newlineMissing: false, torn: unterminated.bytes };
  // Valid JSON, so not cut short: an entry edited (or put there) without its newline. Refused, named as verify
  // names it, like an edited last entry that has its newline.
  const number = await lineNumberAt(handle, unterminated.offset);
  const named = checkEntryLine(text, { ...previous, line: number - 1 }, utf8);
  throw new AuditLogCorruptError(path, `line ${number}, the last entry, ${'problem' in named ? named.problem : ''}`);
}

async function readLastEntry(
  path: string,
  handle: FileHandle,
  line: { text: string; offset: number; utf8: boolean },
): Promise<{ hash: string; seq: number }> {
  // The same reading of one line as verify's.
  const parsed = parseEntryLine(line.text, line.utf8);
  if (!('problem' in parsed)) return { hash: parsed.entry.hash, seq: parsed.entry.seq };
  // Only a refused log is counted through, to name the line as verify does.
  const number = await lineNumberAt(handle, line.offset);
  throw new AuditLogCorruptError(
    path,
    line.text === '' ? `line ${number} is blank, between entries` : `line ${number}, the last entry, ${parsed.problem}`,
  );
}

/** The 1-based number of the line starting at byte `offset`: the newlines before it, plus one. */
async function lineNumberAt(handle: FileHandle, offset: number): Promise<number> {
  const chunk = Buffer.alloc(Math.min(offset, 1024 * 1024));
  let newlines = 0;
  for (let position = 0; position < offset;) {
    const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, offset - position), position);
    if (bytesRead === 0) break;
    for (let at = chunk.indexOf(0x0a); at !== -1 && at < bytesRead; at = chunk.indexOf(0x0a, at + 1)) newlines++;
    position += bytesRead;
  }
  return newlines + 1;
}
