import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { createProject, emulatorEnv, runCli, type Project } from '../support/cli-process.js';
import { definition, ref, text } from '../support/schema-builders.js';
import { clientFor } from '../support/org-rig.js';

let handle: EmulatorHandle;
let project: Project;
let env: Record<string, string>;

beforeAll(async () => {
  handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
  env = emulatorEnv(handle);
  project = await createProject();
  await project.write([
    definition('customer', [text('email')]),
    definition('order', [ref('buyer', 'customer'), text('title')]),
  ]);
});

afterAll(async () => {
  await handle.stop();
  await project.remove();
});

describe('cxschema plan', () => {
  it('shows a Terraform-like plan and writes nothing', async () => {
    const result = await runCli(['plan'], { cwd: project.dir, env });
    expect(result.code).toBe(0);
    // stderr holds only the run's metrics summary (docs/metrics.md).
    expect(result.stderr).toMatch(/^requests: 3 in \d+\.\d s: 0 retried, 0 read back, 0 failed$/m);
    expect(result.stdout).toContain(`Plan against customobjects at ${handle.url}`);
    expect(result.stdout).toMatch(
      /Wave 1 of 2\n {2}\+ create customer \(new schema: v1 DRAFT, then v2 PUBLISHED\) \(schemas\/customer\.schema\.json\)/,
    );
    expect(result.stdout).toContain('+ create order');
    expect(result.stdout).toContain('Plan: 2 to create, 0 to update, 0 to publish, 0 to deprecate, 0 unchanged.');
    expect(handle.schemas()).toEqual([]);
  });

  it('--detailed-exitcode exits 2 on changes; --format json prints one document; --out saves it', async () => {
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd: project.dir, env })).code).toBe(2);
    const json = await runCli(['plan', '--format', 'json', '--out', 'plan.json'], { cwd: project.dir, env });
    expect(json.code).toBe(0);
    const plan = JSON.parse(json.stdout) as {
      formatVersion: number;
      summary: { create: number };
      remoteVersions: Record<string, null>;
    };
    expect(plan).toMatchObject({
      formatVersion: 1,
      summary: { create: 2 },
      remoteVersions: { customer: null, order: null },
    });
    const { readFile } = await import('node:fs/promises');
    // The saved plan is the same plan, with the digest apply checks it by (docs/deploying.md).
    expect(JSON.parse(await readFile(join(project.dir, 'plan.json'), 'utf8'))).toEqual({
      ...plan,
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) as unknown,
    });
  });

  it('refuses an --out or --metrics-file in a folder that does not exist, before reading the org', async () => {
    handle.resetCounters();
    for (const flags of [
      ['--out', 'missing/plan.json'],
      ['--metrics-file', 'missing/run.prom'],
    ]) {
      const result = await runCli(['plan', ...flags], { cwd: project.dir, env });
      expect(result.code).toBe(64);
      expect(result.stderr).toContain(`${flags[0]} missing/`);
      expect(result.stderr).toContain('does not exist');
      expect(result.stderr).not.toContain('internal error');
    }
    expect(handle.counters().total).toBe(0);
  });

  it("refuses --prune with explicit paths: it would deprecate the project's other schemas", async () => {
    handle.resetCounters();
    for (const command of ['plan', 'apply']) {
      const result = await runCli(
        [command, '--prune', '--auto-approve', 'schemas/order.schema.json'].filter(
          (arg) => command === 'apply' || arg !== '--auto-approve',
        ),
        { cwd: project.dir, env },
      );
      expect(result.code).toBe(64);
      expect(result.stderr).toContain(`${command} --prune takes no paths`);
      expect(result.stderr).toContain("deprecate the project's other schemas");
    }
    expect(handle.counters().total).toBe(0);
    expect(handle.schemas()).toEqual([]);
  });

  it('refuses --metrics-format without a --metrics-file to apply it to', async () => {
    handle.resetCounters();
    const result = await runCli(['plan', '--metrics-format', 'json'], { cwd: project.dir, env });
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('no --metrics-file was given');
    expect(handle.counters().total).toBe(0);
  });

  it('refuses to plan from files with errors, printing the diagnostics', async () => {
    const broken = await createProject();
    await broken.write([definition('order', [ref('buyer', 'nobody_knows')])]);
    const result = await runCli(['plan'], { cwd: broken.dir, env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('REFERENCE_TARGET_UNKNOWN');
    expect(result.stderr).toContain('nothing was planned');
    const json = await runCli(['plan', '--format', 'json'], { cwd: broken.dir, env });
    expect(JSON.parse(json.stdout)).toMatchObject({ summary: { errors: 1 } });
    await broken.remove();
  });

  it('reports a compatibility violation with rule, field and old -> new, and exits 1', async () => {
    const org = await createProject();
    const client = clientFor(handle);
    await client.create({
      externalId: 'ledger',
      name: 'Ledger',
      version: 1,
      status: 'DRAFT',
      fields: [{ name: 'amount', fieldtype: 'number' }],
    });
    await org.write([definition('ledger', [{ name: 'amount', fieldtype: 'string' }], { name: 'Ledger' })]);
    const result = await runCli(['plan', '--detailed-exitcode'], { cwd: org.dir, env });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('! update ledger');
    expect(result.stdout).toMatch(/! FIELD_TYPE_CHANGED amount: "number" -> "string" \(BACKWARD, against v1\)/);
    await writeFile(
      join(org.dir, 'cxschema.config.yaml'),
      'schemas:\n  - "schemas/*.schema.json"\ncompatibility:\n  mode: NONE\n',
    );
    // The platform refuses a type change in any mode: NONE does not let it through.
    const relaxed = await runCli(['plan', '--detailed-exitcode'], { cwd: org.dir, env });
    expect(relaxed.code).toBe(1);
    expect(relaxed.stdout).toMatch(/! FIELD_TYPE_CHANGED amount: "number" -> "string" \(NONE, against v1\)/);
    expect(relaxed.stdout).toContain('any mode (400 customobjects.schema.incompatible)');
    await org.remove();
  });

  it('says which credentials are missing, without an org to talk to', async () => {
    const result = await runCli(['plan'], { cwd: project.dir, env: {} });
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('GENESYS_OAUTH_CLIENT_ID');
    expect(result.stderr).toContain('--emulator');
  });
});
