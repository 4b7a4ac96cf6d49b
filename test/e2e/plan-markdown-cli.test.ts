/** `cxschema plan --format markdown` end to end, against an emulator: stdout holds the markdown and nothing else. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { definition, ref, text } from '../support/schema-builders.js';
import { createProject, emulatorEnv, runCli, type Project } from '../support/cli-process.js';

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

describe('cxschema plan --format markdown', () => {
  it('prints the plan as markdown, the metrics summary on stderr', async () => {
    const result = await runCli(['plan', '--format', 'markdown', '--detailed-exitcode'], { cwd: project.dir, env });
    expect(result.code).toBe(2);
    expect(result.stdout.startsWith(`### cxschema plan: ${handle.url}`)).toBe(true);
    expect(result.stdout).toContain('| 🟢 create | <code>customer</code> | v2 | PUBLISHED | ✅ new schema |');
    expect(result.stdout).toContain(
      '<details><summary><code>order</code>: create, 2 fields (schemas/order.schema.json)</summary>',
    );
    expect(result.stdout).not.toContain('requests:');
    expect(result.stderr).toMatch(/^requests: /);
  });

  it('names markdown among the formats plan takes', async () => {
    const result = await runCli(['plan', '--format', 'sarif'], { cwd: project.dir, env });
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('use --format text, --format json or --format markdown');
  });
});
