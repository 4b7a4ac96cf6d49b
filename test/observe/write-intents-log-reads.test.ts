/**
 * How many times settling the open intents reads the audit log: a bounded number, however many intents a crash
 * left open (docs/audit.md "Writes whose answer never came"). The log is read through node's createReadStream,
 * which a test can only count by wrapping node's own.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type * as Fs from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { RemoteSchema } from '../../src/model/schema.js';
import { hashContent } from '../../src/observe/audit/audit-entry.js';
import { openAuditLog, readAuditEntries, verifyAuditChain } from '../../src/observe/audit/audit-log.js';
import { newIntentOwner, resolveOpenIntents } from '../../src/observe/audit/write-intents.js';

const counted = vi.hoisted(() => ({ path: '', reads: 0 }));
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof Fs>();
  return {
    ...fs,
    createReadStream: (...args: Parameters<typeof fs.createReadStream>) => {
      if (args[0] === counted.path) counted.reads++;
      return fs.createReadStream(...args);
    },
  };
});

const CONTEXT = { environment: 'prod', orgDomain: 'mypurecloud.ie', family: 'contacts', actor: 'client-123' };
const BODY = { externalId: 'vip', name: 'VIP', version: 2, status: 'PUBLISHED' as const, fields: [] };
const STORED: RemoteSchema = { ...BODY, id: 'x', dateCreated: '', dateModified: '', selfUri: '' };
const ALIVE_PID = 4242;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-intent-reads-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('reads the log twice to settle several open intents, and records each as it did one by one', async () => {
  const path = join(dir, 'audit.jsonl');
  const log = await openAuditLog(path, CONTEXT);
  const intent = { action: 'SCHEMA_WRITE_INTENDED', status: 'PENDING', version: 2, content: BODY } as const;
  const done = await log.append({ ...intent, schemaId: 'vip' });
  const lost = await log.append({ ...intent, schemaId: 'gone' });
  const other = await log.append({ ...intent, schemaId: 'changed' });
  const unread = await log.append({ ...intent, schemaId: 'flaky' });
  const running = await log.append({
    ...intent,
    schemaId: 'busy',
    ...newIntentOwner(),
    pid: ALIVE_PID,
    host: hostname(),
  });
  const answered = await log.append({ ...intent, schemaId: 'answered' });
  await log.append({ action: 'SCHEMA_PUBLISHED', status: 'SUCCESS', schemaId: 'answered', intentSeq: answered.seq });
  const late = await log.append({ ...intent, schemaId: 'late' });

  const reads: string[] = [];
  counted.path = path;
  counted.reads = 0;
  const settlement = await resolveOpenIntents({
    audit: log,
    context: CONTEXT,
    run: newIntentOwner(),
    isProcessAlive: (pid) => pid === ALIVE_PID,
    version: async (externalId) => {
      reads.push(externalId);
      if (externalId === 'flaky') throw new Error('503');
      if (externalId === 'gone') return undefined;
      return externalId === 'changed' ? { ...STORED, name: 'Very important' } : STORED;
    },
  });
  // Once to find the intents, once under the lock to record them: not once more for each intent settled.
  expect(counted.reads).toBe(2);

  expect(reads).toEqual(['vip', 'gone', 'changed', 'flaky', 'late']);
  expect(settlement.resolved).toEqual([
    { intentSeq: done.seq, schemaId: 'vip', found: true },
    { intentSeq: lost.seq, schemaId: 'gone', found: false },
    { intentSeq: other.seq, schemaId: 'changed', found: false },
    { intentSeq: late.seq, schemaId: 'late', found: true },
  ]);
  expect(settlement.leftOpen).toMatchObject([{ intentSeq: running.seq, schemaId: 'busy', why: 'running' }]);
  const written = (await readAuditEntries(path)).slice(late.seq);
  expect(written).toMatchObject([
    { action: 'SCHEMA_WRITE_FOUND', status: 'SUCCESS', intentSeq: done.seq, contentSha256: hashContent(BODY) },
    { action: 'SCHEMA_WRITE_NOT_DONE', status: 'WARNING', intentSeq: lost.seq },
    { action: 'SCHEMA_WRITE_NOT_DONE', status: 'WARNING', intentSeq: other.seq },
    { action: 'SCHEMA_WRITE_FOUND', status: 'SUCCESS', intentSeq: late.seq, contentSha256: hashContent(BODY) },
  ]);
  expect(written.map((entry) => entry.errorMessage)).toEqual([
    undefined,
    `the org has no version 2 of gone: the write intended in entry #${lost.seq} was not done`,
    expect.stringContaining(`holds other contents than entry #${other.seq} intended`),
    undefined,
  ]);
  // The read that failed and the run still going keep their intents open, for the run after.
  expect(await verifyAuditChain(path)).toMatchObject({ ok: true, openIntents: [unread.seq, running.seq] });
});

it('reads the log once when no intent is open', async () => {
  const path = join(dir, 'audit.jsonl');
  const log = await openAuditLog(path, CONTEXT);
  const intent = await log.append({
    action: 'SCHEMA_WRITE_INTENDED',
    status: 'PENDING',
    schemaId: 'vip',
    version: 2,
    content: BODY,
  });
  await log.append({ action: 'SCHEMA_PUBLISHED', status: 'SUCCESS', schemaId: 'vip', intentSeq: intent.seq });
  counted.path = path;
  counted.reads = 0;
  const settlement = await resolveOpenIntents({
    audit: log,
    context: CONTEXT,
    run: newIntentOwner(),
    version: () => Promise.reject(new Error('no intent is open: nothing to read')),
  });
  expect(settlement).toMatchObject({ resolved: [], leftOpen: [] });
  expect(counted.reads).toBe(1);
});
