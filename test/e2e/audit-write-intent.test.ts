/**
 * The audit gap closed (docs/audit.md "Writes whose answer never came"): the CLI is killed (SIGKILL) after its
 * write reached the org and before the answer came back. The killed run left a SCHEMA_WRITE_INTENDED entry; the
 * rerun finds the write done, plans nothing for it, and records SCHEMA_WRITE_FOUND naming that intent: the intent
 * names the killed process, which no longer runs on this host, so the rerun settles it at once.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import type { AuditEntry } from '../../src/observe/audit/audit-entry.js';
import { createProject, emulatorEnv, runCli, spawnCli, type Project } from '../support/cli-process.js';

let handle: EmulatorHandle | undefined;
const projects: Project[] = [];
afterEach(async () => {
  await handle?.stop();
  handle = undefined;
  await Promise.all(projects.splice(0).map((p) => p.remove()));
});

const APPLY = ['apply', '--auto-approve', '--rate-limit', '100000'];

async function auditEntries(project: Project): Promise<AuditEntry[]> {
  const text = await readFile(join(project.dir, '.cxschema', 'audit.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AuditEntry);
}

/** Resolves once `condition` holds, looking every few milliseconds (the emulator's state, not a clock). */
function until(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (!condition()) return;
      clearInterval(timer);
      resolve();
    }, 2);
  });
}

describe.each([
  ['customobjects', (h: EmulatorHandle) => h.schemas().length],
  ['workitems', (h: EmulatorHandle) => h.dataSchemas('workitems').length],
] as const)('a run killed between a write and its answer, on %s', (family, storedSchemas) => {
  it('left an intent, and the rerun records that the write was done, naming it', async () => {
    // Every write is applied, then its answer is held far beyond the test: the kill lands in between.
    handle = await startEmulator({
      port: 0,
      host: '127.0.0.1',
      rateLimitPerMinute: 0,
      faults: { slowSuccess: 1, slowSuccessMs: 600_000 },
    });
    const h = handle;
    const env = emulatorEnv(h);
    const project = await createProject(`target: ${family}\nschemas:\n  - "schemas/*.schema.json"\n`);
    projects.push(project);
    await project.write([
      {
        externalId: 'loan_application',
        name: 'Loan application',
        fields: [{ name: 'account', fieldtype: 'string', constraints: { maxLength: 40 } }],
      },
    ]);

    const { child, done } = spawnCli(APPLY, { cwd: project.dir, env });
    await until(() => storedSchemas(h) === 1);
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');

    const killed = await auditEntries(project);
    const intent = killed.at(-1)!;
    expect(intent).toMatchObject({
      action: 'SCHEMA_WRITE_INTENDED',
      status: 'PENDING',
      schemaId: 'loan_application',
      version: 1,
      family,
      // Its owner: the killed process, on this host. Gone, it is settled by the rerun at once.
      pid: child.pid,
      host: hostname(),
    });
    expect(intent.runId).toMatch(/^[0-9a-f-]{36}$/);
    expect(intent.contentSha256).toMatch(/^[0-9a-f]{64}$/);

    h.setFaults({});
    const metricsFile = join(project.dir, 'metrics.json');
    const rerun = await runCli([...APPLY, '--metrics-file', metricsFile, '--metrics-format', 'json'], {
      cwd: project.dir,
      env,
    });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain(`(entry #${intent.seq}) was done`);
    // The read that looked the write up is in the metrics, counted as a read back.
    const metrics = JSON.parse(await readFile(metricsFile, 'utf8')) as {
      requests: { readBack: number; byEndpoint: Array<{ method: string; route: string }> };
    };
    expect(metrics.requests.readBack).toBeGreaterThanOrEqual(1);
    expect(metrics.requests.byEndpoint.some((e) => e.method === 'GET' && e.route.includes('/versions/'))).toBe(true);

    const after = await auditEntries(project);
    const found = after.filter((entry) => entry.intentSeq === intent.seq);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      action: 'SCHEMA_WRITE_FOUND',
      status: 'SUCCESS',
      schemaId: 'loan_application',
      version: 1,
      family,
      contentSha256: intent.contentSha256,
    });
    // Every intent of the rerun is resolved by the entry of its answer.
    const intents = after.filter((entry) => entry.action === 'SCHEMA_WRITE_INTENDED');
    for (const each of intents) expect(after.filter((entry) => entry.intentSeq === each.seq)).toHaveLength(1);

    expect((await runCli(['audit', 'verify'], { cwd: project.dir, env })).code).toBe(0);
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd: project.dir, env })).code).toBe(0);
    // A third run finds nothing left to resolve.
    const third = await runCli(APPLY, { cwd: project.dir, env });
    expect(third.stderr).not.toContain('was done');
  });
});
