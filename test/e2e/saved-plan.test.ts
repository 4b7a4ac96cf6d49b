/** `apply --plan` with a plan edited after `plan --out` saved it: refused before anything is written. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { definition, text } from '../support/schema-builders.js';
import { createProject, emulatorEnv, runCli, type Project } from '../support/cli-process.js';

let handle: EmulatorHandle | undefined;
let project: Project | undefined;
afterEach(async () => {
  await handle?.stop();
  await project?.remove();
  handle = undefined;
  project = undefined;
});

describe('cxschema apply --plan with an edited plan', () => {
  it('refuses a required field added by hand, and the org keeps its version', async () => {
    handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    project = await createProject();
    const env = emulatorEnv(handle);
    await project.write([definition('customer', [text('email')])]);
    expect((await runCli(['apply', '--auto-approve'], { cwd: project.dir, env })).code).toBe(0);

    await project.write([definition('customer', [text('email'), text('phone')])]);
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd: project.dir, env })).code).toBe(0);
    const file = join(project.dir, 'plan.json');
    const plan = JSON.parse(await readFile(file, 'utf8')) as {
      steps: Array<{ content: { fields: Array<{ name: string; required?: boolean }> } }>;
    };
    plan.steps[0]!.content.fields.find((f) => f.name === 'phone')!.required = true;
    await writeFile(file, JSON.stringify(plan, null, 2));
    handle.resetCounters();

    const applied = await runCli(['apply', '--plan', 'plan.json', '--auto-approve'], { cwd: project.dir, env });
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('plan.json was changed after cxschema plan saved it');
    expect(handle.counters().total).toBe(0);
    expect(handle.versions('customer')).toHaveLength(2);
  });
});
