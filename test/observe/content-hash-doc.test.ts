/**
 * docs/audit.md "What `contentSha256` hashes": the worked example is rebuilt here the way a reader would, with
 * sha256sum over the printed canonical text, and through the audit log from the org's stored version.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/model/canonical-json.js';
import { openAuditLog } from '../../src/observe/audit/audit-log.js';
import { contentOfRemote, writeBody } from '../../src/plan/schema-content.js';
import { remote } from '../support/schema-builders.js';

const DOC = fileURLToPath(new URL('../../docs/audit.md', import.meta.url));

async function workedExample(): Promise<{ body: Record<string, unknown>; canonical: string; hash: string }> {
  const text = await readFile(DOC, 'utf8');
  const section = text.slice(text.indexOf('### What `contentSha256` hashes'));
  const body = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]!) as Record<string, unknown>;
  const canonical = /printf '%s' '([^']*)' \| sha256sum/.exec(section)![1]!;
  const hash = /\n([0-9a-f]{64}) {2}-\n/.exec(section)![1]!;
  expect(section).toContain(`"contentSha256":"${hash}"`);
  return { body, canonical, hash };
}

describe('the contentSha256 worked example of docs/audit.md', () => {
  it('prints the canonical JSON of its body, and the hash sha256sum gives for it', async () => {
    const { body, canonical, hash } = await workedExample();
    expect(canonicalJson(body)).toBe(canonical);
    expect(execFileSync('sha256sum', { input: canonical }).toString()).toBe(`${hash}  -\n`);
  });

  it('is the contentSha256 the audit log records for that version as the org serves it', async () => {
    const { body, hash } = await workedExample();
    const served = remote('order', body['fields'] as never, 2, 'PUBLISHED', { name: 'Order' });
    expect(served).toHaveProperty('selfUri');
    const dir = await mkdtemp(join(tmpdir(), 'cxschema-content-hash-'));
    try {
      const log = await openAuditLog(join(dir, 'audit.jsonl'), {
        environment: 'prod',
        orgDomain: 'example.test',
        actor: 'ci',
      });
      const entry = await log.append({
        action: 'SCHEMA_PUBLISHED',
        schemaId: 'order',
        version: 2,
        status: 'SUCCESS',
        content: writeBody(contentOfRemote(served), served.version, served.status),
      });
      expect(entry.contentSha256).toBe(hash);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
