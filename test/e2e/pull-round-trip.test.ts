/**
 * A pulled org round-trips: 300 generated schemas (every field type and constraint, nested object and list
 * items, references between them, some DRAFT and DEPRECATED) written to the project's emulator, pulled by the
 * CLI, then planned from the pulled files: no change. A second pull writes the same bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmulator } from '../../src/emulator/index.js';
import { FIELD_TYPES } from '../../src/model/schema.js';
import { clientFor } from '../support/org-rig.js';
import { createProject, runCli, type Project } from '../support/cli-process.js';
import { writeGeneratedSchemas } from '../support/generated-schemas.js';

const COUNT = 300;
let project: Project;

async function readFolder(folder: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of (await readdir(folder)).sort()) files.set(name, await readFile(join(folder, name), 'utf8'));
  return files;
}

beforeAll(async () => {
  project = await createProject('schemas:\n  - "pulled/*.schema.yaml"\n');
  // The state file the CLI's --emulator reads, written by an emulator of this process.
  const handle = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    rateLimitPerMinute: 0,
    dataPath: join(project.dir, '.cxschema', 'emulator-state.json'),
  });
  try {
    const target = clientFor(handle);
    await writeGeneratedSchemas(target, COUNT);
  } finally {
    await handle.stop();
  }
});

afterAll(async () => {
  await project.remove();
});

describe('pull, then plan', () => {
  it('plans no change over 300 pulled schemas, and a second pull writes the same bytes', async () => {
    const pulled = await runCli(['pull', '--emulator', '--out', 'pulled', '--format', 'json'], { cwd: project.dir });
    expect(pulled.stderr).not.toContain('error');
    expect(pulled.code).toBe(0);
    const result = JSON.parse(pulled.stdout) as { files: Array<{ action: string; status: string }> };
    expect(result.files).toHaveLength(COUNT);
    expect(result.files.every((file) => file.action === 'created')).toBe(true);
    expect(new Set(result.files.map((file) => file.status))).toEqual(new Set(['PUBLISHED', 'DRAFT', 'DEPRECATED']));

    const first = await readFolder(join(project.dir, 'pulled'));
    expect(first.size).toBe(COUNT);
    const all = [...first.values()].join('\n');
    for (const type of FIELD_TYPES) expect(all).toContain(`fieldtype: ${type}`);
    for (const constraint of [
      'minLength',
      'maxLength',
      'pattern',
      'enum',
      'min',
      'max',
      'referencedType',
      'minItems',
      'maxItems',
      'items',
    ]) {
      expect(all).toContain(`${constraint}:`);
    }
    expect(all).toContain('status: DRAFT');
    expect(all).toContain('status: DEPRECATED');
    // Only what differs from the defaults: the org's explicit `required: false`, maxLength 255 and maxItems 100 are
    // left out.
    expect(all).not.toContain('required: false');
    expect(all).not.toContain('maxLength: 255');
    expect(all).not.toContain('maxItems: 100');
    expect(all).not.toContain('status: PUBLISHED');
    const one = first.get('gen_0003.schema.yaml')!;
    expect(one.split('\n').slice(0, 2).join('\n')).toMatch(
      /^# yaml-language-server: \$schema=\S+\/schema\/cxschema\.schema\.json\n# Pulled from customobjects at emulator: gen_0003 version 2, PUBLISHED, written \d{4}-\d\d-\d\dT/,
    );

    const plan = await runCli(['plan', '--emulator', '--detailed-exitcode'], { cwd: project.dir });
    expect(plan.stdout).toContain(`Plan: 0 to create, 0 to update, 0 to publish, 0 to deprecate, ${COUNT} unchanged.`);
    expect(plan.code).toBe(0);

    const again = await runCli(['pull', '--emulator', '--out', 'pulled', '--format', 'json'], { cwd: project.dir });
    expect(again.code).toBe(0);
    expect(
      (JSON.parse(again.stdout) as { files: Array<{ action: string }> }).files.every(
        (file) => file.action === 'unchanged',
      ),
    ).toBe(true);
    expect(await readFolder(join(project.dir, 'pulled'))).toEqual(first);
  });
});
