/**
 * pull, history, rollback and diff as a user runs them: the built CLI against emulators of this process,
 * reached through environments of the config file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import type { SchemaField } from '../../src/model/schema.js';
import { CONTACTS_FAMILY } from '../../src/family/index.js';
import { familyClient } from '../support/family-org-rig.js';
import { clientFor } from '../support/org-rig.js';
import { createProject, runCli, type Project } from '../support/cli-process.js';

let test: EmulatorHandle;
let prod: EmulatorHandle;
let project: Project;
let env: Record<string, string>;

const title = (maxLength: number): SchemaField => ({
  name: 'title',
  fieldtype: 'string',
  required: true,
  constraints: { maxLength },
});

beforeAll(async () => {
  test = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
  prod = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
  env = {
    TEST_ID: test.demoClient.id,
    TEST_SECRET: test.demoClient.secret,
    PROD_ID: prod.demoClient.id,
    PROD_SECRET: prod.demoClient.secret,
  };
  project = await createProject(
    [
      'schemas: ["pulled/*.schema.yaml"]',
      'environments:',
      `  test: { domain: "${test.url}", clientIdEnv: TEST_ID, clientSecretEnv: TEST_SECRET }`,
      `  prod: { domain: "${prod.url}", clientIdEnv: PROD_ID, clientSecretEnv: PROD_SECRET, compatibility: { mode: FORWARD } }`,
      `  tasks: { domain: "${test.url}", clientIdEnv: TEST_ID, clientSecretEnv: TEST_SECRET, target: workitems }`,
      `  people: { domain: "${test.url}", clientIdEnv: TEST_ID, clientSecretEnv: TEST_SECRET, target: contacts }`,
      '',
    ].join('\n'),
  );
  // ticket: v1 DRAFT, v2 PUBLISHED with title 100, v3 with title 150 (allowed under BACKWARD).
  const client = clientFor(test);
  await client.create({ externalId: 'ticket', name: 'Ticket', fields: [title(100)], version: 1, status: 'DRAFT' });
  await client.update({ externalId: 'ticket', name: 'Ticket', fields: [title(100)], version: 2, status: 'PUBLISHED' });
  await client.update({ externalId: 'ticket', name: 'Ticket', fields: [title(150)], version: 3, status: 'PUBLISHED' });
  // vip (contacts): v1 with tier, v2 adds since, which contacts never let go.
  const contacts = familyClient(CONTACTS_FAMILY, test);
  const vip = { externalId: 'vip', name: 'VIP', status: 'PUBLISHED' as const };
  await contacts.create({ ...vip, version: 1, fields: [{ name: 'tier', fieldtype: 'string' }] });
  const since: SchemaField = { name: 'since', fieldtype: 'dateTime' };
  await contacts.update({ ...vip, version: 2, fields: [{ name: 'tier', fieldtype: 'string' }, since] });
  const other = clientFor(prod);
  await other.create({ externalId: 'ticket', name: 'Ticket', fields: [title(100)], version: 1, status: 'DRAFT' });
  await other.update({ externalId: 'ticket', name: 'Ticket', fields: [title(100)], version: 2, status: 'PUBLISHED' });
});

afterAll(async () => {
  await Promise.all([test.stop(), prod.stop()]);
  await project.remove();
});

const cli = (...args: string[]): ReturnType<typeof runCli> => runCli(args, { cwd: project.dir, env });

describe('history', () => {
  it('lists every version with its status, diff and verdict; --format json', async () => {
    const text = await cli('history', 'ticket', '--env', 'test');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/v2 {2}\S+ {2}DRAFT -> PUBLISHED/);
    expect(text.stdout).toContain('~ field title.constraints.maxLength: 100 -> 150');
    expect(text.stdout).toContain('MAX_LENGTH_INCREASED title: 100 -> 150 (compatible under BACKWARD)');
    const json = JSON.parse((await cli('history', 'ticket', '--env', 'test', '--format', 'json')).stdout) as {
      versions: Array<{ version: number }>;
    };
    expect(json.versions.map((v) => v.version)).toEqual([1, 2, 3]);
  });

  it('an unknown externalId is exit 1 naming it', async () => {
    const result = await cli('history', 'nothing', '--env', 'test');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: no schema "nothing" in the org');
  });
});

describe('rollback', () => {
  it('refuses what the mode forbids, and with --allow-breaking lands as current + 1 with the reason in audit show', async () => {
    const dry = await cli('rollback', 'ticket', '--to', '2', '--env', 'test', '--dry-run');
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('MAX_LENGTH_DECREASED');
    expect(dry.stderr).toContain('--allow-breaking');

    const refused = await cli('rollback', 'ticket', '--to', '2', '--env', 'test', '--auto-approve');
    expect(refused.code).toBe(1);
    expect((await clientFor(test).get('ticket'))?.version).toBe(3);

    const reason = 'no title is longer than 100 characters';
    const allowed = await cli(
      'rollback',
      'ticket',
      '--to',
      '2',
      '--env',
      'test',
      '--auto-approve',
      '--allow-breaking',
      reason,
    );
    expect(allowed.stderr).not.toContain('error');
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('~ update ticket v3 -> v4');
    expect(await clientFor(test).get('ticket')).toMatchObject({
      version: 4,
      status: 'PUBLISHED',
      fields: [title(100)],
    });

    const shown = await cli('audit', 'show', '--schema', 'ticket');
    expect(shown.stdout).toMatch(
      /SCHEMA_ROLLED_BACK\s+ticket v4\s+SUCCESS.*restores v2\n\s+reason: no title is longer than 100 characters/,
    );
    const log = JSON.parse((await cli('audit', 'show', '--schema', 'ticket', '--format', 'json')).stdout) as {
      entries: Array<Record<string, unknown>>;
    };
    expect(log.entries.at(-1)).toMatchObject({
      action: 'SCHEMA_ROLLED_BACK',
      version: 4,
      restoredVersion: 2,
      reason,
      environment: 'test',
    });
    expect((await cli('audit', 'verify')).code).toBe(0);
  });

  it('gives no --allow-breaking hint for what the platform refuses in any mode', async () => {
    const dry = await cli('rollback', 'vip', '--to', '1', '--env', 'people', '--dry-run');
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('FIELD_REMOVED');
    expect(dry.stdout).toContain('the platform refuses this change in any mode');
    expect(dry.stderr).toContain(
      'The platform refuses FIELD_REMOVED in any mode: no --allow-breaking reason lets it through.',
    );
    expect(dry.stderr).not.toContain('pass --allow-breaking');
  });

  it('has nothing to do for a --to whose contents the org holds, and refuses a version that does not exist', async () => {
    const same = await cli('rollback', 'ticket', '--to', '4', '--env', 'test', '--auto-approve');
    expect(same.code).toBe(0);
    expect(same.stderr).toContain('Nothing to do: ticket v4 already holds the contents of v4.');
    const missing = await cli('rollback', 'ticket', '--to', '7', '--env', 'test', '--auto-approve');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('schema "ticket" has no version 7: its versions are 1 to 4');
    const bad = await cli('rollback', 'ticket', '--to', 'zero', '--env', 'test', '--auto-approve');
    expect(bad.code).toBe(64);
  });
});

describe('pull', () => {
  it('refuses an --out that is a file with exit 64', async () => {
    await writeFile(join(project.dir, 'taken'), 'x');
    const result = await cli('pull', '--env', 'test', '--out', 'taken');
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('is a file');
  });

  it('a file that differs stops the pull with its name, and --force overwrites it', async () => {
    expect((await cli('pull', '--env', 'test', '--out', 'pulled')).code).toBe(0);
    const file = join(project.dir, 'pulled', 'ticket.schema.yaml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('maxLength: 100', 'maxLength: 120'));
    const stopped = await cli('pull', '--env', 'test', '--out', 'pulled');
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain('pulled/ticket.schema.yaml');
    expect(await readFile(file, 'utf8')).toContain('maxLength: 120');
    expect((await cli('pull', '--env', 'test', '--out', 'pulled', '--force')).code).toBe(0);
    expect(await readFile(file, 'utf8')).toContain('maxLength: 100');
  });
});

describe('diff', () => {
  it("shows what promoting test to prod changes, judged under prod's mode; --detailed-exitcode exits 2", async () => {
    // test holds v4 (title 100 again) and prod v2 with title 100: make them differ.
    await clientFor(test).update({
      externalId: 'ticket',
      name: 'Ticket',
      fields: [title(100), { name: 'note', fieldtype: 'longText' }],
      version: 5,
      status: 'PUBLISHED',
    });
    const result = await cli('diff', '--env', 'test', '--env', 'prod', '--detailed-exitcode');
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("judged under prod's mode FORWARD");
    expect(result.stdout).toContain('~ update ticket v2 -> v3');
    expect(result.stdout).toContain('+ field note: longText');
    expect(result.stdout).toContain('Promoting test to prod: 0 to create, 1 to update');
    const json = JSON.parse((await cli('diff', '--env', 'test', '--env', 'prod', '--format', 'json')).stdout) as {
      differ: boolean;
      mode: string;
    };
    expect(json).toMatchObject({ differ: true, mode: 'FORWARD' });
  });

  it('--format markdown: the differences as a pull request comment, by the plan renderer', async () => {
    const result = await cli('diff', '--env', 'test', '--env', 'prod', '--format', 'markdown');
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith("### cxschema diff: test → prod, judged under prod's mode FORWARD\n")).toBe(true);
    expect(result.stdout).toContain('| 🟡 update | <code>ticket</code> | v2 → v3 |');
    expect(result.stdout).toContain('<details><summary><code>ticket</code>: update');
    expect(result.stdout).toContain('+ field note: longText');
  });

  it("reads each side as its own environment's family, and refuses to compare two families", async () => {
    const result = await cli('diff', '--env', 'tasks', '--env', 'prod');
    expect(result.code).toBe(64);
    expect(result.stderr).toContain(
      'diff compares schemas of one family, and was given workitems (tasks) and customobjects (prod)',
    );
  });

  it('an unknown environment is exit 64 with the known names; one org is a usage error', async () => {
    const unknown = await cli('diff', '--env', 'test', '--env', 'staging');
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('environments in the config: people, prod, tasks, test');
    const one = await cli('diff', '--env', 'test');
    expect(one.code).toBe(64);
    expect(one.stderr).toContain('diff needs two orgs');
  });
});
