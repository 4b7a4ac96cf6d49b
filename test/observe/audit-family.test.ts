/**
 * Audit entries name the platform family the run deployed to (docs/audit.md). A log written before the family
 * was recorded still verifies, and a new entry with a family chains onto it.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAuditLog, readAuditEntries, verifyAuditChain } from '../../src/observe/audit/audit-log.js';
import { formatAuditEntries } from '../../src/observe/audit/audit-report.js';

const BEFORE_FAMILY = fileURLToPath(new URL('../fixtures/audit/before-family.jsonl', import.meta.url));
const CONTEXT = { environment: 'prod', orgDomain: 'mypurecloud.ie', actor: 'client-123' };

let dir: string;
let logPath: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-audit-family-'));
  logPath = join(dir, 'audit.jsonl');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the family in audit entries', () => {
  it('a log written before the family was recorded verifies, and an entry with one chains onto it', async () => {
    await copyFile(BEFORE_FAMILY, logPath);
    expect((await verifyAuditChain(logPath)).ok).toBe(true);

    const log = await openAuditLog(logPath, { ...CONTEXT, family: 'workitems' });
    const appended = await log.append({
      action: 'SCHEMA_CREATED',
      schemaId: 'loan_application',
      version: 1,
      status: 'SUCCESS',
    });
    expect(appended).toMatchObject({ seq: 3, family: 'workitems' });

    const verified = await verifyAuditChain(logPath);
    expect(verified.ok).toBe(true);
    const entries = await readAuditEntries(logPath);
    expect(entries.map((entry) => entry.family)).toEqual([undefined, undefined, 'workitems']);
    // The family is part of what the hash covers: changing it breaks the chain at that line.
    const text = await readFile(logPath, 'utf8');
    await writeFile(logPath, text.replace('"family":"workitems"', '"family":"contacts"'));
    const edited = await verifyAuditChain(logPath);
    expect(edited.ok).toBe(false);
    expect(edited.firstBadLine).toBe(3);
  });

  it('audit show names a family other than custom objects beside the schema', async () => {
    const log = await openAuditLog(logPath, { ...CONTEXT, family: 'contacts' });
    await log.append({ action: 'SCHEMA_UPDATED', schemaId: 'vip_contact', version: 2, status: 'SUCCESS' });
    const custom = await openAuditLog(logPath, { ...CONTEXT, family: 'customobjects' });
    await custom.append({ action: 'SCHEMA_UPDATED', schemaId: 'customer', version: 3, status: 'SUCCESS' });
    const lines = formatAuditEntries(await readAuditEntries(logPath));
    expect(lines[0]).toContain('contacts:vip_contact v2');
    expect(lines[1]).toContain('  customer v3  ');
  });
});
