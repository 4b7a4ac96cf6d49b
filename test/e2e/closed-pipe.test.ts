/** `cxschema validate | head`: the reader goes away early, and the CLI stops quietly instead of crashing on EPIPE. */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, CLI } from './validate-cli.js';

describe('output into a pipe that closes early', () => {
  let dir: string;

  beforeAll(async () => {
    assertBuilt();
    dir = await mkdtemp(join(tmpdir(), 'cxschema-pipe-'));
    // Far more findings than a pipe buffers (64 KiB), so the writer meets the closed pipe.
    const fields = Array.from({ length: 3000 }, (_, i) => `  - name: f${i}\n    fieldtype: strin\n`).join('');
    await writeFile(join(dir, 'many.schema.yaml'), `externalId: many\nname: Many\nfields:\n${fields}`);
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('exits without a stack trace when the reader stops reading', async () => {
    const child = spawn(process.execPath, [CLI, 'validate', 'many.schema.yaml'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let received = 0;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      received += chunk.length;
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
    expect(received).toBeGreaterThan(0);
    expect(stderr).not.toMatch(/EPIPE|at .*\.js:\d+|internal error/);
    // The findings were errors, so the exit code still says so.
    expect(code).toBe(1);
  });

  it('exits 0 at once, without a word on stderr, when the reader was gone before anything was written', async () => {
    await writeFile(
      join(dir, 'valid.schema.yaml'),
      'externalId: valid\nname: Valid\nfields:\n  - name: a\n    fieldtype: string\n',
    );
    // A pipe whose reader has closed (`cxschema validate | true`): the first write meets EPIPE.
    const fifo = join(dir, 'stdout.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    closeSync(reader);
    const child = spawn(process.execPath, [CLI, 'validate', 'valid.schema.yaml'], {
      cwd: dir,
      stdio: ['ignore', writer, 'pipe'],
    });
    closeSync(writer);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', (exitCode) => resolve(exitCode)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
