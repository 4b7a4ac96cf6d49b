/**
 * Online validation reads the files while the org's snapshot is on its way. What the user is told stays as it
 * was when the two ran one after the other: a failed read of the org first, then the config's rule settings,
 * then the files' own problems.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { defaultConfig } from '../../src/load/config-loader.js';
import { validateAgainstOrg } from '../../src/plan/validate-against-org.js';
import { clientFor } from '../support/org-rig.js';
import { definition, text } from '../support/schema-builders.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function org(): Promise<EmulatorHandle> {
  const handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
  cleanups.push(() => handle.stop());
  return handle;
}

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cxschema-online-order-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'one.schema.json'), JSON.stringify(definition('one', [text('a')])));
  return dir;
}

describe('online validation with the files read alongside the org', () => {
  it('reports a refused sign-in, not the missing file', async () => {
    const handle = await org();
    const target = clientFor(handle, {
      credentials: { clientId: handle.demoClient.id, clientSecret: 'not-the-secret', domain: handle.url },
    });
    const dir = await folder();
    const run = validateAgainstOrg({
      paths: [join(dir, 'missing.schema.yaml')],
      cwd: dir,
      config: defaultConfig(dir),
      target,
      orgDomain: 'emulator',
    });
    await expect(run).rejects.toMatchObject({ name: 'ApiError', status: 401, route: '/oauth/token' });
  });

  it('reports an unknown rule id in the config before a missing file', async () => {
    const handle = await org();
    const dir = await folder();
    const config = { ...defaultConfig(dir), rules: { NO_SUCH_RULE: 'off' as const } };
    const run = validateAgainstOrg({
      paths: [join(dir, 'missing.schema.yaml')],
      cwd: dir,
      config,
      target: clientFor(handle),
      orgDomain: 'emulator',
    });
    await expect(run).rejects.toThrow(/NO_SUCH_RULE' is not a validation rule/);
  });

  it('finds the files read while the org was read, checked against it', async () => {
    const handle = await org();
    const dir = await folder();
    const { validation, snapshot } = await validateAgainstOrg({
      paths: [],
      cwd: dir,
      config: defaultConfig(dir),
      target: clientFor(handle),
      orgDomain: 'emulator',
    });
    expect(validation.files).toEqual(['one.schema.json']);
    expect(validation.summary.errors).toBe(0);
    expect(snapshot.schemas).toEqual([]);
  });
});
