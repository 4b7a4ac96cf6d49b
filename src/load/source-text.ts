/**
 * Bytes to text: a schema file must be UTF-8 text. Binary content (a NUL byte) and malformed UTF-8 are reported
 * at the first offending byte rather than decoded into replacement characters that would confuse every later
 * message.
 */
import type { SourcePosition } from '../model/document.js';

export type DecodedSource =
  { ok: true; text: string } | { ok: false; message: string; position: SourcePosition; hint?: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

export function decodeSourceBytes(bytes: Uint8Array): DecodedSource {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return {
      ok: false,
      message: 'binary content: a NUL byte where text was expected',
      position: positionOfByte(bytes, nul),
      hint: 'schema files are UTF-8 YAML or JSON text',
    };
  }
  try {
    // TextDecoder drops a leading byte order mark, which editors on some platforms still write.
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8Byte(bytes);
    return {
      ok: false,
      message: `not valid UTF-8: byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at offset ${offset}`,
      position: positionOfByte(bytes, offset),
      hint: 'save the file as UTF-8',
    };
  }
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      min = 0x10000;
    } else {
      return i;
    }
    let codePoint = b & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if (codePoint < min || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i;
    i += length;
  }
  return bytes.length;
}

/** Line and column (in bytes, 1-based) of a byte offset: good enough for a file that is not text anyway. */
function positionOfByte(bytes: Uint8Array, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    // \n, \r\n and a lone \r each end a line, as in YAML and as code frames split lines.
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
