import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openAuditLog,
  readAuditEntries,
  verifyAuditChain,
  GENESIS_HASH,
  type AuditEntry,
} from '../../src/observe/audit/audit-log.js';
import { computeEntryHash, hashContent, sha256Hex } from '../../src/observe/audit/audit-entry.js';
import { canonicalJson } from '../../src/model/canonical-json.js';
import { UsageError } from '../../src/model/errors.js';
import {
  AuditLogClosedError,
  AuditLogCorruptError,
  AuditLogMissingError,
  AuditLogUnwritableError,
} from '../../src/observe/audit/audit-errors.js';

const CONTEXT = { environment: 'prod', orgDomain: 'mypurecloud.ie', actor: 'client-123' };

let dir: string;
let logPath: string;
let clock: number;
const now = (): Date => new Date(Date.UTC(2025, 0, 2, 3, 4, 5) + clock++ * 1000);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-audit-'));
  logPath = join(dir, 'nested', 'audit.jsonl');
  clock = 0;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeEntries(count: number): Promise<string[]> {
  const log = await openAuditLog(logPath, CONTEXT, { now });
  for (let index = 1; index <= count; index++) {
    await log.append({
      action: 'SCHEMA_UPDATED',
      schemaId: `schema_${index}`,
      version: index,
      status: 'SUCCESS',
      latencyMs: 10 * index,
    });
  }
  return lines(await readFile(logPath, 'utf8'));
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

async function writeLines(list: string[]): Promise<void> {
  await writeFile(logPath, list.map((line) => `${line}\n`).join(''));
}

describe('opening', () => {
  it('refuses a log that cannot be created, naming it, before anything is appended', async () => {
    await writeFile(join(dir, 'plain'), 'x');
    for (const path of [join(dir, 'plain', 'audit.jsonl'), '/proc/cxschema-test/audit.jsonl']) {
      const error = await openAuditLog(path, CONTEXT, { now }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuditLogUnwritableError);
      expect((error as Error).message).toContain(`cannot create the audit log ${path}`);
      expect((error as AuditLogUnwritableError).hint).toContain('audit.path');
    }
  });

  it.each([
    ['a folder', () => mkdir(join(dir, 'nested', 'audit.jsonl'), { recursive: true }), 'it is a folder, not a file'],
    ['a link that leads nowhere', () => link(join(dir, 'gone', 'audit.jsonl')), 'ENOENT'],
    ['a loop of links', () => link(logPath), 'ELOOP'],
  ])('refuses %s, which no append could write, naming it, and leaves no lock', async (_name, make, problem) => {
    await make();
    const error = await openAuditLog(logPath, CONTEXT, { now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditLogUnwritableError);
    expect((error as Error).message).toContain(`cannot append to the audit log ${logPath}: ${problem}`);
    expect((error as AuditLogUnwritableError).hint).toContain('audit.path');
    expect(await readdir(join(dir, 'nested'))).toEqual(['audit.jsonl']);
  });

  it('refuses a device, whose writes would go nowhere', async () => {
    const error = await openAuditLog('/dev/null', CONTEXT, { now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditLogUnwritableError);
    expect((error as Error).message).toBe('cannot append to the audit log /dev/null: it is a device, not a file');
  });

  // A file this user may not write: test/e2e/audit-unusable-log.test.ts, whose CLI runs as nobody under root.

  it('refuses a log whose last entry an append would refuse, naming its line, and writes nothing', async () => {
    const written = await writeEntries(3);
    written[2] = written[2]!.replace('"latencyMs":30', '"latencyMs":99999');
    await writeLines(written);
    const before = await readFile(logPath, 'utf8');
    const error = await openAuditLog(logPath, CONTEXT, { now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditLogCorruptError);
    expect((error as Error).message).toBe(
      `the audit log ${logPath} is damaged: line 3, the last entry, has a hash that does not match its content: the entry was edited`,
    );
    expect((error as AuditLogCorruptError).hint).toContain(`cxschema audit verify ${logPath}`);
    expect((error as AuditLogCorruptError).hint).toContain('move the log aside');
    expect(await readFile(logPath, 'utf8')).toBe(before);
    expect(await readdir(join(dir, 'nested'))).toEqual(['audit.jsonl']);
  });

  it('opens a log with a torn last line as it is, for the first append to repair', async () => {
    const written = await writeEntries(2);
    const text = `${written[0]}\n${written[1]!.slice(0, 60)}`;
    await writeFile(logPath, text);
    const log = await openAuditLog(logPath, CONTEXT, { now });
    expect(await readFile(logPath, 'utf8')).toBe(text);
    await log.append({ action: 'SCHEMA_CREATED', schemaId: 'after', status: 'SUCCESS' });
    expect((await readAuditEntries(logPath)).map((entry) => entry.action)).toEqual([
      'SCHEMA_UPDATED',
      'AUDIT_REPAIRED',
      'SCHEMA_CREATED',
    ]);
    expect(await verifyAuditChain(logPath)).toMatchObject({ ok: true, entries: 3 });
  });
});

/** A symbolic link at the log's path, to `target`. */
async function link(target: string): Promise<void> {
  await mkdir(join(dir, 'nested'), { recursive: true });
  await symlink(target, logPath);
}

describe('appending', () => {
  it('writes one chained JSON line per entry, starting from the genesis hash', async () => {
    const written = await writeEntries(3);
    expect(written).toHaveLength(3);
    const entries = written.map((line) => JSON.parse(line) as AuditEntry);
    expect(entries[0]).toMatchObject({
      seq: 1,
      prevHash: GENESIS_HASH,
      action: 'SCHEMA_UPDATED',
      schemaId: 'schema_1',
      version: 1,
      status: 'SUCCESS',
      latencyMs: 10,
      ...CONTEXT,
      timestamp: '2025-01-02T03:04:05.000Z',
    });
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(entries[2]!.prevHash).toBe(entries[1]!.hash);
    for (const entry of entries) expect(entry.hash).toBe(computeEntryHash(entry));
    expect(Object.keys(entries[0]!).at(-1)).toBe('hash');
    expect(await verifyAuditChain(logPath)).toEqual({ ok: true, entries: 3, lastHash: entries[2]!.hash });
  });

  it('refuses to append an entry verify would refuse, and leaves the log as it was', async () => {
    const before = await writeEntries(1);
    const log = await openAuditLog(logPath, CONTEXT, { now });
    // Owner members belong to SCHEMA_WRITE_INTENDED entries only, and come together.
    for (const wrong of [
      { action: 'SCHEMA_UPDATED' as const, runId: 'r', pid: 7, host: 'h' },
      { action: 'SCHEMA_WRITE_INTENDED' as const, runId: 'r' },
    ]) {
      const refused = log.append({ schemaId: 'x', status: 'PENDING', ...wrong });
      await expect(refused).rejects.toThrow(/which verify refuses/);
      // One of the library's documented error classes, not a TypeError the CLI would call an internal error.
      await expect(refused).rejects.toBeInstanceOf(UsageError);
    }
    expect(lines(await readFile(logPath, 'utf8'))).toEqual(before);
    await log.append({ action: 'SCHEMA_UPDATED', schemaId: 'x', status: 'SUCCESS' });
    expect((await verifyAuditChain(logPath)).ok).toBe(true);
  });

  it('returns the entry it wrote, and hashes the content without storing it', async () => {
    const log = await openAuditLog(logPath, CONTEXT, { now });
    const content = { externalId: 'order', fields: [{ name: 'total', fieldtype: 'number' }], version: 2 };
    const entry = await log.append({
      action: 'SCHEMA_CREATED',
      schemaId: 'order',
      status: 'SUCCESS',
      content,
      correlationId: 'c-1',
    });
    expect(entry.contentSha256).toBe(
      hashContent({ version: 2, fields: [{ fieldtype: 'number', name: 'total' }], externalId: 'order' }),
    );
    expect(hashContent(content)).toMatch(/^[0-9a-f]{64}$/);
    const text = await readFile(logPath, 'utf8');
    expect(text).not.toContain('total');
    expect(JSON.parse(text)).toEqual(entry);
    expect(entry.correlationId).toBe('c-1');
  });

  it('redacts bearer tokens and known secrets from error messages', async () => {
    const log = await openAuditLog(logPath, CONTEXT, { now, secrets: ['s3cr3t-client-value'] });
    const entry = await log.append({
      action: 'SCHEMA_DEPLOYMENT_FAILED',
      schemaId: 'order',
      status: 'FAILED',
      errorMessage: 'HTTP 401 with Authorization: Bearer abc.def.ghi; body client_secret=s3cr3t-client-value',
    });
    expect(entry.errorMessage).toBe('HTTP 401 with Authorization: Bearer [REDACTED]; body client_secret=[REDACTED]');
    const text = await readFile(logPath, 'utf8');
    expect(text).not.toContain('abc.def.ghi');
    expect(text).not.toContain('s3cr3t-client-value');
  });

  it('redacts the user part of a URL from error messages and reasons, secret or not', async () => {
    const log = await openAuditLog(logPath, CONTEXT, { now });
    const entry = await log.append({
      action: 'PORTAL_EXPORT_FAILED',
      schemaId: 'order',
      status: 'WARNING',
      errorMessage: 'portal export to https://hooks:pw-SECRET-9@portal.example.com/x failed',
      reason: 'see https://wiki-user:pw-SECRET-9@wiki.example.com/page',
    });
    expect(entry.errorMessage).toBe('portal export to https://[REDACTED]@portal.example.com/x failed');
    expect(entry.reason).toBe('see https://[REDACTED]@wiki.example.com/page');
    expect(await readFile(logPath, 'utf8')).not.toContain('pw-SECRET-9');
  });

  it('keeps order for appends started together in one process', async () => {
    const log = await openAuditLog(logPath, CONTEXT, { now });
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        log.append({ action: 'SCHEMA_PUBLISHED', schemaId: `s${index}`, status: 'SUCCESS' }),
      ),
    );
    const entries = await readAuditEntries(logPath);
    expect(entries.map((entry) => entry.schemaId)).toEqual(Array.from({ length: 20 }, (_, index) => `s${index}`));
    expect((await verifyAuditChain(logPath)).ok).toBe(true);
  });

  it('appends a last entry after those already asked for, then refuses every other', async () => {
    const log = await openAuditLog(logPath, CONTEXT, { now });
    const before = [0, 1, 2].map((index) =>
      log.append({ action: 'SCHEMA_PUBLISHED', schemaId: `s${index}`, status: 'SUCCESS' }),
    );
    const last = log.appendLast({ action: 'APPLY_INTERRUPTED', schemaId: '', status: 'WARNING' });
    const after = log.append({ action: 'SCHEMA_PUBLISHED', schemaId: 'late', status: 'SUCCESS' });
    await expect(after).rejects.toThrow(AuditLogClosedError);
    await expect(
      log.appendUnless({ action: 'SCHEMA_PUBLISHED', schemaId: 'late', status: 'SUCCESS' }, () => false),
    ).rejects.toThrow(AuditLogClosedError);
    expect((await last).seq).toBe(4);
    await Promise.all(before);
    const entries = await readAuditEntries(logPath);
    expect(entries.map((entry) => entry.schemaId)).toEqual(['s0', 's1', 's2', '']);
    expect((await verifyAuditChain(logPath)).ok).toBe(true);
  });

  it('appends the entries chosen on the whole log, chained, in one go; none chosen leaves the file as it was', async () => {
    const before = await writeEntries(2);
    const log = await openAuditLog(logPath, CONTEXT, { now });
    let seen: number[] = [];
    const written = await log.appendChosen((entries) => {
      seen = entries.map((entry) => entry.seq);
      return [
        { action: 'SCHEMA_WRITE_FOUND', schemaId: 'a', status: 'SUCCESS' },
        { action: 'SCHEMA_WRITE_NOT_DONE', schemaId: 'b', status: 'WARNING', errorMessage: 'Bearer abc.def.ghi' },
      ];
    });
    expect(seen).toEqual([1, 2]);
    expect(written).toMatchObject([{ seq: 3 }, { seq: 4, prevHash: written[0]!.hash }]);
    expect(written[1]!.errorMessage).not.toContain('abc.def.ghi');
    expect((await readAuditEntries(logPath)).slice(2)).toEqual(written);
    expect((await verifyAuditChain(logPath)).ok).toBe(true);

    // A torn tail too is left for the next append that writes something to repair.
    await appendFile(logPath, '{"seq":5,');
    const text = await readFile(logPath, 'utf8');
    expect(await log.appendChosen(() => [])).toEqual([]);
    expect(await readFile(logPath, 'utf8')).toBe(text);
    expect(lines(text).slice(0, 2)).toEqual(before);
  });

  it('writes none of the entries chosen when one of them is of a shape verify refuses', async () => {
    await writeEntries(1);
    const text = await readFile(logPath, 'utf8');
    const log = await openAuditLog(logPath, CONTEXT, { now });
    await expect(
      log.appendChosen(() => [
        { action: 'SCHEMA_UPDATED', schemaId: 'x', status: 'SUCCESS' },
        { action: 'SCHEMA_WRITE_INTENDED', schemaId: 'x', status: 'PENDING', runId: 'r' },
      ]),
    ).rejects.toThrow(/which verify refuses/);
    expect(await readFile(logPath, 'utf8')).toBe(text);
  });

  it('continues the chain of a log written by an earlier run', async () => {
    await writeEntries(2);
    const log = await openAuditLog(logPath, CONTEXT, { now });
    const third = await log.append({ action: 'SCHEMA_DEPRECATED', schemaId: 'old', status: 'SUCCESS' });
    expect(third.seq).toBe(3);
    expect(await verifyAuditChain(logPath)).toMatchObject({ ok: true, entries: 3 });
  });

  it('refuses to chain onto a last entry that does not match its hash', async () => {
    const written = await writeEntries(2);
    // Edited after the log was opened (which refuses it: above), between two appends.
    const log = await openAuditLog(logPath, CONTEXT, { now });
    await writeLines([written[0]!, written[1]!.replace('schema_2', 'schema_X')]);
    const error = await log
      .append({ action: 'SCHEMA_CREATED', schemaId: 'a', status: 'SUCCESS' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditLogCorruptError);
    // Named by its line, as verify names it.
    expect((error as Error).message).toBe(
      `the audit log ${logPath} is damaged: line 2, the last entry, has a hash that does not match its content: the entry was edited`,
    );
    expect(lines(await readFile(logPath, 'utf8'))).toHaveLength(2);
  });
});

describe('verifying', () => {
  it('names the first line whose content was edited', async () => {
    const written = await writeEntries(5);
    written[2] = written[2]!.replace('"latencyMs":30', '"latencyMs":3');
    await writeLines(written);
    const result = await verifyAuditChain(logPath);
    expect(result).toMatchObject({ ok: false, entries: 2, firstBadLine: 3 });
    expect(result.problem).toBe('line 3 has a hash that does not match its content: the entry was edited');
  });

  it('catches an edit whose hash was recomputed, at the line after it', async () => {
    const written = await writeEntries(4);
    const edited = JSON.parse(written[1]!) as AuditEntry;
    edited.schemaId = 'forged';
    edited.hash = computeEntryHash(edited);
    written[1] = JSON.stringify(edited);
    await writeLines(written);
    const result = await verifyAuditChain(logPath);
    expect(result).toMatchObject({ ok: false, firstBadLine: 3 });
    expect(result.problem).toContain('its prevHash is not the hash of the entry before it');
  });

  it('names the line after a deleted one', async () => {
    const written = await writeEntries(5);
    written.splice(1, 2);
    await writeLines(written);
    const result = await verifyAuditChain(logPath);
    expect(result).toMatchObject({ ok: false, entries: 1, firstBadLine: 2 });
    expect(result.problem).toBe(
      'line 2 does not follow line 1: seq 4 comes after seq 1, 2 entries are missing before it (deleted, or moved further down)',
    );
  });

  it('does not call two lines swapped a deletion', async () => {
    const written = await writeEntries(4);
    [written[1], written[2]] = [written[2]!, written[1]!];
    await writeLines(written);
    const result = await verifyAuditChain(logPath);
    expect(result).toMatchObject({ ok: false, entries: 1, firstBadLine: 2 });
    expect(result.problem).toBe(
      'line 2 does not follow line 1: seq 3 comes after seq 1, 1 entry is missing before it (deleted, or moved further down)',
    );
  });

  it('catches a deleted first line', async () => {
    const written = await writeEntries(3);
    await writeLines(written.slice(1));
    const result = await verifyAuditChain(logPath);
    expect(result).toMatchObject({ ok: false, entries: 0, firstBadLine: 1 });
    expect(result.problem).toContain('does not follow the start of the log');
  });

  it('names the first line of a reordered pair', async () => {
    const written = await writeEntries(4);
    [written[1], written[2]] = [written[2]!, written[1]!];
    await writeLines(written);
    const result = await verifyAuditChain(logPath);
    expect(result).toMatchObject({ ok: false, entries: 1, firstBadLine: 2 });
    expect(result.problem).toContain('seq 3 comes after seq 1');
  });

  it('catches a line cut short in the middle of the log', async () => {
    const written = await writeEntries(3);
    written[1] = written[1]!.slice(0, 40);
    await writeLines(written);
    expect(await verifyAuditChain(logPath)).toMatchObject({
      ok: false,
      firstBadLine: 2,
      problem: 'line 2 is not valid JSON',
    });
  });

  it('reports a last line cut short, without its newline, as torn', async () => {
    const written = await writeEntries(3);
    await writeFile(logPath, `${written[0]}\n${written[1]}\n${written[2]!.slice(0, 50)}`);
    const result = await verifyAuditChain(logPath);
    expect(result).toMatchObject({
      ok: false,
      entries: 2,
      firstBadLine: 3,
      tornTail: true,
      lastHash: (JSON.parse(written[1]!) as AuditEntry).hash,
    });
    expect(result.problem).toContain('line 3 is torn: 50 bytes without a newline');
  });

  it('refuses unknown members and actions', async () => {
    const written = await writeEntries(1);
    const entry = JSON.parse(written[0]!) as Record<string, unknown>;
    await writeLines([JSON.stringify({ ...entry, extra: 1 })]);
    expect(await verifyAuditChain(logPath)).toMatchObject({
      ok: false,
      firstBadLine: 1,
      problem: 'line 1 has an unknown member "extra"',
    });
    await writeLines([JSON.stringify({ ...entry, action: 'SCHEMA_EATEN' })]);
    expect(await verifyAuditChain(logPath)).toMatchObject({
      ok: false,
      problem: 'line 1 has an unknown action "SCHEMA_EATEN"',
    });
  });

  it('checks an anchor recorded from an earlier verify', async () => {
    await writeEntries(3);
    const anchor = (await verifyAuditChain(logPath)).lastHash!;
    expect((await verifyAuditChain(logPath, { anchor })).ok).toBe(true);
    // Rewritten from scratch, hashes and all: a valid chain, but not the one anchored.
    await rm(logPath);
    clock = 100;
    await writeEntries(3);
    const rewritten = await verifyAuditChain(logPath, { anchor });
    expect(rewritten.ok).toBe(false);
    expect(rewritten.problem).toContain('no entry has the anchored hash');
  });

  it('accepts an empty log and throws for a missing one', async () => {
    await openAuditLog(logPath, CONTEXT);
    expect(await verifyAuditChain(logPath)).toEqual({ ok: true, entries: 0 });
    await expect(verifyAuditChain(join(dir, 'none.jsonl'))).rejects.toBeInstanceOf(AuditLogMissingError);
  });
});

describe('repairing a torn tail', () => {
  it('replaces the torn bytes by an AUDIT_REPAIRED entry, then appends, and the chain holds', async () => {
    const written = await writeEntries(3);
    const torn = written[2]!.slice(0, 70);
    await writeFile(logPath, `${written[0]}\n${written[1]}\n${torn}`);
    const log = await openAuditLog(logPath, CONTEXT, { now });
    const appended = await log.append({ action: 'SCHEMA_CREATED', schemaId: 'after', status: 'SUCCESS' });
    const entries = await readAuditEntries(logPath);
    expect(entries.map((entry) => [entry.seq, entry.action, entry.schemaId])).toEqual([
      [1, 'SCHEMA_UPDATED', 'schema_1'],
      [2, 'SCHEMA_UPDATED', 'schema_2'],
      [3, 'AUDIT_REPAIRED', ''],
      [4, 'SCHEMA_CREATED', 'after'],
    ]);
    const repair = entries[2]!;
    expect(repair.status).toBe('WARNING');
    expect(repair.errorMessage).toContain('removed a torn last line of 70 bytes');
    expect(repair.contentSha256).toBe(sha256Hex(torn));
    expect(appended.prevHash).toBe(repair.hash);
    expect(await verifyAuditChain(logPath)).toMatchObject({ ok: true, entries: 4 });
  });

  it('removes a torn tail longer than the entries written over it', async () => {
    const written = await writeEntries(1);
    await appendFile(logPath, `{"seq":2,"padding":"${'y'.repeat(5000)}`);
    const log = await openAuditLog(logPath, CONTEXT, { now });
    await log.append({ action: 'SCHEMA_CREATED', schemaId: 'b', status: 'SUCCESS' });
    const text = await readFile(logPath, 'utf8');
    expect(text).not.toContain('yyyy');
    expect(text.startsWith(`${written[0]}\n`)).toBe(true);
    expect(await verifyAuditChain(logPath)).toMatchObject({ ok: true, entries: 3 });
  });

  it('keeps a whole last entry that only lacks its newline', async () => {
    const written = await writeEntries(2);
    await writeFile(logPath, `${written[0]}\n${written[1]}`);
    expect(await verifyAuditChain(logPath)).toMatchObject({ ok: true, entries: 2 });
    const log = await openAuditLog(logPath, CONTEXT, { now });
    await log.append({ action: 'SCHEMA_CREATED', schemaId: 'c', status: 'SUCCESS' });
    const entries = await readAuditEntries(logPath);
    expect(entries.map((entry) => entry.action)).toEqual(['SCHEMA_UPDATED', 'SCHEMA_UPDATED', 'SCHEMA_CREATED']);
    expect(await verifyAuditChain(logPath)).toMatchObject({ ok: true, entries: 3 });
  });

  it('takes a last entry edited and left without its newline for an edit, not a torn line', async () => {
    const written = await writeEntries(3);
    // No part of an entry short of its closing brace is valid JSON: this line was not cut short by a crash.
    const edited = written[2]!.replace('"version":3', '"version":4');
    for (const last of [edited, written[1]!]) {
      await writeFile(logPath, `${written[0]}\n${written[1]}\n${last}`);
      const verdict = await verifyAuditChain(logPath);
      expect(verdict).toMatchObject({ ok: false, entries: 2, firstBadLine: 3 });
      expect(verdict.tornTail).toBeUndefined();
      // Refused as an edited last entry with its newline is: the next append does not remove it as a crash's.
      const refused = await openAuditLog(logPath, CONTEXT, { now }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AuditLogCorruptError);
      expect((refused as Error).message).toContain(verdict.problem!.replace('line 3 ', 'line 3, the last entry, '));
    }
    expect((await verifyAuditChain(logPath)).problem).toBe(
      'line 3 does not follow line 2: seq 2 comes after seq 2, entries were reordered or repeated',
    );
    await writeFile(logPath, `${written[0]}\n${written[1]}\n${edited}`);
    expect((await verifyAuditChain(logPath)).problem).toBe(
      'line 3 has a hash that does not match its content: the entry was edited',
    );
    // show reads entries without their chain, and so takes a repeated one; an edited one it refuses.
    await expect(readAuditEntries(logPath)).rejects.toBeInstanceOf(AuditLogCorruptError);
    expect(await readFile(logPath, 'utf8')).toBe(`${written[0]}\n${written[1]}\n${edited}`);
  });

  it('repairs what a repair cut short leaves, the end of a torn line, even when that end parses', async () => {
    const written = await writeEntries(2);
    // A repair written over a longer torn line, killed before the file was shortened: the end of the torn line
    // (here the last digits of a hash, `12`, or `{}` from an error message) follows the entries whole.
    for (const leftover of ['12', '{}', 'true']) {
      await writeFile(logPath, `${written[0]}\n${written[1]}\n${leftover}`);
      expect(await verifyAuditChain(logPath)).toMatchObject({ ok: false, firstBadLine: 3, tornTail: true });
      const log = await openAuditLog(logPath, CONTEXT, { now });
      await log.append({ action: 'SCHEMA_CREATED', schemaId: 'after', status: 'SUCCESS' });
      const entries = await readAuditEntries(logPath);
      expect(entries.slice(2).map((entry) => entry.action)).toEqual(['AUDIT_REPAIRED', 'SCHEMA_CREATED']);
      expect(entries[2]!.contentSha256).toBe(sha256Hex(leftover));
      expect(await verifyAuditChain(logPath)).toMatchObject({ ok: true, entries: 4 });
    }
  });

  it('finds the last line of a log whose last entry is longer than one read window', async () => {
    const log = await openAuditLog(logPath, CONTEXT, { now });
    await log.append({ action: 'SCHEMA_CREATED', schemaId: 'a', status: 'SUCCESS' });
    await log.append({
      action: 'SCHEMA_DEPLOYMENT_FAILED',
      schemaId: 'b',
      status: 'FAILED',
      errorMessage: 'z'.repeat(200_000),
    });
    await log.append({ action: 'SCHEMA_CREATED', schemaId: 'c', status: 'SUCCESS' });
    expect(await verifyAuditChain(logPath)).toMatchObject({ ok: true, entries: 3 });
  });
});

describe('reading entries', () => {
  it('filters by schema and by time, and leaves a torn tail out', async () => {
    const log = await openAuditLog(logPath, CONTEXT, { now });
    await log.append({ action: 'SCHEMA_CREATED', schemaId: 'order', status: 'SUCCESS' });
    await log.append({ action: 'SCHEMA_CREATED', schemaId: 'customer', status: 'SUCCESS' });
    await log.append({ action: 'SCHEMA_PUBLISHED', schemaId: 'order', status: 'SUCCESS' });
    await appendFile(logPath, '{"seq":4,"tim');
    expect((await readAuditEntries(logPath, { schema: 'order' })).map((entry) => entry.action)).toEqual([
      'SCHEMA_CREATED',
      'SCHEMA_PUBLISHED',
    ]);
    const since = new Date(Date.UTC(2025, 0, 2, 3, 4, 6));
    expect((await readAuditEntries(logPath, { since })).map((entry) => entry.seq)).toEqual([2, 3]);
    expect(await readAuditEntries(logPath, { schema: 'nothing' })).toEqual([]);
  });

  it('stops at a damaged line that is not the last', async () => {
    const written = await writeEntries(2);
    await writeLines(['not json', ...written]);
    await expect(readAuditEntries(logPath)).rejects.toThrow('line 1 is not valid JSON');
  });
});

describe('canonical serialization', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: true, y: null }], c: undefined }, e: 'x' })).toBe(
      '{"a":{"d":[1,{"y":null,"z":true}]},"b":1,"e":"x"}',
    );
    expect(canonicalJson(new Date(Date.UTC(2025, 0, 1)))).toBe('"2025-01-01T00:00:00.000Z"');
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('sorts integer-like keys by code unit too, as JCS does', () => {
    expect(canonicalJson({ b: { 10: 'x', 9: 'y', a: [{ 2: true, 1: undefined }] }, a: 1 })).toBe(
      '{"a":1,"b":{"10":"x","9":"y","a":[{"2":true}]}}',
    );
  });
});
