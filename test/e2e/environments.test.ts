import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { createProject, runCli, type Project } from '../support/cli-process.js';
import { definition, text } from '../support/schema-builders.js';

let handle: EmulatorHandle;
let project: Project;
/** The credentials under the names the environment gives them, and none under GENESYS_OAUTH_*. */
let env: Record<string, string>;

beforeAll(async () => {
  handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
  env = { TEST_CLIENT_ID: handle.demoClient.id, TEST_CLIENT_SECRET: handle.demoClient.secret };
  project = await createProject(
    [
      'schemas:',
      '  - "schemas/*.schema.json"',
      'compatibility:',
      '  mode: BACKWARD',
      'environments:',
      '  test:',
      `    domain: ${handle.url}`,
      '    clientIdEnv: TEST_CLIENT_ID',
      '    clientSecretEnv: TEST_CLIENT_SECRET',
      '    compatibility: { mode: NONE }',
      '    audit: { path: audit/test.jsonl }',
      '  prod:',
      '    domain: mypurecloud.ie',
      '',
    ].join('\n'),
  );
  await project.write([definition('customer', [text('email', { constraints: { maxLength: 200 } })])]);
});

afterAll(async () => {
  await handle.stop();
  await project.remove();
});

describe('environments in the config', () => {
  it('--env reaches the org with its domain and the variables it names, and writes its own audit log', async () => {
    const applied = await runCli(['apply', '--env', 'test', '--auto-approve'], { cwd: project.dir, env });
    expect(applied.stderr).not.toContain('error');
    expect(applied.code).toBe(0);
    expect(handle.schemas().map((s) => s.externalId)).toEqual(['customer']);
    const log = await readFile(join(project.dir, 'audit', 'test.jsonl'), 'utf8');
    const entries = log
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { environment: string; action: string });
    expect(entries.map((e) => e.action)).toEqual([
      'SCHEMA_WRITE_INTENDED',
      'SCHEMA_CREATED',
      'SCHEMA_WRITE_INTENDED',
      'SCHEMA_PUBLISHED',
    ]);
    expect(entries.every((e) => e.environment === 'test')).toBe(true);
  });

  it("judges compatibility under the environment's mode", async () => {
    // Shorter maxLength: MAX_LENGTH_DECREASED breaks the config's BACKWARD, not the environment's NONE.
    await project.write([definition('customer', [text('email', { constraints: { maxLength: 100 } })])]);
    const underEnv = await runCli(['plan', '--env', 'test', '--detailed-exitcode'], { cwd: project.dir, env });
    expect(underEnv.stdout).toContain('~ update customer');
    expect(underEnv.code).toBe(2);
    const plain = await runCli(['plan', '--detailed-exitcode'], {
      cwd: project.dir,
      env: {
        GENESYS_OAUTH_CLIENT_ID: handle.demoClient.id,
        GENESYS_OAUTH_CLIENT_SECRET: handle.demoClient.secret,
        GENESYS_OAUTH_DOMAIN: handle.url,
      },
    });
    expect(plain.stdout).toContain('MAX_LENGTH_DECREASED');
    expect(plain.code).toBe(1);
  });

  it('an unknown environment is exit 64 naming the ones that exist, before any request', async () => {
    handle.resetCounters();
    for (const command of [['plan'], ['apply', '--auto-approve'], ['validate'], ['plan', '--emulator']]) {
      const result = await runCli([...command, '--env', 'staging'], { cwd: project.dir, env });
      expect(result.code).toBe(64);
      expect(result.stderr).toContain('unknown environment "staging"');
      expect(result.stderr).toContain('environments in the config: prod, test');
    }
    expect(handle.counters().total).toBe(0);
  });

  it('a name Object.prototype holds is no environment: exit 64, not the default org', async () => {
    handle.resetCounters();
    const defaultOrg = {
      GENESYS_OAUTH_CLIENT_ID: handle.demoClient.id,
      GENESYS_OAUTH_CLIENT_SECRET: handle.demoClient.secret,
      GENESYS_OAUTH_DOMAIN: handle.url,
    };
    for (const name of ['constructor', 'toString', 'hasOwnProperty']) {
      const result = await runCli(['plan', '--env', name], { cwd: project.dir, env: defaultOrg });
      expect(result.stderr).toContain(`unknown environment "${name}"`);
      expect(result.code).toBe(64);
    }
    expect(handle.counters().total).toBe(0);
  });

  it("with --emulator, takes the environment's mode but not its audit log, and records the emulator", async () => {
    await project.write([definition('customer', [text('email', { constraints: { maxLength: 200 } })])]);
    const testLog = join(project.dir, 'audit', 'test.jsonl');
    const before = await readFile(testLog, 'utf8');
    const applied = await runCli(['apply', '--emulator', '--env', 'test', '--auto-approve'], { cwd: project.dir, env });
    expect(applied.code).toBe(0);
    // A shorter maxLength passes under the environment's NONE, where the config's BACKWARD refuses it.
    await project.write([definition('customer', [text('email', { constraints: { maxLength: 100 } })])]);
    const planned = await runCli(['plan', '--emulator', '--env', 'test', '--detailed-exitcode'], {
      cwd: project.dir,
      env,
    });
    expect(planned.stdout).toContain('~ update customer');
    expect(planned.code).toBe(2);
    expect(await readFile(testLog, 'utf8')).toBe(before);
    const entries = (await readFile(join(project.dir, '.cxschema', 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { environment: string; orgDomain: string });
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.environment === 'emulator' && e.orgDomain === 'emulator')).toBe(true);
  });

  it('names the variable the environment reads when it is not set, never the secret', async () => {
    const result = await runCli(['plan', '--env', 'test'], { cwd: project.dir, env: { TEST_CLIENT_ID: 'someone' } });
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('missing environment variable: TEST_CLIENT_SECRET');
  });

  it('refuses a second --env outside diff', async () => {
    const result = await runCli(['plan', '--env', 'test', '--env', 'prod'], { cwd: project.dir, env });
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('plan talks to one org');
  });

  it('refuses an environment with an unknown key, at its line and column', async () => {
    await writeFile(join(project.dir, 'bad.yaml'), 'environments:\n  test:\n    domian: mypurecloud.ie\n');
    const result = await runCli(['plan', '--config', 'bad.yaml', '--env', 'test'], { cwd: project.dir, env });
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/bad\.yaml:3:5: .*domian/);
  });
});
