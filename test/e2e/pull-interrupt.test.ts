/**
 * Ctrl-C while `cxschema pull` writes its files: the folder is left as it was (docs/pull.md), rather than hold the
 * temporary files written so far, which no later run removes. The run is stopped where it waits: the temporary name
 * of the second file is a named pipe, which the run cannot finish writing until the test reads it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, existsSync, openSync } from 'node:fs';
import { mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { definition, text } from '../support/schema-builders.js';
import { startEmulator } from '../../src/emulator/index.js';
import { CLI, createProject, emulatorAndProjectPerTest, emulatorEnv, spawnCli } from '../support/cli-process.js';

const rig = emulatorAndProjectPerTest();

/** Resolves once `path` exists, looked for as often as the event loop allows (no fixed wait). */
async function until(path: string): Promise<void> {
  while (!existsSync(path)) await new Promise((resolve) => setImmediate(resolve));
}

describe.skipIf(process.platform === 'win32')('pull interrupted while it writes', () => {
  it('removes what it wrote, writes no file, and exits 130', async () => {
    rig.project = await createProject();
    const dir = rig.project.dir;
    await rig.project.write([definition('a', [text('x')]), definition('b', [text('y')])]);
    expect((await spawnCli(['apply', '--emulator', '--auto-approve'], { cwd: dir }).done).code).toBe(0);
    const out = join(dir, 'pulled');
    await mkdir(out);
    // sh waits for a line, then becomes the CLI with its own pid: the temporary names are known before it starts.
    const child = spawn(
      'sh',
      ['-c', 'read go && exec "$0" "$@"', process.execPath, CLI, 'pull', '--emulator', '--out', 'pulled'],
      {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['pipe', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    execFileSync('mkfifo', [join(out, `b.schema.yaml.${child.pid}.tmp`)]);
    child.stdin.end('go\n');
    // a's temporary file is written: the run goes on to b's, and cannot finish it until the pipe is read.
    await until(join(out, `a.schema.yaml.${child.pid}.tmp`));
    child.kill('SIGINT');
    // Read what the run writes there, so that it can go on; a run that the signal ended opens it no more, and a
    // writer of the test's own lets the open return.
    const fifo = join(out, `b.schema.yaml.${child.pid}.tmp`);
    const opening = open(fifo, 'r');
    const pipe = await Promise.race([opening, exited.then(() => undefined)]);
    if (pipe === undefined) closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    else await pipe.readFile();
    await (await opening).close();

    expect(await exited).toEqual({ code: 130, signal: null });
    expect(stderr).toContain('Pull interrupted by SIGINT: no file was written.');
    // The pipe is the test's own: the run removes it only when it had begun to write there.
    expect((await readdir(out)).filter((name) => name !== `b.schema.yaml.${child.pid}.tmp`)).toEqual([]);
  });

  it('ends at once while it still reads the org, where nothing is written yet', async () => {
    // Every API answer is held two minutes: a run that waited for its reads before it stopped would outlast the test.
    rig.emulator = await startEmulator({
      port: 0,
      host: '127.0.0.1',
      rateLimitPerMinute: 0,
      faults: { latency: 120_000 },
    });
    rig.project = await createProject();
    const run = spawnCli(['pull', '--out', 'pulled'], { cwd: rig.project.dir, env: emulatorEnv(rig.emulator) });
    // Logged in (the token route has no injected latency): the run now waits for the list of schemas.
    while (!rig.emulator.requestLog().some((entry) => entry.path === '/oauth/token'))
      await new Promise((resolve) => setImmediate(resolve));
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('Pull interrupted by SIGINT: no file was written.');
    expect(existsSync(join(rig.project.dir, 'pulled'))).toBe(false);
  });
});
