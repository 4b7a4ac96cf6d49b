/** `apply --plan` with a plan edited after `plan --out` saved it: refused before anything is written. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { definition, text } from '../support/schema-builders.js';
import { createProject, emulatorEnv, runCli, emulatorAndProjectPerTest } from '../support/cli-process.js';

const rig = emulatorAndProjectPerTest();

describe('cxschema apply --plan with an edited plan', () => {
  it('refuses a required field added by hand, and the org keeps its version', async () => {
    rig.emulator = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
    rig.project = await createProject();
    const env = emulatorEnv(rig.emulator);
    await rig.project.write([definition('customer', [text('email')])]);
    expect((await runCli(['apply', '--auto-approve'], { cwd: rig.project.dir, env })).code).toBe(0);

    await rig.project.write([definition('customer', [text('email'), text('phone')])]);
    expect((await runCli(['plan', '--out', 'plan.json'], { cwd: rig.project.dir, env })).code).toBe(0);
    const file = join(rig.project.dir, 'plan.json');
    const plan = JSON.parse(await readFile(file, 'utf8')) as {
      steps: Array<{ content: { fields: Array<{ name: string; required?: boolean }> } }>;
    };
    plan.steps[0]!.content.fields.find((f) => f.name === 'phone')!.required = true;
    await writeFile(file, JSON.stringify(plan, null, 2));
    rig.emulator.resetCounters();

    const applied = await runCli(['apply', '--plan', 'plan.json', '--auto-approve'], { cwd: rig.project.dir, env });
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('plan.json was changed after cxschema plan saved it');
    expect(rig.emulator.counters().total).toBe(0);
    expect(rig.emulator.versions('customer')).toHaveLength(2);
  });
});
