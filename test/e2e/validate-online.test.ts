import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { clientFor } from '../support/org-rig.js';
import { definition, ref, text } from '../support/schema-builders.js';
import { createProject, emulatorEnv, runCli, type Project } from '../support/cli-process.js';

// An org whose limits are tighter than the platform's defaults, and which already holds `customer`.
let handle: EmulatorHandle;
let project: Project;
let env: Record<string, string>;

beforeAll(async () => {
  handle = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    rateLimitPerMinute: 0,
    limits: { maxFieldsPerSchema: 3 },
  });
  env = emulatorEnv(handle);
  const org = clientFor(handle);
  const customer = { externalId: 'customer', name: 'Customer', fields: [text('email')] };
  await org.create({ ...customer, version: 1, status: 'DRAFT' });
  await org.update({ ...customer, version: 2, status: 'PUBLISHED' });
  project = await createProject();
  await project.write([definition('order', [ref('buyer', 'customer'), text('title')])]);
});

afterAll(async () => {
  await handle.stop();
  await project.remove();
});

describe('cxschema validate --online', () => {
  it('offline, a reference to a schema only the org holds is unknown, and the hint says how to check online', async () => {
    handle.resetCounters();
    const result = await runCli(['validate'], { cwd: project.dir, env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("referencedType 'customer' is neither a system object nor a schema in the set");
    expect(result.stdout).toContain('run validate --online if the org already holds it');
    expect(handle.counters().total).toBe(0);
  });

  it('online, the reference resolves against the org, in three reads, with the metrics on stderr', async () => {
    handle.resetCounters();
    const result = await runCli(['validate', '--online'], { cwd: project.dir, env });
    expect(result.stdout).toContain('no problems in 1 file, 1 schema');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/validated against \S+: 1 schema in the org/);
    expect(result.stderr).toMatch(/^requests: 3 in \d+\.\d s: 0 retried, 0 read back, 0 failed$/m);
    // The login aside: the list, the limits and the system objects.
    const apiCalls = Object.entries(handle.counters().byRoute)
      .filter(([route]) => !route.includes('/oauth/'))
      .flatMap(([, byStatus]) => Object.values(byStatus));
    expect(apiCalls.reduce((sum, count) => sum + count, 0)).toBe(3);
  });

  it("uses the org's limits, in every format, and counts the failures in the metrics file", async () => {
    const tight = await createProject();
    await tight.write([definition('order', [ref('buyer', 'customer'), text('a'), text('b'), text('c')])]);
    const offline = await runCli(['validate', '--format', 'json'], { cwd: tight.dir, env });
    const offlineFound = JSON.parse(offline.stdout) as { diagnostics: Array<{ ruleId: string }> };
    expect(offlineFound.diagnostics.map((d) => d.ruleId)).toEqual(['REFERENCE_TARGET_UNKNOWN']);

    const online = await runCli(
      ['validate', '--online', '--format', 'json', '--metrics-file', 'run.json', '--metrics-format', 'json'],
      { cwd: tight.dir, env },
    );
    expect(online.code).toBe(1);
    const found = JSON.parse(online.stdout) as {
      diagnostics: Array<{ ruleId: string; line: number; message: string }>;
    };
    expect(found.diagnostics.map((d) => d.ruleId)).toEqual(['FIELD_COUNT_LIMIT']);
    expect(found.diagnostics[0]!.message).toContain('3');
    const metrics = JSON.parse(await readFile(join(tight.dir, 'run.json'), 'utf8')) as { validationFailures: unknown };
    expect(metrics.validationFailures).toEqual({ total: 1, byRule: { FIELD_COUNT_LIMIT: 1 } });

    const sarif = await runCli(['validate', '--online', '--format', 'sarif'], { cwd: tight.dir, env });
    const sarifLog = JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarifLog.runs[0]?.results.map((r) => r.ruleId)).toEqual(['FIELD_COUNT_LIMIT']);
    await tight.remove();
  });

  it("--emulator implies --online, against the project's own emulator state", async () => {
    const local = await createProject();
    await local.write([definition('order', [ref('buyer', 'customer')])]);
    const result = await runCli(['validate', '--emulator'], { cwd: local.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('validated against emulator: 0 schemas in the org');
    expect(result.stdout).toContain(
      "referencedType 'customer' is neither a system object nor a schema in the set or the org",
    );
    await local.remove();
  });

  it('refuses pacing and metrics flags offline rather than ignore them, before reading anything', async () => {
    handle.resetCounters();
    const result = await runCli(['validate', '--metrics-file', 'run.prom', '--rate-limit', '60'], {
      cwd: project.dir,
      env,
    });
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('--rate-limit, --metrics-file apply only when validate reads the org');
    expect(result.stderr).toContain('add --online');
    expect(handle.counters().total).toBe(0);
  });

  it('says which variable is missing when online has no credentials', async () => {
    const { GENESYS_OAUTH_CLIENT_SECRET, GENESYS_OAUTH_DOMAIN } = env;
    const result = await runCli(['validate', '--online'], {
      cwd: project.dir,
      env: { GENESYS_OAUTH_CLIENT_SECRET: GENESYS_OAUTH_CLIENT_SECRET!, GENESYS_OAUTH_DOMAIN: GENESYS_OAUTH_DOMAIN! },
    });
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('GENESYS_OAUTH_CLIENT_ID');
    expect(result.stderr).not.toContain(GENESYS_OAUTH_CLIENT_SECRET!);
  });
});
