/**
 * One emulator per data file: a second process on the same file is refused with the holder's pid, an in-process
 * `--emulator` run waits for the holder and then works on the state it left, and a lock left by a killed process
 * is taken over. The two-process cases spawn the built CLI (`npm run build` first; `npm test` builds).
 */
import { spawn } from 'node:child_process';
import { lstat, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { acquireDataLock, lockPathFor } from '../../src/emulator/data-lock.js';
import { thisProcess } from '../../src/model/process-identity.js';
import { parseState } from '../../src/emulator/state-file.js';
import { createProject, spawnCli, type CliResult, type Project } from '../support/cli-process.js';
import { definition, text } from '../support/schema-builders.js';
import { caller, SCHEMAS, schemaBody, tokenFor } from './emulator-fixtures.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function project(): Promise<Project> {
  const made = await createProject();
  cleanups.push(() => made.remove());
  return made;
}

/** A pid that surely names no running process: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

/** Starts `cxschema emulator --data` and resolves with its pid and URL once it listens. */
async function spawnEmulator(
  cwd: string,
  dataPath: string,
): Promise<{ pid: number; url: string; secret: string; stop(): Promise<CliResult> }> {
  const { child, done } = spawnCli(
    ['--format', 'json', 'emulator', '--port', '0', '--data', dataPath, '--rate-limit', 'off'],
    { cwd },
  );
  const { url, demoClient } = await new Promise<{ url: string; demoClient: { secret: string } }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n'))
        resolve(JSON.parse(out.slice(0, out.indexOf('\n'))) as { url: string; demoClient: { secret: string } });
    });
    void done.then((result) => reject(new Error(`the emulator exited with ${result.code}: ${result.stderr}`)));
  });
  const stop = (): Promise<CliResult> => {
    child.kill('SIGTERM');
    return done;
  };
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) await stop();
  });
  return { pid: child.pid!, url, secret: demoClient.secret, stop };
}

describe('the data file lock', () => {
  it('refuses a second emulator on the same file in one process, naming the holder', async () => {
    const folder = await project();
    const dataPath = join(folder.dir, 'state.json');
    const first: EmulatorHandle = await startEmulator({ dataPath });
    cleanups.push(() => first.stop());
    await caller(first, await tokenFor(first))('POST', SCHEMAS, schemaBody('kept'));

    const error = (await startEmulator({ dataPath }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(`in use by process ${process.pid}`);

    // Once the holder stops, the file is free, and the next emulator reads what the first one wrote.
    await first.stop();
    const next = await startEmulator({ dataPath });
    cleanups.push(() => next.stop());
    expect(next.schemas().map((s) => s.externalId)).toEqual(['kept']);
  });

  it('is one lock for a file and a link to it, and writes through the link keep the link', async () => {
    const folder = await project();
    const real = join(folder.dir, 'real.json');
    const alias = join(folder.dir, 'alias.json');
    // A link to a file not made yet: the first write makes the link's target.
    await symlink('real.json', alias);
    const first = await startEmulator({ dataPath: alias });
    cleanups.push(() => first.stop());
    const call = caller(first, await tokenFor(first));
    expect((await call('POST', SCHEMAS, schemaBody('one'))).status).toBe(201);
    expect((await call('POST', SCHEMAS, schemaBody('two'))).status).toBe(201);
    expect((await lstat(alias)).isSymbolicLink()).toBe(true);
    const names = (file: string): Promise<string[]> =>
      readFile(file, 'utf8').then((t) => parseState(t, file).schemas.map((s) => s.externalId));
    expect(await names(real)).toEqual(['one', 'two']);

    const byReal = (await startEmulator({ dataPath: real }).catch((e: unknown) => e)) as Error;
    expect(byReal.message).toContain(`in use by process ${process.pid}`);
    // Reading only, through the link, while the holder runs.
    const reader = await startEmulator({ dataPath: alias, dataReadOnly: true });
    cleanups.push(() => reader.stop());
    expect(reader.schemas().map((s) => s.externalId)).toEqual(['one', 'two']);
    await first.stop();

    const second = await startEmulator({ dataPath: real });
    cleanups.push(() => second.stop());
    const byAlias = (await startEmulator({ dataPath: alias }).catch((e: unknown) => e)) as Error;
    expect(byAlias.message).toContain(`in use by process ${process.pid}`);
    expect(second.schemas().map((s) => s.externalId)).toEqual(['one', 'two']);
  });

  it("refuses a second emulator process on the same file with the first one's pid", async () => {
    const folder = await project();
    const dataPath = join(folder.dir, 'state.json');
    const first = await spawnEmulator(folder.dir, dataPath);
    const second = await spawnCli(['emulator', '--port', '0', '--data', dataPath], { cwd: folder.dir }).done;
    expect(second.code).toBe(64);
    expect(second.stderr).toContain(`in use by process ${first.pid}`);
    expect(second.stderr).not.toContain('internal error');
    const stopped = await first.stop();
    expect(stopped.code).toBe(0);
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const folder = await project();
    const dataPath = join(folder.dir, 'state.json');
    const pid = await deadPid();
    await writeFile(
      lockPathFor(dataPath),
      JSON.stringify({ pid, host: hostname(), nonce: 'left-by-a-killed-emulator' }),
    );
    const emulator = await startEmulator({ dataPath });
    cleanups.push(() => emulator.stop());
    expect(emulator.dataLockTakenOverFrom).toBe(pid);
    await emulator.stop();
    // Released on stop: nothing is left behind.
    await expect(readFile(lockPathFor(dataPath), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  describe('held under this host name from another process table', () => {
    const SELF = { pid: 7, host: hostname(), bootId: 'boot-a', pidNamespace: 'pid:[4026532100]' };
    const BOOTED_AT = Date.parse('2026-03-01T12:00:00.000Z');

    async function lockedBy(owner: object, mtimeMs: number): Promise<string> {
      const dataPath = join((await project()).dir, 'state.json');
      await writeFile(lockPathFor(dataPath), JSON.stringify({ ...owner, nonce: 'theirs' }));
      await utimes(lockPathFor(dataPath), mtimeMs / 1000, mtimeMs / 1000);
      return dataPath;
    }

    it('leaves alone a lock of another container of this boot, though its pid is not alive here', async () => {
      const dataPath = await lockedBy({ ...SELF, pid: 4242, pidNamespace: 'pid:[4026532999]' }, BOOTED_AT + 60_000);
      const attempt = acquireDataLock(dataPath, {
        processTable: { self: SELF, isAlive: () => false },
        bootedAtMs: BOOTED_AT,
      });
      await expect(attempt).rejects.toThrow(`in use by process 4242 of another machine, boot or container named`);
      expect(JSON.parse(await readFile(lockPathFor(dataPath), 'utf8'))).toMatchObject({ nonce: 'theirs' });
    });

    it('leaves alone a lock of another boot written since this machine started: another machine of that name', async () => {
      const dataPath = await lockedBy({ ...SELF, pid: 4242, bootId: 'boot-b' }, BOOTED_AT + 60_000);
      const attempt = acquireDataLock(dataPath, {
        processTable: { self: SELF, isAlive: () => false },
        bootedAtMs: BOOTED_AT,
      });
      await expect(attempt).rejects.toThrow('in use by process 4242');
    });

    it('takes over a lock of another boot written before this machine started: left by a crash', async () => {
      const dataPath = await lockedBy({ ...SELF, pid: 4242, bootId: 'boot-b' }, BOOTED_AT - 60_000);
      const lock = await acquireDataLock(dataPath, {
        processTable: { self: SELF, isAlive: () => false },
        bootedAtMs: BOOTED_AT,
      });
      expect(lock.tookOverFrom).toEqual({ pid: 4242, host: hostname() });
      expect(JSON.parse(await readFile(lockPathFor(dataPath), 'utf8'))).toMatchObject(thisProcess());
      await lock.release();
    });
  });

  it("makes apply --emulator wait for another process on the folder's state, then deploy onto what it left", async () => {
    const folder = await project();
    await folder.write([definition('customer', [text('email')])]);
    const dataPath = join(folder.dir, '.cxschema', 'emulator-state.json');
    const holder = await spawnEmulator(folder.dir, dataPath);
    // A schema written through the holder: lost if the apply's emulator read the file before the holder ended.
    const token = await fetch(`${holder.url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`cxschema-demo:${holder.secret}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    expect(token.status).toBe(200);
    const bearer = ((await token.json()) as { access_token: string }).access_token;
    const created = await fetch(`${holder.url}${SCHEMAS}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify(schemaBody('written_by_the_holder')),
    });
    expect(created.status).toBe(201);

    const apply = spawnCli(['--emulator', 'apply', '--auto-approve'], { cwd: folder.dir });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      apply.child.stderr!.on('data', (chunk: string) => {
        stderr += chunk;
        if (stderr.includes('waiting for')) resolve();
      });
      void apply.done.then((result) =>
        reject(new Error(`apply did not wait for the holder; it exited with ${result.code}: ${result.stderr}`)),
      );
    });
    // The file named as it is, wherever the config puts it and the run was started from.
    expect(stderr).toContain(`waiting for ${dataPath}: another cxschema run (process ${holder.pid})`);
    expect((await holder.stop()).code).toBe(0);

    const result = await apply.done;
    expect(result.code, result.stderr).toBe(0);
    const state = parseState(await readFile(dataPath, 'utf8'), dataPath);
    expect(state.schemas.map((s) => s.externalId).sort()).toEqual(['customer', 'written_by_the_holder']);
  });
});
