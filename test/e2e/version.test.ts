/** `cxschema --version`: answered before the command line is parsed, and the same answer as when it is parsed. */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_USAGE } from '../../src/cli/exit-codes.js';
import { assertBuilt, CLI, ROOT, runCli } from './validate-cli.js';

const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('cxschema --version', () => {
  it.each([['--version'], ['-V']])('%s alone prints the package version and exits 0', async (flag) => {
    assertBuilt();
    const run = await runCli([flag]);
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('prints the same with other arguments, where the command-line parser answers it', async () => {
    assertBuilt();
    const run = await runCli(['--no-color', '--version']);
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('a lone unknown flag still goes to the parser: a usage error', async () => {
    assertBuilt();
    const run = await runCli(['--versions']);
    expect(run.code).toBe(EXIT_USAGE);
    expect(run.stderr).toContain("unknown option '--versions'");
  });

  /** `cxschema --version` with its stdout on `fd`: the exit code and stderr. */
  function versionInto(fd: number): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, [CLI, '--version'], { stdio: ['ignore', fd, 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
  }

  it('into a pipe whose reader is gone, exits 0 without a word, as every command does', async () => {
    assertBuilt();
    const dir = await mkdtemp(path.join(tmpdir(), 'cxschema-version-'));
    // `cxschema --version | true`: the reader closed its end before the write, which meets EPIPE.
    const fifo = path.join(dir, 'stdout.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    closeSync(reader);
    try {
      expect(await versionInto(writer)).toEqual({ code: 0, stderr: '' });
    } finally {
      closeSync(writer);
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!existsSync('/dev/full'))('into a full device, exits 1 saying so, without a stack trace', async () => {
    assertBuilt();
    const full = openSync('/dev/full', 'w');
    try {
      const run = await versionInto(full);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('error: cannot write the output to stdout: ENOSPC: no space left on device, write\n');
    } finally {
      closeSync(full);
    }
  });
});
