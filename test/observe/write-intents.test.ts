/** Resolving the write intents an earlier run left open (docs/audit.md "Writes whose answer never came"). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RemoteSchema } from '../../src/model/schema.js';
import { hashContent } from '../../src/observe/audit/audit-entry.js';
import { openAuditLog, readAuditEntries, verifyAuditChain } from '../../src/observe/audit/audit-log.js';
import { resolveOpenIntents } from '../../src/observe/audit/write-intents.js';

const CONTEXT = { environment: 'prod', orgDomain: 'mypurecloud.ie', family: 'contacts', actor: 'client-123' };
const BODY = { externalId: 'vip', name: 'VIP', version: 2, status: 'PUBLISHED' as const, fields: [] };
const STORED: RemoteSchema = { ...BODY, id: 'x', dateCreated: '', dateModified: '', selfUri: '' };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-intents-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('resolveOpenIntents', () => {
  it('records a write found in the org, one not done, and leaves other orgs and families alone', async () => {
    const path = join(dir, 'audit.jsonl');
    const log = await openAuditLog(path, CONTEXT);
    const intent = { action: 'SCHEMA_WRITE_INTENDED', status: 'PENDING', content: BODY } as const;
    const done = await log.append({ ...intent, schemaId: 'vip', version: 2 });
    const lost = await log.append({ ...intent, schemaId: 'gone', version: 2 });
    const other = await openAuditLog(path, { ...CONTEXT, family: 'workitems' });
    await other.append({ ...intent, schemaId: 'vip', version: 2 });

    const reads: string[] = [];
    const resolved = await resolveOpenIntents({
      audit: log,
      context: CONTEXT,
      version: async (externalId, version) => {
        reads.push(`${externalId} v${version}`);
        return externalId === 'vip' ? STORED : undefined;
      },
    });
    expect(reads).toEqual(['vip v2', 'gone v2']);
    expect(resolved).toEqual([
      { intentSeq: done.seq, schemaId: 'vip', found: true },
      { intentSeq: lost.seq, schemaId: 'gone', found: false },
    ]);
    const entries = (await readAuditEntries(path)).slice(3);
    expect(entries).toMatchObject([
      { action: 'SCHEMA_WRITE_FOUND', status: 'SUCCESS', intentSeq: done.seq, contentSha256: hashContent(BODY) },
      { action: 'SCHEMA_WRITE_NOT_DONE', status: 'WARNING', intentSeq: lost.seq },
    ]);
    expect(entries[1]!.errorMessage).toContain('has no version 2 of gone');
    expect((await verifyAuditChain(path)).ok).toBe(true);

    // Resolved once: the next run finds nothing open in this family.
    const again = await resolveOpenIntents({ audit: log, context: CONTEXT, version: async () => STORED });
    expect(again).toEqual([]);
  });

  it('says a version holding other contents was not this write', async () => {
    const path = join(dir, 'audit.jsonl');
    const log = await openAuditLog(path, CONTEXT);
    await log.append({
      action: 'SCHEMA_WRITE_INTENDED',
      status: 'PENDING',
      schemaId: 'vip',
      version: 2,
      content: BODY,
    });
    const changed = { ...STORED, name: 'Very important' };
    const [resolution] = await resolveOpenIntents({ audit: log, context: CONTEXT, version: async () => changed });
    expect(resolution).toMatchObject({ found: false });
    expect((await readAuditEntries(path)).at(-1)!.errorMessage).toContain('holds other contents');
  });
});
