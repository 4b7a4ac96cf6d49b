/**
 * Reading the audit log's JSON Lines: forwards, line by line without holding the file in memory (verify, show),
 * and backwards from the end for the last entry (append). A line is "terminated" when its newline was written;
 * every append writes an entry and its newline in one write, so only an interrupted append leaves a last line
 * without one.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { stat, type FileHandle } from 'node:fs/promises';
import { CxError } from '../../model/errors.js';
import { AuditLogCorruptError, AuditLogMissingError } from './audit-errors.js';

export interface LogLine {
  /** 1-based. */
  number: number;
  /** The line without its newline. */
  text: string;
  /** Byte offset of the line's first byte. */
  offset: number;
  terminated: boolean;
  /**
   * Whether the line's bytes are well-formed UTF-8. Decoding puts U+FFFD in place of any malformed sequence, so
   * two different lines can read as one text: only the bytes tell them apart (audit-entry.ts, parseEntryLine).
   */
  utf8: boolean;
}

const NEWLINE = 0x0a;
/**
 * No entry comes near this (an entry is a few hundred bytes, more only with a long error message): a longer line
 * is not one, and reading it whole would let a file of zeros without a newline take all the memory there is.
 */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;

/**
 * A failure to read the log, in the reader's terms: a log that is not there, or one this process may not read
 * (`EACCES: permission denied`), which is the user's to fix, not a fault of cxschema. Any other error is as it was.
 */
export function logReadError(path: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new AuditLogMissingError(path, error);
  if (error instanceof CxError || typeof code !== 'string') return error;
  // Node's message without the call and path it repeats: `EACCES: permission denied, open '/x'`.
  const text = (error as Error).message.replace(/, \w+ '.*$/s, '');
  return new CxError('INPUT', `cannot read the audit log ${path}: ${text.startsWith(code) ? text : code}`, {
    cause: error,
    hint: 'let this user read the file, or pass the log file itself (default .cxschema/audit.jsonl)',
  });
}

/** The path must be a regular file: a folder, a device or a pipe is named as such, before anything is read. */
export async function checkLogFile(path: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw logReadError(path, error);
  }
  if (!info.isFile()) {
    const what = info.isDirectory()
      ? 'a folder'
      : info.isCharacterDevice() || info.isBlockDevice()
        ? 'a device'
        : info.isFIFO()
          ? 'a pipe'
          : 'not a regular file';
    throw new CxError('INPUT', `${path} is ${what}, not an audit log file`, {
      hint: 'pass the log file itself (default .cxschema/audit.jsonl)',
    });
  }
}

/** Every line of the file, in order. A file that ends with a newline has no empty last line. */
export async function* readLogLines(path: string): AsyncGenerator<LogLine> {
  for await (const batch of readLogLineBatches(path)) yield* batch;
}

/** The same lines, a chunk's worth at a time: verify's loop runs without an await per line. */
export async function* readLogLineBatches(path: string): AsyncGenerator<LogLine[]> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let offset = 0;
  let number = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    const batch: LogLine[] = [];
    let start = 0;
    for (let index = chunk.indexOf(NEWLINE); index !== -1; index = chunk.indexOf(NEWLINE, start)) {
      const part = chunk.subarray(start, index);
      const bytes = pendingBytes === 0 ? part : Buffer.concat([...pending, part]);
      number++;
      batch.push({ number, text: bytes.toString('utf8'), offset, terminated: true, utf8: isUtf8(bytes) });
      offset += bytes.length + 1;
      pending = [];
      pendingBytes = 0;
      start = index + 1;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > MAX_LINE_BYTES)
        throw new AuditLogCorruptError(
          path,
          `line ${number + 1} is longer than ${MAX_LINE_BYTES} bytes: no entry is, this is not an audit log`,
        );
    }
    if (batch.length > 0) yield batch;
  }
  if (pendingBytes > 0) {
    number++;
    const bytes = Buffer.concat(pending);
    yield [{ number, text: bytes.toString('utf8'), offset, terminated: false, utf8: isUtf8(bytes) }];
  }
}

export interface LogTail {
  /** The last terminated line, or undefined when the file has none. */
  lastLine?: { text: string; offset: number; utf8: boolean };
  /** Bytes after the last newline (a torn append, or a last line missing only its newline). */
  unterminated?: { bytes: Buffer; offset: number };
  size: number;
}

/**
 * Reads backwards from the end until the last terminated line is whole. With `end`, the file is read as if it
 * ended there (the lines before a given one); `size` is then `end`.
 */
export async function readLogTail(handle: FileHandle, end?: number): Promise<LogTail> {
  const size = end ?? (await handle.stat()).size;
  if (size === 0) return { size };
  let window = Math.min(size, 64 * 1024);
  for (;;) {
    const start = size - window;
    const buffer = Buffer.alloc(window);
    await readFully(handle, buffer, start);
    const tail = splitTail(buffer, start, size, start === 0);
    if (tail !== undefined) return tail;
    window = Math.min(size, window * 4);
  }
}

/** Splits a window that ends at end of file; undefined when the window is too short to hold the last line. */
function splitTail(buffer: Buffer, start: number, size: number, atFileStart: boolean): LogTail | undefined {
  const lastNewline = buffer.lastIndexOf(NEWLINE);
  const result: LogTail = { size };
  if (lastNewline !== buffer.length - 1) {
    const from = lastNewline + 1;
    if (lastNewline === -1 && !atFileStart) return undefined;
    result.unterminated = { bytes: buffer.subarray(from), offset: start + from };
  }
  if (lastNewline === -1) return result;
  const previousNewline = lastNewline === 0 ? -1 : buffer.lastIndexOf(NEWLINE, lastNewline - 1);
  if (previousNewline === -1 && !atFileStart) return undefined;
  const lineStart = previousNewline + 1;
  const line = buffer.subarray(lineStart, lastNewline);
  result.lastLine = { text: line.toString('utf8'), offset: start + lineStart, utf8: isUtf8(line) };
  return result;
}

async function readFully(handle: FileHandle, buffer: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await handle.read(buffer, done, buffer.length - done, position + done);
    // Appends hold the lock, so only something else (a person, a rotation) can shorten the file under us.
    if (bytesRead === 0)
      throw new CxError('INPUT', 'the audit log was shortened while an append read it', {
        hint: 'do not edit or rotate the log while cxschema runs',
      });
    done += bytesRead;
  }
}
