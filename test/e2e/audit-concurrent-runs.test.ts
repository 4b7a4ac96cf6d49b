/**
 * Two runs deploying to one org from one audit log at the same time (docs/audit.md "Writes whose answer never
 * came"): the second starts while the first's write is on its way and unanswered, the version not yet in the org.
 * The second must leave the first's intent open, not record the write as not done; the first then resolves it
 * with the entry of its answer, and the log verifies.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import type { AuditEntry } from '../../src/observe/audit/audit-entry.js';
import { createProject, emulatorEnv, runCli, spawnCli, type Project } from '../support/cli-process.js';
import { definition, text } from '../support/schema-builders.js';
import { startWriteGate, type WriteGate } from '../support/write-gate.js';

let handle: EmulatorHandle | undefined;
let gate: WriteGate | undefined;
let project: Project | undefined;
afterEach(async () => {
  await gate?.close();
  await handle?.stop();
  await project?.remove();
  gate = undefined;
  handle = undefined;
  project = undefined;
});

const APPLY = ['apply', '--auto-approve', '--rate-limit', '100000'];

async function auditEntries(dir: string): Promise<AuditEntry[]> {
  const text = await readFile(join(dir, '.cxschema', 'audit.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AuditEntry);
}

describe('two runs on one audit log at once', () => {
  it('the second leaves the first one’s unanswered write open, and the first resolves it', async () => {
    handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    gate = await startWriteGate(handle.url);
    const env = { ...emulatorEnv(handle), GENESYS_OAUTH_DOMAIN: gate.url };
    project = await createProject();
    const dir = project.dir;
    await project.write([definition('alpha', [text('a')]), definition('beta', [text('b')])]);

    // The first run deploys alpha; its first write is held before it reaches the org.
    const first = spawnCli([...APPLY, 'schemas/alpha.schema.json'], { cwd: dir, env });
    await gate.held;
    const intents = (await auditEntries(dir)).filter((entry) => entry.action === 'SCHEMA_WRITE_INTENDED');
    expect(intents).toHaveLength(1);
    const intent = intents[0]!;
    expect(intent).toMatchObject({ schemaId: 'alpha', version: 1, pid: first.child.pid, host: hostname() });
    expect(intent.runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(handle.schemas()).toEqual([]);

    // The second deploys beta meanwhile, to the same org, from the same log.
    const second = await runCli([...APPLY, 'schemas/beta.schema.json'], { cwd: dir, env });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(
      `audit: alpha v1: left open the write intended in entry #${intent.seq}: run ${intent.runId} (pid ${first.child.pid}) is still running on this host`,
    );
    expect((await auditEntries(dir)).filter((entry) => entry.intentSeq === intent.seq)).toEqual([]);

    gate.release();
    const done = await first.done;
    expect(done.code, done.stderr).toBe(0);

    const after = await auditEntries(dir);
    expect(after.filter((entry) => entry.intentSeq === intent.seq)).toEqual([
      expect.objectContaining({ action: 'SCHEMA_CREATED', schemaId: 'alpha', version: 1, status: 'SUCCESS' }),
    ]);
    expect(after.some((entry) => entry.action === 'SCHEMA_WRITE_NOT_DONE')).toBe(false);
    // Every intent of both runs is resolved once, by the entry of its own answer; two runs, two owners.
    const allIntents = after.filter((entry) => entry.action === 'SCHEMA_WRITE_INTENDED');
    for (const each of allIntents) {
      expect(after.filter((entry) => entry.intentSeq === each.seq).map((entry) => entry.runId)).toEqual([undefined]);
    }
    expect(new Set(allIntents.map((entry) => entry.runId)).size).toBe(2);
    expect((await runCli(['audit', 'verify'], { cwd: dir, env })).code).toBe(0);

    // A third run finds nothing open.
    const third = await runCli(APPLY, { cwd: dir, env });
    expect(third.code, third.stderr).toBe(0);
    expect(third.stderr).not.toContain('audit:');
  });
});
