/**
 * The package as users get it: `npm pack` makes a tarball, which installs in an empty folder with no
 * repository around it (dependencies from npm's cache when it has them, else from the registry, as a user's
 * install would), and the installed `cxschema` runs there: --version, validate, docs, generate, apply --emulator.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = process.cwd();
let packs: string;
let project: string;
let tarball: string;
/** The example schema files, as many as examples/ holds. */
let exampleCount: number;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function sh(command: string, args: string[], cwd: string): Promise<Result> {
  try {
    const { stdout, stderr } = await run(command, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : 1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    };
  }
}

const cxschema = (args: string[]): Promise<Result> => sh('npx', ['cxschema', ...args], project);

beforeAll(async () => {
  packs = await mkdtemp(join(tmpdir(), 'cxschema-pack-'));
  project = await mkdtemp(join(tmpdir(), 'cxschema-installed-'));
  // dist/ is built by `npm test` before the tests run; packing without scripts packs exactly that build.
  const packed = await sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packs], repo);
  expect(packed.code, packed.stderr).toBe(0);
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(packs, info!.filename);
  const files = info!.files.map((file) => file.path);
  expect(files).toContain('dist/bin/cxschema.js');
  expect(files).toContain('dist/bin/main.cjs');
  // The code cache fits only the Node binary and folder that made it (src/cli/code-cache.cts): not shipped.
  expect(files.filter((file) => file.endsWith('.cache'))).toEqual([]);
  expect(files).toContain('schema/cxschema.schema.json');
  expect(files.filter((file) => file.startsWith('test/') || file.startsWith('src/'))).toEqual([]);

  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'schemas-project', private: true, type: 'module' }, null, 2),
  );
  const installed = await sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], project);
  expect(installed.code, installed.stderr).toBe(0);
  await cp(join(repo, 'examples'), join(project, 'schemas'), { recursive: true });
  exampleCount = (await readdir(join(project, 'schemas'), { recursive: true })).filter((file) =>
    file.endsWith('.schema.yaml'),
  ).length;
  await writeFile(join(project, 'cxschema.config.yaml'), 'schemas:\n  - "schemas/**/*.schema.yaml"\n');
});

afterAll(async () => {
  await rm(packs, { recursive: true, force: true });
  await rm(project, { recursive: true, force: true });
});

describe('the installed package', () => {
  it('prints its version', async () => {
    const pkg = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8')) as { version: string };
    const result = await cxschema(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('validates the files', async () => {
    const result = await cxschema(['validate']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`no problems in ${exampleCount} files, ${exampleCount} schemas`);
  });

  it('writes the catalog, with the diagram drawn', async () => {
    const result = await cxschema(['docs', '--out', 'site']);
    expect(result.code, result.stderr).toBe(0);
    expect((await readdir(join(project, 'site/schemas'))).length).toBe(exampleCount);
    expect(await readFile(join(project, 'site/index.html'), 'utf8')).toMatch(/<svg [^]*schemas\/purchase_order\.html/);
  });

  it('generates record types', async () => {
    const result = await cxschema(['generate', '--lang', 'typescript', '--out', 'generated']);
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(join(project, 'generated/purchase_order.ts'), 'utf8')).toContain(
      'export interface PurchaseOrder {',
    );
  });

  it('applies to the embedded emulator, then finds nothing to change', async () => {
    const first = await cxschema(['apply', '--emulator', '--auto-approve']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Apply complete.');
    const second = await cxschema(['plan', '--emulator', '--detailed-exitcode']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('No changes.');
  });
});
