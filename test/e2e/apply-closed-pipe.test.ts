/**
 * The reader of apply's output goes away while apply writes (`cxschema apply 2>&1 | head`, a CI log collector
 * that died): the closed pipe acts as a first Ctrl-C. The steps in flight finish and are recorded, no other
 * starts, the audit log says the run was interrupted, and the exit code says so (141, as for SIGPIPE) instead of
 * the process ending at once, mid-write, with 0 (docs/deploying.md, "Interrupting apply").
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { readAuditEntries, verifyAuditChain } from '../../src/observe/audit/audit-log.js';
import { definition, text } from '../support/schema-builders.js';
import { createProject, emulatorEnv, spawnCli, type Project } from '../support/cli-process.js';

let handle: EmulatorHandle | undefined;
let project: Project | undefined;
afterEach(async () => {
  await handle?.stop();
  await project?.remove();
  handle = undefined;
  project = undefined;
});

const SCHEMAS = 40;

describe('apply whose stderr pipe closes while it writes', () => {
  it('finishes and records the writes in flight, starts no more, and exits 141', async () => {
    // Every request held a little, so that the apply is surely still writing when the pipe closes.
    handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0, faults: { latency: 150 } });
    project = await createProject();
    await project.write(
      Array.from({ length: SCHEMAS }, (_, i) => definition(`s${String(i).padStart(2, '0')}`, [text('a')])),
    );
    const run = spawnCli(['apply', '--auto-approve', '--concurrency', '2'], {
      cwd: project.dir,
      env: emulatorEnv(handle),
    });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      run.child.stderr!.on('data', (chunk: string) => {
        stderr += chunk;
        if (/created s\d\d v2/.test(stderr)) resolve();
      });
      void run.done.then((r) => reject(new Error(`apply ended before the pipe closed: ${r.code} ${r.stderr}`)));
    });
    // The reader goes away: the next progress line apply writes meets a closed pipe (EPIPE).
    run.child.stderr!.destroy();
    const result = await run.done;

    expect(result.code).toBe(141);
    // Every schema the org holds was finished: no step was left between its POST and its PUT.
    const held = handle.schemas();
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThan(SCHEMAS);
    expect(held.every((s) => s.version === 2 && s.status === 'PUBLISHED')).toBe(true);

    const log = join(project.dir, '.cxschema', 'audit.jsonl');
    expect(await verifyAuditChain(log)).toMatchObject({ ok: true });
    const entries = await readAuditEntries(log);
    // Every write sent has the entry of its answer: none is left for a later run to settle.
    const intents = entries.filter((e) => e.action === 'SCHEMA_WRITE_INTENDED');
    expect(intents.length).toBeGreaterThan(0);
    for (const intent of intents) expect(entries.filter((e) => e.intentSeq === intent.seq)).toHaveLength(1);
    expect(entries.filter((e) => e.action === 'SCHEMA_CREATED')).toHaveLength(held.length);
    const last = entries.at(-1)!;
    expect(last).toMatchObject({ action: 'APPLY_INTERRUPTED', status: 'WARNING' });
    expect(last.errorMessage).toContain(`apply interrupted by a closed pipe (stderr): ${held.length} steps done`);
  });
});
