/**
 * `audit verify` and `audit show` on what is not a log: a folder, a device, a file with a line no entry could be,
 * each a clear error rather than an internal one or a read without end; and an editor's trailing blank line is
 * accepted (and written over by the next append), where a blank line between entries is not. Two paths to one log
 * take one lock.
 */
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CxError } from '../../src/model/errors.js';
import { readAuditEntries, verifyAuditChain } from '../../src/observe/audit/audit-chain.js';
import { AuditLogCorruptError } from '../../src/observe/audit/audit-errors.js';
import { MAX_LINE_BYTES } from '../../src/observe/audit/audit-lines.js';
import { openAuditLog } from '../../src/observe/audit/audit-log.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-audit-paths-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function writeLog(path: string, count: number): Promise<void> {
  const log = await openAuditLog(path, { environment: 'e', orgDomain: 'o', actor: 'a' });
  for (let i = 1; i <= count; i++)
    await log.append({ action: 'SCHEMA_CREATED', schemaId: `s${i}`, version: 1, status: 'SUCCESS' });
}

describe('audit verify and show on hostile paths', () => {
  it.each([
    [
      'a folder',
      async () => {
        await mkdir(join(dir, 'folder'));
        return join(dir, 'folder');
      },
      'is a folder, not an audit log file',
    ],
    ['a device', async () => '/dev/zero', '/dev/zero is a device, not an audit log file'],
  ])('names %s as such', async (_name, make, message) => {
    const path = await make();
    for (const read of [() => verifyAuditChain(path), () => readAuditEntries(path)]) {
      const error = (await read().catch((e: unknown) => e)) as CxError;
      expect(error).toBeInstanceOf(CxError);
      expect(error.code).toBe('INPUT');
      expect(error.message).toContain(message);
    }
  });

  it('stops at a line longer than any entry, without reading the rest', async () => {
    const path = join(dir, 'long.jsonl');
    await writeFile(path, Buffer.alloc(MAX_LINE_BYTES + 1024 * 1024, 0x7b));
    const error = await verifyAuditChain(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditLogCorruptError);
    expect((error as Error).message).toContain(`line 1 is longer than ${MAX_LINE_BYTES} bytes`);
  });

  it('accepts a trailing blank line, and refuses a blank line between entries', async () => {
    const path = join(dir, 'audit.jsonl');
    await writeLog(path, 2);
    await appendFile(path, '\n');
    expect(await verifyAuditChain(path)).toMatchObject({ ok: true, entries: 2 });
    expect(await readAuditEntries(path)).toHaveLength(2);
    // The next append takes the blank line's place: an entry follows, and no blank line is left between them.
    await writeLog(path, 1);
    expect(await verifyAuditChain(path)).toMatchObject({ ok: true, entries: 3 });
    expect(await readFile(path, 'utf8')).not.toContain('\n\n');

    const [first, second] = (await readFile(path, 'utf8')).split('\n');
    await writeFile(path, `${first}\n\n${second}\n`);
    expect(await verifyAuditChain(path)).toMatchObject({
      ok: false,
      firstBadLine: 2,
      problem: 'line 2 is blank, between entries',
    });
    await expect(readAuditEntries(path)).rejects.toThrow('line 2 is blank, between entries');
  });
});

describe('two paths to one log', () => {
  it('take one lock: appends through a link and through the file never fork the chain', async () => {
    const target = join(dir, 'shared', 'audit.jsonl');
    await mkdir(join(dir, 'shared'));
    await mkdir(join(dir, 'job'));
    await writeFile(target, '');
    const link = join(dir, 'job', 'audit.jsonl');
    await symlink(target, link);
    const logs = await Promise.all(
      [target, link].map((path) => openAuditLog(path, { environment: 'e', orgDomain: 'o', actor: path })),
    );
    // Each log's own appends go one at a time; only the lock file orders the two logs' appends.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        logs[i % 2]!.append({ action: 'SCHEMA_CREATED', schemaId: `s${i}`, version: 1, status: 'SUCCESS' }),
      ),
    );
    expect(await verifyAuditChain(target)).toMatchObject({ ok: true, entries: 40 });
    // The lock is the file's, beside it, and no other is made beside the link.
    expect(await readdir(join(dir, 'job'))).toEqual(['audit.jsonl']);
  });
});
