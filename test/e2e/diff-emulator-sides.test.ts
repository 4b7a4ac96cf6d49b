/**
 * diff with the emulator or data files as sides (docs/diff.md "Which orgs"), as a user runs it: the built CLI
 * against an emulator of this process reached through an environment, and emulator data files written here. One
 * emulator serves every family, so such a side compares the other side's family; two data files, --family's.
 * diff only reads: a data file another emulator serves is read without its lock, with no wait.
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/apply/apply-plan.js';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { WORKITEMS_FAMILY } from '../../src/family/index.js';
import type { SchemaField } from '../../src/model/schema.js';
import { createProject, runCli, spawnCli, type CliResult, type Project } from '../support/cli-process.js';
import { familyClient } from '../support/family-org-rig.js';
import { planAgainst } from '../support/plan-against.js';

let prod: EmulatorHandle;
let project: Project;
let env: Record<string, string>;

const nickname: SchemaField = { name: 'nickname', fieldtype: 'string' };
const note: SchemaField = { name: 'note', fieldtype: 'longText' };

/** Makes `handle` hold the workitem schema loan_application with these fields. */
async function holdLoan(handle: EmulatorHandle, fields: SchemaField[]): Promise<void> {
  const target = familyClient(WORKITEMS_FAMILY, handle);
  const documents = [
    { file: 'loan.schema.yaml', definition: { externalId: 'loan_application', name: 'Loan application', fields } },
  ];
  await applyPlan(await planAgainst(target, documents), { target });
}

/** Writes an emulator data file that holds loan_application with these fields. */
async function dataFileHolding(path: string, fields: SchemaField[]): Promise<void> {
  const handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0, dataPath: path });
  try {
    await holdLoan(handle, fields);
  } finally {
    await handle.stop();
  }
}

beforeAll(async () => {
  prod = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
  await holdLoan(prod, [nickname]);
  env = { PROD_ID: prod.demoClient.id, PROD_SECRET: prod.demoClient.secret };
  // The config's own target is custom objects: the workitems come from the environment or from --family.
  project = await createProject(
    [
      'schemas: ["schemas/*.schema.yaml"]',
      'environments:',
      `  prod: { domain: "${prod.url}", clientIdEnv: PROD_ID, clientSecretEnv: PROD_SECRET, target: workitems }`,
      '',
    ].join('\n'),
  );
  await mkdir(join(project.dir, '.cxschema'));
  await dataFileHolding(join(project.dir, '.cxschema', 'emulator-state.json'), [nickname, note]);
  await dataFileHolding(join(project.dir, 'a.json'), [nickname, note]);
  await dataFileHolding(join(project.dir, 'b.json'), [nickname]);
});

afterAll(async () => {
  await prod.stop();
  await project.remove();
});

const cli = (...args: string[]): ReturnType<typeof runCli> => runCli(args, { cwd: project.dir, env });

/** Runs the CLI, failing at once should it wait for a data file's lock (it would wait for as long as it is held). */
async function cliWithoutWaiting(...args: string[]): Promise<CliResult> {
  const { child, done } = spawnCli(args, { cwd: project.dir, env });
  let stderr = '';
  const waited = new Promise<string>((resolve) =>
    child.stderr!.on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.includes('waiting for')) resolve(stderr);
    }),
  );
  const outcome = await Promise.race([done, waited]);
  if (typeof outcome !== 'string') return outcome;
  child.kill('SIGTERM');
  await done;
  throw new Error(`diff waited for a data file's lock: ${outcome}`);
}

describe('diff with the emulator or data files', () => {
  it("--emulator --env B compares the family of B's environment", async () => {
    const result = await cli('diff', '--emulator', '--env', 'prod', '--detailed-exitcode');
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toContain('Differences from emulator (workitems at emulator, 1 schema) to prod (workitems');
    expect(result.stdout).toContain('~ update loan_application v1 -> v2');
    expect(result.stdout).toContain('+ field note: longtext');
  });

  it('--data twice compares the family --family names, else the config target', async () => {
    const workitems = await cli('diff', '--data', 'a.json', '--data', 'b.json', '--family', 'workitems');
    expect(workitems.code, workitems.stderr).toBe(0);
    expect(workitems.stdout).toContain('Differences from a.json (workitems at emulator, 1 schema)');
    expect(workitems.stdout).toContain('+ field note: longtext');
    // Neither file holds a custom object schema.
    const customObjects = await cli('diff', '--data', 'a.json', '--data', 'b.json', '--detailed-exitcode');
    expect(customObjects.code).toBe(0);
    expect(customObjects.stdout).toContain('(customobjects at emulator, 0 schemas)');
  });

  it('--format markdown says two orgs that hold the same hold the same, not that files are', async () => {
    await copyFile(join(project.dir, 'a.json'), join(project.dir, 'copy-of-a.json'));
    const same = await cli(
      'diff',
      '--data',
      'a.json',
      '--data',
      'copy-of-a.json',
      '--family',
      'workitems',
      '--format',
      'markdown',
    );
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain('No differences: copy-of-a.json holds what a.json holds.');
    expect(same.stdout).not.toContain('files describe');
  });

  it('reads a data file an emulator is serving without its lock, neither waiting nor writing', async () => {
    for (const [file, args] of [
      ['a.json', ['--data', 'a.json', '--data', 'b.json', '--family', 'workitems']],
      [join('.cxschema', 'emulator-state.json'), ['--emulator', '--env', 'prod']],
    ] as const) {
      const dataPath = join(project.dir, file);
      const served = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0, dataPath });
      try {
        const before = await readFile(dataPath, 'utf8');
        const result = await cliWithoutWaiting('diff', ...args);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toContain('+ field note: longtext');
        expect(await readFile(dataPath, 'utf8')).toBe(before);
        // The lock is still the serving emulator's: diff neither took it over nor removed it.
        expect(JSON.parse(await readFile(`${dataPath}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
      } finally {
        await served.stop();
      }
    }
  });

  it('--family is refused beside an environment, which names its own, and when it names no family', async () => {
    const beside = await cli('diff', '--emulator', '--env', 'prod', '--family', 'workitems');
    expect(beside.code).toBe(64);
    expect(beside.stderr).toContain('--family workitems: an environment names the family it compares');
    const unknown = await cli('diff', '--data', 'a.json', '--data', 'b.json', '--family', 'tasks');
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain('--family tasks: no such family');
    expect(unknown.stderr).toContain('customobjects, contacts, organizations, workitems');
  });
});
