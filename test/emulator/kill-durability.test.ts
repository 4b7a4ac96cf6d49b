/**
 * A kill at any moment never corrupts the data file, and every write that was answered survives it: the built
 * `cxschema emulator --data` is killed with SIGKILL while writes are in flight, then started again on the same
 * file. Needs `npm run build` (as every end-to-end test does; `npm test` builds first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseState } from '../../src/emulator/state-file.js';
import { SCHEMAS, schemaBody } from './emulator-fixtures.js';

const CLI = fileURLToPath(new URL('../../dist/bin/cxschema.js', import.meta.url));

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cxschema-emulator-kill-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function spawnEmulator(dataPath: string): Promise<{ child: ChildProcess; url: string; secret: string }> {
  expect(existsSync(CLI), `${CLI} is missing: run npm run build first`).toBe(true);
  const child = spawn(
    process.execPath,
    [CLI, '--format', 'json', 'emulator', '--port', '0', '--data', dataPath, '--rate-limit', 'off'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const started = await new Promise<{ url: string; demoClient: { secret: string } }>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(JSON.parse(out) as { url: string; demoClient: { secret: string } });
    });
    child.on('exit', (code) => reject(new Error(`emulator exited with ${code}: ${err}`)));
  });
  return { child, url: started.url, secret: started.demoClient.secret };
}

async function token(url: string, secret: string): Promise<string> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`cxschema-demo:${secret}`).toString('base64')}` },
    body: 'grant_type=client_credentials',
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('SIGKILL during writes', () => {
  it('leaves a readable file holding every acknowledged write, three times over', async () => {
    const dataPath = join(folder, 'state.json');
    const acknowledged = new Set<string>();
    for (let run = 0; run < 3; run++) {
      const { child, url, secret } = await spawnEmulator(dataPath);
      const bearer = await token(url, secret);
      const exited = new Promise((resolve) => child.on('exit', resolve));
      let killed = false;
      // Kill mid-stream, at a different moment each run: counted in answered writes, so that however loaded the
      // machine, four writes are in flight and some have been answered.
      const killAt = acknowledged.size + 3 + run * 4;
      let reachedKillPoint!: () => void;
      const killPoint = new Promise<void>((resolve) => (reachedKillPoint = resolve));
      const writer = async (lane: number): Promise<void> => {
        for (let i = 0; !killed; i++) {
          const id = `r${run}_l${lane}_n${i}`;
          let status: number;
          try {
            const response = await fetch(`${url}${SCHEMAS}`, {
              method: 'POST',
              headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
              body: JSON.stringify(schemaBody(id)),
            });
            status = response.status;
          } catch {
            return; // the emulator is gone
          }
          if (status !== 201) throw new Error(`${id} was answered ${status}, not 201`);
          acknowledged.add(id);
          if (acknowledged.size >= killAt) reachedKillPoint();
        }
      };
      const lanes = Promise.all([0, 1, 2, 3].map(writer));
      await Promise.race([
        killPoint,
        lanes.then(() => {
          throw new Error(`the writers stopped after ${acknowledged.size} answered writes, before ${killAt}`);
        }),
      ]);
      child.kill('SIGKILL');
      killed = true;
      await exited;
      await lanes;
      const state = parseState(await readFile(dataPath, 'utf8'), dataPath);
      const saved = new Set(state.schemas.map((s) => s.externalId));
      for (const id of acknowledged) expect(saved.has(id), `${id} was answered 201 but is not in the file`).toBe(true);
    }
    expect(acknowledged.size).toBeGreaterThan(10);
    const { child, url, secret } = await spawnEmulator(dataPath);
    try {
      const list = await fetch(`${url}${SCHEMAS}?pageSize=1`, {
        headers: { authorization: `Bearer ${await token(url, secret)}` },
      });
      expect(((await list.json()) as { total: number }).total).toBeGreaterThanOrEqual(acknowledged.size);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.on('exit', resolve));
    }
  });
});
