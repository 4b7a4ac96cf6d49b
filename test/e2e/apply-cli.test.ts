import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { createProject, emulatorEnv, runCli, type Project, emulatorAndProjectPerTest } from '../support/cli-process.js';
import { clientFor } from '../support/org-rig.js';
import { definition, ref, text } from '../support/schema-builders.js';

const rig = emulatorAndProjectPerTest();

async function setUp(): Promise<{ handle: EmulatorHandle; project: Project; env: Record<string, string> }> {
  const handle = (rig.emulator = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 }));
  const project = (rig.project = await createProject());
  await project.write([definition('customer', [text('email')]), definition('order', [ref('buyer', 'customer')])]);
  return { handle, project, env: emulatorEnv(handle) };
}

describe('cxschema apply', () => {
  it('applies with --auto-approve, prints progress and a summary, and a second run changes nothing', async () => {
    const { handle, project, env } = await setUp();
    const first = await runCli(['apply', '--auto-approve'], { cwd: project.dir, env });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('+ create customer');
    expect(first.stderr).toContain('wave 1/2: 1 step');
    expect(first.stderr).toContain('created customer v2');
    expect(first.stdout).toContain(
      'Apply complete. 2 created, 0 updated, 0 published, 0 deprecated, 0 unchanged, 0 failed, 0 skipped.',
    );
    // One summary, with one duration: apply's line, then the run's request lines, all on stdout.
    expect(first.stdout).toMatch(/^requests: \d+ in \d+\.\d s: 0 retried, 0 read back, 0 failed$/m);
    expect(`${first.stdout}${first.stderr}`.match(/\d+\.\d s(?! waiting)/g)).toHaveLength(1);
    expect(first.stderr).not.toMatch(/^requests:/m);
    expect(
      handle
        .schemas()
        .map((s) => [s.externalId, s.version, s.status])
        .sort(),
    ).toEqual([
      ['customer', 2, 'PUBLISHED'],
      ['order', 2, 'PUBLISHED'],
    ]);

    // Every accepted write is an audit entry, hash-chained (docs/audit.md).
    const audit = (await readFile(join(project.dir, '.cxschema', 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string; schemaId: string; version: number; correlationId?: string })
      // Each write is announced by a SCHEMA_WRITE_INTENDED entry before it is sent (docs/audit.md).
      .filter((e) => e.action !== 'SCHEMA_WRITE_INTENDED');
    expect(audit.map((e) => `${e.action} ${e.schemaId} v${e.version}`)).toEqual([
      'SCHEMA_CREATED customer v1',
      'SCHEMA_PUBLISHED customer v2',
      'SCHEMA_CREATED order v1',
      'SCHEMA_PUBLISHED order v2',
    ]);
    // ...each quoting the correlation id of its own write, as the org logged it.
    const writes = new Map(
      handle
        .requestLog()
        .filter((r) => r.method !== 'GET')
        .map((r) => [r.correlationId, r.method]),
    );
    expect(audit.map((e) => writes.get(e.correlationId ?? ''))).toEqual(['POST', 'PUT', 'POST', 'PUT']);

    const second = await runCli(['apply', '--auto-approve', '--metrics-file', 'run.prom'], { cwd: project.dir, env });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes.');
    expect(second.stdout).toContain('2 unchanged');
    // Nothing was applied: the plan's "No changes" and its counts are the summary, with only the request lines.
    expect(second.stdout).not.toContain('Apply complete');
    expect(second.stdout.match(/unchanged/g)).toHaveLength(1);
    expect(`${second.stdout}${second.stderr}`.match(/^requests:/gm)).toHaveLength(1);
    expect(second.stdout).toMatch(/^requests: 3 in \d+\.\d s: 0 retried, 0 read back, 0 failed$/m);
    expect(await readFile(join(project.dir, 'run.prom'), 'utf8')).toContain(
      'cxschema_schemas_total{outcome="unchanged"} 2',
    );
  });

  it('gives one duration in the JSON document and the metrics file', async () => {
    const { project, env } = await setUp();
    const args = [
      'apply',
      '--auto-approve',
      '--format',
      'json',
      '--metrics-file',
      'run.json',
      '--metrics-format',
      'json',
    ];
    const result = await runCli(args, { cwd: project.dir, env });
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as { requests: { total: number; durationMs: number } };
    const file = JSON.parse(await readFile(join(project.dir, 'run.json'), 'utf8')) as {
      durationMs: number;
      requests: { total: number };
    };
    expect(document.requests.total).toBeGreaterThan(0);
    expect(file.requests.total).toBe(document.requests.total);
    expect(file.durationMs).toBe(document.requests.durationMs);
    // The request lines on stderr say the same duration, to the tenth of a second.
    expect(result.stderr).toContain(` in ${(document.requests.durationMs / 1000).toFixed(1)} s:`);
  });

  it('refuses to prompt without a terminal, and says how to proceed', async () => {
    const { handle, project, env } = await setUp();
    const result = await runCli(['apply'], { cwd: project.dir, env });
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('no terminal to ask on');
    expect(result.stderr).toContain('--auto-approve');
    expect(result.stderr).toContain('plan --out');
    expect(handle.counters().total).toBe(0);
  });

  it('applies a saved plan, and refuses it once the org has changed, naming what changed', async () => {
    const { handle, project, env } = await setUp();
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd: project.dir, env })).code).toBe(0);
    const applied = await runCli(['apply', '--plan', 'plan.json', '--auto-approve', '--format', 'json'], {
      cwd: project.dir,
      env,
    });
    expect(applied.code).toBe(0);
    const report = JSON.parse(applied.stdout) as {
      result: { summary: { created: number } };
      requests: { total: number; failed: number; readBack: number; retried: number };
    };
    expect(report.result.summary.created).toBe(2);
    expect(report.requests.total).toBeGreaterThan(0);
    expect(report.requests).toMatchObject({ failed: 0, readBack: 0, retried: 0 });
    // With --format json the human summary is on stderr, once.
    expect(applied.stderr.match(/^requests:/gm)).toHaveLength(1);

    await project.write([
      definition('customer', [text('email'), text('phone')]),
      definition('order', [ref('buyer', 'customer')]),
    ]);
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd: project.dir, env })).code).toBe(0);
    await clientFor(handle).update({
      externalId: 'customer',
      name: 'The customer',
      version: 3,
      status: 'PUBLISHED',
      fields: [text('email')],
      description: 'edited by hand',
    });
    const stale = await runCli(['apply', '--plan', 'plan.json', '--auto-approve'], { cwd: project.dir, env });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('the org changed since the plan was made');
    expect(stale.stderr).toContain('customer: version 2 when planned, 3 now');
    expect(handle.versions('customer')).toHaveLength(3);
  });

  it('sends a change event to the portal for every schema it changed', async () => {
    const { project, env } = await setUp();
    const received: Array<{ schema: string; version: number; status: string }> = [];
    const portal = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        received.push(JSON.parse(body) as { schema: string; version: number; status: string });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
    try {
      const port = (portal.address() as AddressInfo).port;
      await writeFile(
        join(project.dir, 'cxschema.config.yaml'),
        `schemas:\n  - "schemas/*.schema.json"\nportal:\n  url: http://127.0.0.1:${port}/hooks/cxschema\n`,
      );
      const result = await runCli(['apply', '--auto-approve', '--strict-portal'], { cwd: project.dir, env });
      expect(result.code).toBe(0);
      expect(received.map((e) => `${e.schema} v${e.version} ${e.status}`).sort()).toEqual([
        'customer v2 PUBLISHED',
        'order v2 PUBLISHED',
      ]);
    } finally {
      await new Promise((resolve) => portal.close(resolve));
    }
  });

  it('refuses a saved plan together with paths', async () => {
    const { project, env } = await setUp();
    const result = await runCli(['apply', '--plan', 'plan.json', 'schemas', '--auto-approve'], {
      cwd: project.dir,
      env,
    });
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('takes no paths');
  });
});

describe('cxschema apply --emulator (the quick start)', () => {
  it('applies the examples to an emulator kept under .cxschema/, and shows no changes the second time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cxschema-quickstart-'));
    try {
      const root = fileURLToPath(new URL('../../', import.meta.url));
      await cp(join(root, 'examples'), join(dir, 'examples'), { recursive: true });
      await cp(join(root, 'cxschema.config.yaml'), join(dir, 'cxschema.config.yaml'));
      const first = await runCli(['apply', '--emulator', '--auto-approve'], { cwd: dir });
      expect(first.stderr).not.toContain('error');
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/Apply complete\. [1-9]\d* created/);
      expect(existsSync(join(dir, '.cxschema', 'emulator-state.json'))).toBe(true);

      const second = await runCli(['apply', '--emulator', '--auto-approve'], { cwd: dir });
      expect(second.code).toBe(0);
      expect(second.stdout).toContain('No changes.');
      // One summary; the in-process emulator's three reads went straight through the limiter: nothing was paced.
      expect(second.stdout).not.toContain('Apply complete');
      expect(`${second.stdout}${second.stderr}`.match(/^requests:/gm)).toHaveLength(1);
      expect(second.stdout).toMatch(/^rate limit: 0 responses 429; paced 0 times \(0\.0 s waiting\)$/m);
      const plan = await runCli(['plan', '--emulator', '--detailed-exitcode'], { cwd: dir });
      expect(plan.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
