/** `cxschema generate` end to end: the built CLI writes the files, and refuses bad input without writing any. */
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProject, runCli, type Project } from '../support/cli-process.js';

let project: Project | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

const order = {
  externalId: 'order',
  name: 'Order',
  fields: [
    { name: 'number', fieldtype: 'string' as const, required: true },
    { name: 'buyer', fieldtype: 'reference' as const, constraints: { referencedType: 'customer' } },
  ],
};
const customer = { externalId: 'customer', name: 'Customer', fields: [{ name: 'email', fieldtype: 'email' as const }] };

describe('cxschema generate', () => {
  it('writes a record type per schema and an index, and a JSON Schema per schema', async () => {
    project = await createProject();
    await project.write([order, customer]);
    const ts = await runCli(['generate', '--lang', 'typescript', '--out', 'gen/ts'], { cwd: project.dir });
    expect(ts.code).toBe(0);
    expect((await readdir(join(project.dir, 'gen/ts'))).sort()).toEqual([
      '.cxschema-output.json',
      'customer.ts',
      'cxschema-types.ts',
      'index.ts',
      'order.ts',
    ]);
    expect(await readFile(join(project.dir, 'gen/ts/order.ts'), 'utf8')).toContain('buyer?: CustomerId;');
    const json = await runCli(['generate', '--lang', 'jsonschema', '--out', 'gen/json'], { cwd: project.dir });
    expect(json.code).toBe(0);
    const schema = JSON.parse(await readFile(join(project.dir, 'gen/json/order.record.schema.json'), 'utf8')) as {
      required: string[];
    };
    expect(schema.required).toEqual(['number']);
  });

  it('writes nothing when the files have errors, and says where', async () => {
    project = await createProject();
    await project.write([
      { ...order, fields: [{ name: 'n', fieldtype: 'string' as const, constraints: { maxLength: 5000 } }] },
    ]);
    const result = await runCli(['generate', '--lang', 'typescript', '--out', 'gen'], { cwd: project.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/schemas\/order\.schema\.json:\d+:\d+/);
    expect(result.stderr).toContain('nothing was generated');
    await expect(stat(join(project.dir, 'gen'))).rejects.toThrow();
  });

  it('refuses an unknown language as a usage error', async () => {
    project = await createProject();
    await project.write([order]);
    const result = await runCli(['generate', '--lang', 'cobol', '--out', 'gen'], { cwd: project.dir });
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('typescript, jsonschema');
  });

  it('removes the files of a schema removed from the sources, and never a file it did not write', async () => {
    project = await createProject();
    const note = { externalId: 'note', name: 'Note', fields: [{ name: 'text', fieldtype: 'longText' as const }] };
    await project.write([order, customer, note]);
    expect((await runCli(['generate', '--lang', 'typescript', '--out', 'gen'], { cwd: project.dir })).code).toBe(0);
    await writeFile(join(project.dir, 'gen/handwritten.ts'), 'export const mine = 1;\n');
    await rm(join(project.dir, 'schemas/note.schema.json'));
    const again = await runCli(['generate', '--lang', 'typescript', '--out', 'gen'], { cwd: project.dir });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('removed 1 file an earlier run wrote that this one no longer produces: note.ts');
    expect((await readdir(join(project.dir, 'gen'))).sort()).toEqual([
      '.cxschema-output.json',
      'customer.ts',
      'cxschema-types.ts',
      'handwritten.ts',
      'index.ts',
      'order.ts',
    ]);
    expect(await readFile(join(project.dir, 'gen/index.ts'), 'utf8')).not.toContain('note');
  });

  it('reruns over its own JSON Schemas whose manifest is gone, after a schema changed', async () => {
    project = await createProject();
    await project.write([order, customer]);
    expect((await runCli(['generate', '--lang', 'jsonschema', '--out', 'gen'], { cwd: project.dir })).code).toBe(0);
    await rm(join(project.dir, 'gen/.cxschema-output.json'));
    await project.write([order, { ...customer, fields: [...customer.fields, { name: 'phone', fieldtype: 'string' }] }]);
    const again = await runCli(['generate', '--lang', 'jsonschema', '--out', 'gen'], { cwd: project.dir });
    expect(again.code, again.stderr).toBe(0);
    expect(await readFile(join(project.dir, 'gen/customer.record.schema.json'), 'utf8')).toContain('"phone"');
  });

  it("holds the records of a file without a target to the config's family, and of one with a target to its own", async () => {
    project = await createProject('target: contacts\nschemas:\n  - "schemas/*.schema.json"\n');
    const line = [{ name: 'line', fieldtype: 'string' as const }];
    await project.write([
      { externalId: 'vip', name: 'VIP', fields: line },
      { externalId: 'ticket', name: 'Ticket', target: 'customobjects', fields: line },
    ]);
    const result = await runCli(['generate', '--lang', 'jsonschema', '--out', 'gen'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(0);
    const properties = async (id: string): Promise<Record<string, { maxLength: unknown }>> =>
      (
        JSON.parse(await readFile(join(project!.dir, `gen/${id}.record.schema.json`), 'utf8')) as {
          properties: Record<string, { maxLength: unknown }>;
        }
      ).properties;
    // A contact's customFields key the text `<name>_<coretype>` and hold 100 characters (docs/targets.md "Records",
    // "The coretypes"); a custom object record keys the string by its name and holds 255.
    const vip = await properties('vip');
    expect(Object.keys(vip)).toEqual(['line_text']);
    expect(vip['line_text']!.maxLength).toBe(100);
    const ticket = await properties('ticket');
    expect(Object.keys(ticket)).toEqual(['line']);
    expect(ticket['line']!.maxLength).toBe(255);
  });

  it("with --env, keys and bounds a file without a target as the config's family, as validate checks it", async () => {
    // The environment's target is the family the run deploys; a file without one is the config's (customobjects
    // here), validated as such and left out of the environment's plan: generated as such too, not as a contact.
    project = await createProject(
      'schemas:\n  - "schemas/*.schema.json"\nenvironments:\n  prod: { target: contacts }\n',
    );
    await project.write([
      {
        externalId: 'code',
        name: 'Code',
        fields: [{ name: 'code', fieldtype: 'string', constraints: { maxLength: 255 } }],
      },
    ]);
    const result = await runCli(['--env', 'prod', 'generate', '--lang', 'jsonschema', '--out', 'gen'], {
      cwd: project.dir,
    });
    expect(result.code, result.stderr).toBe(0);
    const schema = JSON.parse(await readFile(join(project.dir, 'gen/code.record.schema.json'), 'utf8')) as {
      properties: Record<string, { maxLength: unknown }>;
    };
    expect(Object.keys(schema.properties)).toEqual(['code']);
    expect(schema.properties['code']!.maxLength).toBe(255);
    // A file that names the environment's family is held to it, by generate as by validate.
    await project.write([
      {
        externalId: 'code',
        name: 'code',
        target: 'contacts',
        fields: [{ name: 'code', fieldtype: 'string', constraints: { maxLength: 255 } }],
      },
    ]);
    const refused = await runCli(['--env', 'prod', 'generate', '--lang', 'jsonschema', '--out', 'gen-contacts'], {
      cwd: project.dir,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('nothing was generated');
  });

  it('refuses a field its family cannot hold, its rule lowered, naming file and field, and writes nothing', async () => {
    project = await createProject(
      'schemas:\n  - "schemas/*.schema.json"\nrules:\n  FAMILY_TYPE_UNSUPPORTED: warning\n',
    );
    await project.write([
      {
        externalId: 'claim',
        name: 'claim',
        target: 'workitems',
        fields: [
          { name: 'ref', fieldtype: 'identifier' as const },
          { name: 'owner_email', fieldtype: 'email' as const },
        ],
      },
    ]);
    const result = await runCli(['generate', '--lang', 'typescript', '--out', 'gen'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(
      /schemas\/claim\.schema\.json:\d+:\d+: workitem schemas cannot hold field "owner_email" \(email has no coretype\)/,
    );
    expect(result.stderr).toContain('nothing was generated');
    await expect(stat(join(project.dir, 'gen'))).rejects.toThrow();
  });

  it('refuses two fields of one name, their rule lowered, naming the later one, and writes nothing', async () => {
    project = await createProject('schemas:\n  - "schemas/*.schema.json"\nrules:\n  FIELD_NAME_DUPLICATE: warning\n');
    await project.write([
      {
        ...order,
        fields: [
          { name: 'number', fieldtype: 'string' as const },
          { name: 'number', fieldtype: 'number' as const },
        ],
      },
    ]);
    const result = await runCli(['generate', '--lang', 'jsonschema', '--out', 'gen'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(
      /schemas\/order\.schema\.json:9:5: field "number" would be held under the key "number" as an earlier field/,
    );
    await expect(stat(join(project.dir, 'gen'))).rejects.toThrow();
  });

  it('refuses to write over a file of the folder it did not write (exit 64), and writes nothing', async () => {
    project = await createProject();
    await project.write([order, customer]);
    await mkdir(join(project.dir, 'src'), { recursive: true });
    await writeFile(join(project.dir, 'src/index.ts'), 'export { start } from "./app.js";\n');
    const result = await runCli(['generate', '--lang', 'typescript', '--out', 'src'], { cwd: project.dir });
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('did not write and would write over: index.ts');
    expect(await readdir(join(project.dir, 'src'))).toEqual(['index.ts']);
    expect(await readFile(join(project.dir, 'src/index.ts'), 'utf8')).toBe('export { start } from "./app.js";\n');
  });
});
