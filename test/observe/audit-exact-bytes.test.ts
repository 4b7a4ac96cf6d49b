/**
 * What verify passes is what every reader reads: a line with a member given twice (JSON.parse keeps the last,
 * grep and first-wins parsers the first) or a line that is not byte for byte the entry its hash covers is refused
 * by verify, by show and by the next append, while every line cxschema writes passes as it always did.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAuditLog, readAuditEntries, verifyAuditChain } from '../../src/observe/audit/audit-log.js';
import { repeatedMember } from '../../src/observe/audit/audit-entry.js';
import { AuditLogCorruptError } from '../../src/observe/audit/audit-errors.js';

const CONTEXT = { environment: 'prod', orgDomain: 'mypurecloud.ie', actor: 'client-123' };

let dir: string;
let logPath: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-audit-bytes-'));
  logPath = join(dir, 'audit.jsonl');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function writeEntries(count: number): Promise<string[]> {
  const log = await openAuditLog(logPath, CONTEXT);
  for (let index = 1; index <= count; index++)
    await log.append({
      action: 'SCHEMA_CREATED',
      schemaId: `schema_${index}`,
      version: 1,
      status: 'SUCCESS',
      errorMessage: 'naïve "quote" \u2028 tab\t',
    });
  return (await readFile(logPath, 'utf8')).split('\n').filter((line) => line !== '');
}

async function replaceLine(lines: string[], index: number, line: string): Promise<void> {
  const copy = [...lines];
  copy[index] = line;
  await writeFile(logPath, copy.map((l) => `${l}\n`).join(''));
}

describe('an audit line read exactly', () => {
  it('passes every line cxschema wrote, escapes and all', async () => {
    await writeEntries(3);
    expect(await verifyAuditChain(logPath)).toMatchObject({ ok: true, entries: 3 });
  });

  it('refuses a member given twice, the mallory edit of the review', async () => {
    const lines = await writeEntries(3);
    await replaceLine(lines, 1, lines[1]!.replace('{', '{"actor":"mallory",'));
    // The edit a first-wins reader sees, under a hash that JSON.parse's last-wins reading matches.
    const second = JSON.parse(await readFile(logPath, 'utf8').then((t) => t.split('\n')[1]!)) as { actor: string };
    expect(second.actor).toBe('client-123');

    const verdict = await verifyAuditChain(logPath);
    expect(verdict).toMatchObject({ ok: false, entries: 1, firstBadLine: 2 });
    expect(verdict.problem).toBe('line 2 has the member "actor" twice: readers would disagree on which one counts');
    await expect(readAuditEntries(logPath)).rejects.toBeInstanceOf(AuditLogCorruptError);
  });

  it('names a member given twice before anything else wrong with the line', async () => {
    // The member twice, an unknown member and a hash that no longer matches, all on one line: the repeated member
    // is what verify names, whichever check finds the line wrong first.
    const lines = await writeEntries(2);
    await replaceLine(lines, 0, lines[0]!.replace('{', '{"actor":"mallory","colour":"red",'));
    expect((await verifyAuditChain(logPath)).problem).toBe(
      'line 1 has the member "actor" twice: readers would disagree on which one counts',
    );
  });

  it('refuses a line whose bytes are not the ones hashed, though its value is', async () => {
    const lines = await writeEntries(2);
    await replaceLine(lines, 0, lines[0]!.replace('{"seq":1,', '{ "seq": 1, '));
    const verdict = await verifyAuditChain(logPath);
    expect(verdict).toMatchObject({ ok: false, entries: 0, firstBadLine: 1 });
    expect(verdict.problem).toContain('is not byte for byte the entry its hash covers');

    await replaceLine(lines, 0, lines[0]!.replace('na\u00efve', 'na\\u00efve'));
    expect((await verifyAuditChain(logPath)).problem).toContain('line 1 is not byte for byte');
  });

  it('refuses a line whose hash is not its last member, though its value is the same', async () => {
    const lines = await writeEntries(2);
    const { hash, ...rest } = JSON.parse(lines[0]!) as Record<string, unknown>;
    // The hash covers the sorted value, so it still matches; the line is not the one cxschema writes.
    await replaceLine(lines, 0, JSON.stringify({ hash, ...rest }));
    const verdict = await verifyAuditChain(logPath);
    expect(verdict).toMatchObject({ ok: false, firstBadLine: 1 });
    expect(verdict.problem).toContain('is not byte for byte the entry its hash covers');
  });

  it('refuses bytes that are not UTF-8, though they decode to the text that was hashed', async () => {
    const log = await openAuditLog(logPath, CONTEXT);
    for (const schemaId of ['first', 'second'])
      await log.append({ action: 'SCHEMA_DEPLOYMENT_FAILED', schemaId, status: 'FAILED', errorMessage: 'got \uFFFD' });
    const written = await readFile(logPath);
    const replacement = Buffer.from('\uFFFD');
    const at = written.indexOf(replacement);
    // U+FFFD is what a decoder makes of 0xFF, and of the three bytes F0 9F 98 (a character cut short): the same
    // text, the same hash, other bytes, which a strict reader refuses.
    for (const bytes of [[0xff], [0xf0, 0x9f, 0x98]]) {
      await writeFile(
        logPath,
        Buffer.concat([written.subarray(0, at), Buffer.from(bytes), written.subarray(at + replacement.length)]),
      );
      const verdict = await verifyAuditChain(logPath);
      expect(verdict).toMatchObject({ ok: false, entries: 0, firstBadLine: 1 });
      expect(verdict.problem).toBe('line 1 is not valid UTF-8: its bytes were changed');
      await expect(readAuditEntries(logPath)).rejects.toBeInstanceOf(AuditLogCorruptError);
    }

    // The last entry so changed is one the next append refuses to chain to.
    const last = written.lastIndexOf(replacement);
    await writeFile(
      logPath,
      Buffer.concat([written.subarray(0, last), Buffer.from([0xff]), written.subarray(last + 3)]),
    );
    expect((await verifyAuditChain(logPath)).problem).toBe('line 2 is not valid UTF-8: its bytes were changed');
    const error = await log
      .append({ action: 'SCHEMA_CREATED', schemaId: 'next', version: 1, status: 'SUCCESS' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditLogCorruptError);
    expect((error as Error).message).toContain('line 2, the last entry, is not valid UTF-8');
  });

  it('does not append after a last line with a repeated member', async () => {
    const lines = await writeEntries(2);
    // Edited once the log is open (opening refuses it as well, with the same words).
    const log = await openAuditLog(logPath, CONTEXT);
    await replaceLine(lines, 1, lines[1]!.replace('{', '{"schemaId":"other",'));
    const error = await log
      .append({ action: 'SCHEMA_CREATED', schemaId: 'next', version: 1, status: 'SUCCESS' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuditLogCorruptError);
    expect((error as Error).message).toContain('has the member "schemaId" twice');
  });

  it('finds repeated members at the top level only, strings and nesting skipped', () => {
    expect(repeatedMember('{"a":1,"b":"x\\"a\\":","c":{"a":2},"d":[{"a":1}]}')).toBeUndefined();
    expect(repeatedMember('{"a":1,"b":{"a":2},"a":3}')).toBe('a');
    expect(repeatedMember('{"a\\u0062":1,"ab":2}')).toBe('ab');
  });
});
