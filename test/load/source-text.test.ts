import { describe, expect, it } from 'vitest';
import { decodeSourceBytes, firstInvalidUtf8Byte } from '../../src/load/source-text.js';

describe('decodeSourceBytes', () => {
  it('decodes UTF-8 and drops a byte order mark', () => {
    expect(decodeSourceBytes(Buffer.from('\uFEFFname: Café ✓ 😀'))).toEqual({ ok: true, text: 'name: Café ✓ 😀' });
  });

  it('reports binary content at the first NUL byte', () => {
    const decoded = decodeSourceBytes(Buffer.from('a: 1\nb: \u0000\n'));
    expect(decoded).toMatchObject({ ok: false, position: { line: 2, column: 4 } });
  });

  it('counts lines ended by \\r\\n or a lone \\r as lines', () => {
    expect(decodeSourceBytes(Buffer.from('a: 1\rb: 2\r\nc: \u0000\n'))).toMatchObject({
      ok: false,
      position: { line: 3, column: 4 },
    });
  });

  it('reports malformed UTF-8 at the first bad byte', () => {
    const decoded = decodeSourceBytes(
      Buffer.concat([Buffer.from('name: Caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    );
    expect(decoded).toMatchObject({ ok: false, position: { line: 1, column: 10 } });
    if (!decoded.ok) expect(decoded.message).toContain('0xe9');
  });

  it('finds overlong encodings, surrogates and truncated sequences', () => {
    expect(firstInvalidUtf8Byte(Uint8Array.from([0x41, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8Byte(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8Byte(Uint8Array.from([0x41, 0x42, 0xe2, 0x82]))).toBe(2);
    expect(firstInvalidUtf8Byte(Uint8Array.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
    expect(firstInvalidUtf8Byte(Buffer.from('ok ✓ 😀'))).toBe(Buffer.byteLength('ok ✓ 😀'));
  });
});
