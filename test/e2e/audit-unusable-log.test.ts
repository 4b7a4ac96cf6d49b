/**
 * apply and rollback refuse an audit log their appends could not write, before anything is sent to the org
 * (docs/audit.md, "Before the first write"): a folder, a link that leads nowhere, a file this user may not write, a
 * last entry edited. They used to deploy everything with a warning for each entry refused. plan and
 * rollback --dry-run, which write no log, go on; and a torn last line is no such log: the run repairs it. A log
 * `audit verify` and `show` may not read is an error of the user's to fix, named as such.
 */
import { appendFile, chmod, mkdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import type { AuditEntry } from '../../src/observe/audit/audit-entry.js';
import {
  createProject,
  emulatorAndProjectPerTest,
  emulatorEnv,
  readableByAnyone,
  runCli,
  WITHOUT_ROOT,
  type Project,
} from '../support/cli-process.js';
import { definition, ref, text } from '../support/schema-builders.js';

const rig = emulatorAndProjectPerTest();
const APPLY = ['apply', '--auto-approve'];
/** Rolling customer back to v2 removes a field, which BACKWARD refuses without a reason. */
const BREAKING = ['--allow-breaking', 'no customer has a phone yet'];

async function setUp(
  audit?: string,
): Promise<{ handle: EmulatorHandle; project: Project; cli: (...args: string[]) => ReturnType<typeof runCli> }> {
  const handle = (rig.emulator = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 }));
  const config = `schemas:\n  - "schemas/*.schema.json"\n${audit === undefined ? '' : `audit:\n  path: ${audit}\n`}`;
  const project = (rig.project = await createProject(config));
  await project.write([definition('customer', [text('email')]), definition('order', [ref('buyer', 'customer')])]);
  const env = emulatorEnv(handle);
  return { handle, project, cli: (...args) => runCli(args, { cwd: project.dir, env }) };
}

const logOf = (project: Project): string => join(project.dir, '.cxschema', 'audit.jsonl');

/** The files with more fields on customer: each change is one more version to write. */
async function addFields(project: Project, ...names: string[]): Promise<void> {
  await project.write([
    definition('customer', [text('email'), ...names.map((name) => text(name))]),
    definition('order', [ref('buyer', 'customer')]),
  ]);
}

describe('an audit log no append could write', () => {
  it.each([
    [
      'a folder',
      'logdir',
      async (project: Project) => mkdir(join(project.dir, 'logdir')),
      'logdir: it is a folder, not a file',
    ],
    [
      'a link that leads nowhere',
      undefined,
      async (project: Project) => {
        await mkdir(join(project.dir, '.cxschema'));
        await symlink(join(project.dir, 'gone', 'audit.jsonl'), logOf(project));
      },
      '.cxschema/audit.jsonl: ENOENT',
    ],
  ])('refuses apply when the log is %s, naming it, with nothing sent', async (_name, audit, make, problem) => {
    const { handle, project, cli } = await setUp(audit);
    await make(project);
    const result = await cli(...APPLY);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: cannot append to the audit log ${project.dir}/${problem}`);
    expect(result.stderr).toContain('hint: ');
    expect(result.stderr).not.toContain('warning');
    expect(handle.counters().total).toBe(0);
    expect(handle.schemas()).toEqual([]);
  });

  it('refuses apply when its user may not write the log', async () => {
    const { handle, project } = await setUp();
    await mkdir(join(project.dir, '.cxschema'));
    await writeFile(logOf(project), '');
    await chmod(logOf(project), 0o444);
    // As root, the CLI runs as nobody, whom the mode binds (root writes whatever it says).
    await readableByAnyone(join(project.dir, '.cxschema'));
    await readableByAnyone(join(project.dir, 'schemas'));
    const result = await runCli(APPLY, { cwd: project.dir, env: emulatorEnv(handle), user: WITHOUT_ROOT });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: cannot append to the audit log ${logOf(project)}: EACCES`);
    expect(handle.counters().total).toBe(0);
  });
});

describe('an audit log whose last entry was edited', () => {
  it('refuses apply and rollback, naming the line, with nothing sent; plan and --dry-run go on; moved aside, apply runs', async () => {
    const { handle, project, cli } = await setUp();
    expect((await cli(...APPLY)).code).toBe(0);
    await addFields(project, 'phone');
    expect((await cli(...APPLY)).code).toBe(0);
    // One byte of the last entry changed, as `sed -i '$ s/"latencyMs":[0-9]*/"latencyMs":99999/'` does.
    const lines = (await readFile(logOf(project), 'utf8')).split('\n').filter((line) => line !== '');
    const edited = lines.at(-1)!.replace(/"latencyMs":\d+/, '"latencyMs":99999');
    expect(edited).not.toBe(lines.at(-1));
    const damaged = [...lines.slice(0, -1), edited].map((line) => `${line}\n`).join('');
    await writeFile(logOf(project), damaged);
    await addFields(project, 'phone', 'notes');
    handle.resetCounters();

    const refused = await cli(...APPLY);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `error: the audit log ${logOf(project)} is damaged: line ${lines.length}, the last entry, has a hash that does not match its content`,
    );
    expect(refused.stderr).toContain(`hint: run \`cxschema audit verify ${logOf(project)}\``);
    expect(refused.stderr).toContain('move the log aside');
    const rollback = await cli('rollback', 'customer', '--to', '2', '--auto-approve', ...BREAKING);
    expect(rollback.code).toBe(1);
    expect(rollback.stderr).toContain(`error: the audit log ${logOf(project)} is damaged: line ${lines.length}`);
    expect(handle.counters().total).toBe(0);
    expect(await readFile(logOf(project), 'utf8')).toBe(damaged);

    // Neither writes the log: the damage does not stop them.
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(2);
    const dryRun = await cli('rollback', 'customer', '--to', '2', '--dry-run', ...BREAKING);
    expect(dryRun.stderr).not.toContain('damaged');
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toContain('customer v3 -> v4');
    expect(handle.schemas().find((schema) => schema.externalId === 'customer')?.version).toBe(3);

    // What the hint says: the damaged log kept aside, the next run starts a new chain.
    await rename(logOf(project), `${logOf(project)}.damaged`);
    expect((await cli(...APPLY)).code).toBe(0);
    expect(handle.schemas().find((schema) => schema.externalId === 'customer')?.version).toBe(4);
    expect((await cli('audit', 'verify')).code).toBe(0);
  });
});

describe('an audit log with a torn last line', () => {
  it('is repaired by the run, not refused', async () => {
    const { project, cli } = await setUp();
    expect((await cli(...APPLY)).code).toBe(0);
    // What a run killed in the middle of an append leaves.
    await appendFile(logOf(project), '{"seq":99,"timest');
    await addFields(project, 'phone');
    const run = await cli(...APPLY);
    expect(run.code, run.stderr).toBe(0);
    const entries = (await readFile(logOf(project), 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as AuditEntry);
    expect(entries.map((entry) => entry.action)).toContain('AUDIT_REPAIRED');
    expect(entries.at(-1)).toMatchObject({ action: 'SCHEMA_UPDATED', schemaId: 'customer', version: 3 });
    expect((await cli('audit', 'verify')).code).toBe(0);
  });
});

describe('an audit log this user may not read', () => {
  it('is an error naming the file for verify and show, not an internal error', async () => {
    const project = (rig.project = await createProject());
    await mkdir(join(project.dir, '.cxschema'));
    await writeFile(logOf(project), '');
    await chmod(logOf(project), 0o200);
    // As root, the CLI runs as nobody, whom the mode binds (root reads whatever it says).
    await readableByAnyone(join(project.dir, '.cxschema'));
    for (const args of [
      ['audit', 'verify'],
      ['audit', 'show'],
    ]) {
      const result = await runCli(args, { cwd: project.dir, user: WITHOUT_ROOT });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`error: cannot read the audit log ${logOf(project)}: EACCES: permission denied`);
      expect(result.stderr).not.toContain('internal error');
    }
  });
});
