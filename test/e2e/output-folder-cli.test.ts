/**
 * The output folder of `generate` and `docs` end to end (docs/codegen.md, docs/catalog.md): a run killed mid-write
 * leaves its temporary file, which the next run removes; an --out that cannot be the folder is refused, naming it,
 * before anything is written.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { chmod, lstat, mkdir, open, readdir, readFile, realpath, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, createProject, readableByAnyone, runCli, WITHOUT_ROOT, type Project } from '../support/cli-process.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

const order = { externalId: 'order', name: 'Order', fields: [{ name: 'number', fieldtype: 'string' as const }] };

/** Some 320 KB of TypeScript: several times what a pipe holds (64 KiB), so that writing it to one waits. */
const big = {
  externalId: 'big',
  name: 'Big',
  fields: Array.from({ length: 1000 }, (_, i) => ({
    name: `field_${i}`,
    fieldtype: 'string' as const,
    description: 'd'.repeat(250),
  })),
};

describe('a run killed mid-write', () => {
  // A named pipe and sh: not on Windows.
  it.skipIf(process.platform === 'win32')(
    'leaves its temporary file, and the next run removes it and writes the folder whole',
    async () => {
      project = await createProject('schemas:\n  - "schemas/*.schema.json"\nlimits:\n  maxFieldsPerSchema: 1000\n');
      await project.write([order, big]);
      const out = join(project.dir, 'gen');
      await mkdir(out);
      // sh waits for a line, then becomes the CLI with its own pid: the temporary name is known before the run
      // starts. That name is made a named pipe, whose other end is the test's: the run, writing big.ts there,
      // waits once the pipe is full, and is killed there, mid-write.
      const child = spawn(
        'sh',
        ['-c', 'read go && exec "$0" "$@"', process.execPath, CLI, 'generate', '--lang', 'typescript', '--out', 'gen'],
        { cwd: project.dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('close', (_code, signal) => resolve(signal)),
      );
      const temporary = `big.ts.${child.pid}.cxschema.tmp`;
      execFileSync('mkfifo', [join(out, temporary)]);
      child.stdin.end('go\n');

      // Opening the reading end waits for the run to open the writing end (as it writes big.ts).
      const opening = open(join(out, temporary), 'r');
      const first = await Promise.race([opening, exited.then(() => undefined)]);
      if (first === undefined) {
        // The run ended without writing there: a writer of the test's own lets the open return.
        closeSync(openSync(join(out, temporary), constants.O_WRONLY | constants.O_NONBLOCK));
        await (await opening).close();
        throw new Error(`the run ended before writing big.ts: ${stderr}`);
      }
      // One byte read: the run is writing, and with at most a pipe's worth more of 320 KB written, it waits.
      const read = await first.read(Buffer.alloc(1), 0, 1, null);
      expect(read.bytesRead).toBe(1);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      await first.close();
      // The pipe, and those of the other files the run had not yet renamed into place when it was killed.
      const left = await readdir(out);
      const leftovers = left.filter((name) => name.endsWith(`.${child.pid}.cxschema.tmp`)).sort();
      expect(leftovers).toContain(temporary);
      expect(left).not.toContain('big.ts');
      expect(left).not.toContain('.cxschema-output.json');

      const again = await runCli(['generate', '--lang', 'typescript', '--out', 'gen'], { cwd: project.dir });
      expect(again.code, again.stderr).toBe(0);
      const count = `${leftovers.length} temporary ${leftovers.length === 1 ? 'file' : 'files'}`;
      expect(again.stderr).toContain(`removed ${count} that an interrupted run left: ${leftovers.join(', ')}`);
      expect((await readdir(out)).sort()).toEqual([
        '.cxschema-output.json',
        'big.ts',
        'cxschema-types.ts',
        'index.ts',
        'order.ts',
      ]);
      expect((await stat(join(out, 'big.ts'))).size).toBeGreaterThan(4 * 65536);
    },
  );
});

const COMMANDS: ReadonlyArray<readonly [string, (out: string) => string[]]> = [
  ['generate', (out) => ['generate', '--lang', 'typescript', '--out', out]],
  ['docs', (out) => ['docs', '--out', out]],
];

describe.each(COMMANDS)('%s --out', (_name, command) => {
  it('refuses a file, a path below one, a link to one and a link to nothing (exit 64), writing nothing', async () => {
    project = await createProject();
    await project.write([order]);
    const dir = await realpath(project.dir);
    await writeFile(join(dir, 'notes.txt'), 'mine\n');
    await symlink('notes.txt', join(dir, 'to-notes'));
    await symlink('gone', join(dir, 'dangling'));
    const before = (await readdir(dir)).sort();
    for (const [out, refusal] of [
      ['notes.txt', `--out ${dir}/notes.txt is a file, not a folder`],
      ['notes.txt/site', `--out ${dir}/notes.txt/site cannot be made: ${dir}/notes.txt is a file, not a folder`],
      ['to-notes', `--out ${dir}/to-notes is a link to a file, not a folder`],
      ['dangling', `--out ${dir}/dangling is a link to gone, which does not exist`],
      [
        'dangling/site',
        `--out ${dir}/dangling/site cannot be made: ${dir}/dangling is a link to gone, which does not exist`,
      ],
    ] as const) {
      const result = await runCli(command(out), { cwd: dir });
      expect(result.code, result.stderr).toBe(64);
      expect(result.stderr).toContain(`error: ${refusal}\n`);
      expect(result.stderr).not.toContain('EEXIST');
      expect((await readdir(dir)).sort()).toEqual(before);
    }
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('mine\n');
  });

  it('writes through a link to a folder into that folder, run after run', async () => {
    project = await createProject();
    await project.write([order]);
    await mkdir(join(project.dir, 'real'));
    await symlink('real', join(project.dir, 'out'));
    for (let run = 0; run < 2; run++) {
      const result = await runCli(command('out'), { cwd: project.dir });
      expect(result.code, result.stderr).toBe(0);
    }
    expect((await lstat(join(project.dir, 'out'))).isSymbolicLink()).toBe(true);
    expect(await readdir(join(project.dir, 'real'))).toContain('.cxschema-output.json');
  });

  it('refuses a folder its user may not write in (exit 1), naming it, writing nothing', async () => {
    project = await createProject();
    await project.write([order]);
    const dir = await realpath(project.dir);
    await mkdir(join(dir, 'locked'));
    await chmod(join(dir, 'locked'), 0o555);
    // As root, the CLI runs as nobody, whom the mode binds (root writes whatever it says).
    await readableByAnyone(join(dir, 'schemas'));
    for (const [out, refusal] of [
      ['locked', `--out ${dir}/locked: this user may not write in it (EACCES)`],
      ['locked/site', `--out ${dir}/locked/site cannot be made: this user may not write in ${dir}/locked (EACCES)`],
    ] as const) {
      const result = await runCli(command(out), { cwd: dir, user: WITHOUT_ROOT });
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain(`error: ${refusal}\n`);
      expect(result.stderr).toContain(`hint: give this user write access to ${dir}/locked`);
      expect(await readdir(join(dir, 'locked'))).toEqual([]);
    }
  });
});
