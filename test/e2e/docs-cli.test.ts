/**
 * `cxschema docs` end to end: offline, the pages of the files; online (an emulator of the test process), each
 * schema's versions, dates and history with the field-level diff of every version; files with errors, nothing.
 */
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { definition, ref, text } from '../support/schema-builders.js';
import { createProject, emulatorEnv, runCli, type Project } from '../support/cli-process.js';

let handle: EmulatorHandle;
let project: Project;
let env: Record<string, string>;

const customerV1 = definition('customer', [text('email', { constraints: { maxLength: 100 } })], {
  description: 'A <b>buyer</b>',
});
const customerV2 = definition('customer', [text('email', { constraints: { maxLength: 200 } }), text('phone_number')], {
  description: 'A <b>buyer</b>',
});
const order = definition('order', [
  ref('buyer', 'customer', { required: true }),
  text('status', { constraints: { enum: ['open', 'closed'] } }),
]);

beforeAll(async () => {
  handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0 });
  env = emulatorEnv(handle);
  project = await createProject();
  await project.write([customerV1, order]);
  expect((await runCli(['apply', '--auto-approve'], { cwd: project.dir, env })).code).toBe(0);
  await project.write([customerV2, order]);
  expect((await runCli(['apply', '--auto-approve'], { cwd: project.dir, env })).code).toBe(0);
});

afterAll(async () => {
  await handle.stop();
  await project.remove();
});

describe('cxschema docs', () => {
  it('offline: a page per schema with fields, constraints and references both ways, text escaped', async () => {
    const result = await runCli(['docs', '--out', 'site'], { cwd: project.dir });
    expect(result.code, result.stderr).toBe(0);
    expect((await readdir(join(project.dir, 'site/schemas'))).sort()).toEqual(['customer.html', 'order.html']);
    const customer = await readFile(join(project.dir, 'site/schemas/customer.html'), 'utf8');
    expect(customer).toContain('<p class="lead description" dir="auto">A &lt;b&gt;buyer&lt;/b&gt;</p>');
    expect(customer).toContain('maxLength <code>200</code>');
    expect(customer).toContain('maxLength <code>255</code> <span class="default">(default)</span>');
    expect(customer).toMatch(
      /Referenced by<\/h3><ul><li><a href="order.html">order<\/a> <span class="meta">by <code>buyer<\/code>/,
    );
    expect(customer).not.toContain('History');
    const orderPage = await readFile(join(project.dir, 'site/schemas/order.html'), 'utf8');
    expect(orderPage).toContain(
      'one of <code class="enum"><bdi>&quot;open&quot;</bdi></code> <code class="enum"><bdi>&quot;closed&quot;</bdi></code>',
    );
    expect(orderPage).toContain('reference → <a href="customer.html">customer</a>');
  });

  it("online: versions, dates and each version's field-level diff", async () => {
    const result = await runCli(['docs', '--online', '--out', 'site-online'], { cwd: project.dir, env });
    expect(result.code, result.stderr).toBe(0);
    const page = await readFile(join(project.dir, 'site-online/schemas/customer.html'), 'utf8');
    const versions = handle.schemas().find((schema) => schema.externalId === 'customer')!.version;
    expect(page).toContain(`<dt>in the org</dt><dd>version ${versions}, `);
    expect(page).toMatch(/<dt>created<\/dt><dd><time>\d{4}-\d\d-\d\dT/);
    expect(page).toContain(
      '<li class="changed">~ <code>email</code> constraints.maxLength: <code>100</code> → <code>200</code></li>',
    );
    expect(page).toContain('<li class="added">+ field <code>phone_number</code>: string</li>');
    expect(page.match(/<details/g)?.length).toBe(versions);
  });

  it('removes the page of a schema removed from the sources, and keeps a file it did not write', async () => {
    const dir = join(project.dir, 'schemas-pruned');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'customer.schema.json'), JSON.stringify(customerV2));
    await writeFile(join(dir, 'order.schema.json'), JSON.stringify(order));
    expect((await runCli(['docs', 'schemas-pruned', '--out', 'site-pruned'], { cwd: project.dir })).code).toBe(0);
    await writeFile(join(project.dir, 'site-pruned/CNAME'), 'schemas.example.test\n');
    await rm(join(dir, 'order.schema.json'));
    const again = await runCli(['docs', 'schemas-pruned', '--out', 'site-pruned'], { cwd: project.dir });
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('removed 1 file an earlier run wrote that this one no longer produces');
    expect(await readdir(join(project.dir, 'site-pruned/schemas'))).toEqual(['customer.html']);
    expect(await readFile(join(project.dir, 'site-pruned/index.html'), 'utf8')).not.toContain('order.html');
    expect(await readFile(join(project.dir, 'site-pruned/CNAME'), 'utf8')).toBe('schemas.example.test\n');
  });

  it('makes the same site byte for byte from the same files with SOURCE_DATE_EPOCH, dated by it', async () => {
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    for (const out of ['site-dated-1', 'site-dated-2'])
      expect((await runCli(['docs', '--out', out], { cwd: project.dir, env })).code).toBe(0);
    const site = async (out: string): Promise<string[]> => {
      const files = (await readdir(join(project.dir, out), { recursive: true })).sort();
      return Promise.all(
        files.map(async (file) => `${file}\n${await readFile(join(project.dir, out, file), 'utf8').catch(() => '')}`),
      );
    };
    expect(await site('site-dated-2')).toEqual(await site('site-dated-1'));
    expect(await readFile(join(project.dir, 'site-dated-1/index.html'), 'utf8')).toContain(
      'Made by cxschema on 2023-11-14T22:13:20.000Z.',
    );
    const bad = await runCli(['docs', '--out', 'site-dated-bad'], {
      cwd: project.dir,
      env: { SOURCE_DATE_EPOCH: 'yesterday' },
    });
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('SOURCE_DATE_EPOCH must be a whole number of seconds');
    await expect(stat(join(project.dir, 'site-dated-bad'))).rejects.toThrow();
    // Told first: before the files are validated (and the org read), not after.
    const broken = join(project.dir, 'schemas-broken-dated');
    await mkdir(broken, { recursive: true });
    await writeFile(join(broken, 'order.schema.json'), JSON.stringify(definition('order', [ref('buyer', 'nobody')])));
    const first = await runCli(['docs', 'schemas-broken-dated', '--out', 'site-dated-bad'], {
      cwd: project.dir,
      env: { SOURCE_DATE_EPOCH: 'yesterday' },
    });
    expect(first.code).toBe(64);
    expect(first.stderr).toContain('SOURCE_DATE_EPOCH must be a whole number of seconds');
    expect(first.stderr).not.toContain('REFERENCE_TARGET_UNKNOWN');
  });

  it("shows each schema's family on its page and in the index: the file's own target, or the config's", async () => {
    const dir = join(project.dir, 'schemas-families');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'customer.schema.json'), JSON.stringify(customerV2));
    const contact = {
      externalId: 'vip_contact',
      name: 'VIP contact',
      target: 'contacts',
      fields: [{ name: 'tier', fieldtype: 'string', constraints: { enum: ['gold', 'platinum'] } }],
    };
    await writeFile(join(dir, 'vip_contact.schema.json'), JSON.stringify(contact));
    const result = await runCli(['docs', 'schemas-families', '--out', 'site-families'], { cwd: project.dir });
    expect(result.code).toBe(0);
    const page = (id: string): Promise<string> =>
      readFile(join(project.dir, `site-families/schemas/${id}.html`), 'utf8');
    expect(await page('vip_contact')).toContain(
      '<dt>family</dt><dd>contacts <span class="meta">(contact schemas)</span></dd>',
    );
    expect(await page('customer')).toContain(
      '<dt>family</dt><dd>customobjects <span class="meta">(custom object schemas)</span> <span class="default">(the config\'s target)</span></dd>',
    );
    const index = await readFile(join(project.dir, 'site-families/index.html'), 'utf8');
    expect(index).toMatch(/data-id="vip_contact">[^]*?<span class="family">contacts<\/span>/);
    expect(index).toMatch(/data-id="customer">[^]*?<span class="family">customobjects<\/span>/);
    expect(index).toContain('data-search="vip_contact vip contact contacts"');
  });

  it('reruns over its own catalog whose manifest is gone, its stylesheet changed as by an upgrade', async () => {
    expect((await runCli(['docs', '--out', 'site-unlisted'], { cwd: project.dir })).code).toBe(0);
    await rm(join(project.dir, 'site-unlisted/.cxschema-output.json'));
    const css = join(project.dir, 'site-unlisted/assets/catalog.css');
    await writeFile(css, (await readFile(css, 'utf8')) + '.older { color: red; }\n');
    const again = await runCli(['docs', '--out', 'site-unlisted'], { cwd: project.dir });
    expect(again.code, again.stderr).toBe(0);
    expect(await readFile(css, 'utf8')).not.toContain('.older');
  });

  it("with --env, reads the environment's family and shows a file without a target as the config's", async () => {
    const own = await createProject(
      'schemas:\n  - "schemas/*.schema.json"\nenvironments:\n  prod: { target: contacts }\n',
    );
    try {
      const contact = {
        externalId: 'vip_contact',
        name: 'VIP contact',
        target: 'contacts' as const,
        fields: [{ name: 'tier', fieldtype: 'string' as const }],
      };
      await own.write([contact, customerV2]);
      const applied = await runCli(['--emulator', '--env', 'prod', 'apply', '--auto-approve'], { cwd: own.dir });
      expect(applied.code, applied.stderr).toBe(0);
      const result = await runCli(['--emulator', '--env', 'prod', 'docs', '--out', 'site'], { cwd: own.dir });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain('read the history of 1 schema');
      const page = (id: string): Promise<string> => readFile(join(own.dir, `site/schemas/${id}.html`), 'utf8');
      expect(await page('vip_contact')).toContain('<dt>in the org</dt><dd>version 1, ');
      expect(await page('customer')).toContain('<dt>family</dt><dd>customobjects ');
    } finally {
      await own.remove();
    }
  });

  it('refuses files with errors and writes nothing', async () => {
    await project.write([customerV2, definition('order', [ref('buyer', 'nobody')])]);
    const result = await runCli(['docs', '--out', 'broken-site'], { cwd: project.dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('REFERENCE_TARGET_UNKNOWN');
    await expect(stat(join(project.dir, 'broken-site'))).rejects.toThrow();
    await project.write([customerV2, order]);
  });
});
