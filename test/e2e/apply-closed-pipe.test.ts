/**
 * The reader of apply's output goes away while apply writes (`cxschema apply 2>&1 | head`, a CI log collector
 * that died): the closed pipe acts as a first Ctrl-C. The steps in flight finish and are recorded, no other
 * starts, the audit log says the run was interrupted, and the exit code says so (141, as for SIGPIPE) instead of
 * the process ending at once, mid-write, with 0 (docs/deploying.md, "Interrupting apply").
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { readAuditEntries, verifyAuditChain } from '../../src/observe/audit/audit-log.js';
import { definition, text } from '../support/schema-builders.js';
import {
  createProject,
  emulatorAndProjectPerTest,
  emulatorEnv,
  runIntoClosedPipe,
  spawnCli,
} from '../support/cli-process.js';
import type { SchemaDefinition } from '../../src/model/schema.js';

const rig = emulatorAndProjectPerTest();

const SCHEMAS = 40;

async function setUp(schemas: readonly SchemaDefinition[]): Promise<Record<string, string>> {
  rig.emulator = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
  rig.project = await createProject();
  await rig.project.write(schemas);
  return emulatorEnv(rig.emulator);
}

/** Apply with its stdout a pipe whose reader is gone before anything is written there (`cxschema apply | true`). */
function applyIntoClosedStdout(env: Record<string, string>, ...args: string[]) {
  return runIntoClosedPipe(['apply', '--auto-approve', ...args], { cwd: rig.project!.dir, env });
}

describe('apply whose stderr pipe closes while it writes', () => {
  it('finishes and records the writes in flight, starts no more, and exits 141', async () => {
    // Every request held a little, so that the apply is surely still writing when the pipe closes.
    rig.emulator = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0, faults: { latency: 150 } });
    rig.project = await createProject();
    await rig.project.write(
      Array.from({ length: SCHEMAS }, (_, i) => definition(`s${String(i).padStart(2, '0')}`, [text('a')])),
    );
    const run = spawnCli(['apply', '--auto-approve', '--concurrency', '2'], {
      cwd: rig.project.dir,
      env: emulatorEnv(rig.emulator),
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
    const held = rig.emulator.schemas();
    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThan(SCHEMAS);
    expect(held.every((s) => s.version === 2 && s.status === 'PUBLISHED')).toBe(true);

    const log = join(rig.project.dir, '.cxschema', 'audit.jsonl');
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

describe('apply whose stdout is closed before the plan is printed', () => {
  it('starts no wave, writes nothing to the org, and exits 141', async () => {
    const env = await setUp([definition('a', [text('x')]), definition('b', [text('x')])]);
    const result = await applyIntoClosedStdout(env);

    expect(result.code, result.stderr).toBe(141);
    expect(result.stderr).toContain('stdout closed: nothing will be written');
    expect(result.stderr).not.toMatch(/wave \d/);
    expect(rig.emulator!.requestLog().filter((e) => e.method !== 'GET' && e.path.includes('/schemas'))).toEqual([]);
    expect(rig.emulator!.schemas()).toEqual([]);
    const log = join(rig.project!.dir, '.cxschema', 'audit.jsonl');
    const entries = await readAuditEntries(log);
    expect(entries.map((e) => e.action)).toEqual(['APPLY_INTERRUPTED']);
    expect(entries[0]!.errorMessage).toContain('apply interrupted by a closed pipe (stdout): 0 steps done');
  });

  it('that stops on invalid files says nothing of writes in flight, and exits 1', async () => {
    // An unknown field type: the files are refused before anything is written.
    const invalid = definition('a', [text('x', { fieldtype: 'strin' as never })]);
    await setUp([invalid]);
    // In JSON the findings go to stdout, and meet the closed pipe; the CLI's own emulator is stopped after.
    const result = await applyIntoClosedStdout({}, '--emulator', '--format', 'json');

    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('validation failures: 1');
    expect(result.stderr).not.toContain('writes in flight');
  });
});
