/** Mistakes of the person running cxschema are plain errors (exit 64), never "internal error ... report it". */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { UsageError } from '../../src/model/errors.js';
import { runCli } from '../support/cli-process.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('plain errors', () => {
  it('a port already in use, in the library and through the CLI', async () => {
    const first: EmulatorHandle = await startEmulator({ port: 0 });
    cleanups.push(() => first.stop());
    const error = await startEmulator({ port: first.port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`port ${first.port} on 127.0.0.1 is already in use`);

    const dir = await mkdtemp(join(tmpdir(), 'cxschema-port-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const cli = await runCli(['emulator', '--port', String(first.port)], { cwd: dir });
    expect(cli.code).toBe(64);
    expect(cli.stderr).toContain(`port ${first.port} on 127.0.0.1 is already in use`);
    expect(cli.stderr).not.toContain('internal error');
  });

  it.each([
    ['a folder', '.', 'is a folder, not a config file'],
    ['/dev/null', '/dev/null', 'is a device, not a config file'],
  ])('--config pointing at %s', async (_name, path, message) => {
    const dir = await mkdtemp(join(tmpdir(), 'cxschema-config-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const cli = await runCli(['--config', path, 'validate'], { cwd: dir });
    expect(cli.code).toBe(64);
    expect(cli.stderr).toContain(message);
    expect(cli.stderr).not.toContain('internal error');
  });
});
