// Rebuilds docs/examples/: the catalog of examples/ with a history (made by applying an older version of one
// schema to an emulator first), and a markdown plan of a few changes to the examples, one of them breaking.
// Run after `npm run build`: node scripts/build-examples-docs.mjs [DIR] (DIR: another folder than docs/examples,
// to compare).
//
// A rebuild with nothing changed is byte-identical, so the examples change in git only when what they show does.
// Every date in them is fixed, from DATED:
// - the catalog's "Made by cxschema on": SOURCE_DATE_EPOCH, which `cxschema docs` honours (docs/catalog.md);
// - each version's date, which the emulator's clock gives: the applies go to an emulator started here, on the
//   library's `startEmulator`, whose `now` is a clock of this script's; `docs --emulator` and `plan --emulator` then
//   read the state it saved;
// - the plan's "Made by cxschema at": the CLI dates a plan by the clock, with no option or variable to say
//   otherwise (a plan's date says when the org was read, which SOURCE_DATE_EPOCH would misstate), so that line of
//   plan.md is rewritten here.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'dist/bin/cxschema.js');
const { startEmulator } = await import(new URL('../dist/index.js', import.meta.url).href);
const work = mkdtempSync(join(tmpdir(), 'cxschema-examples-'));
const out = process.argv[2] === undefined ? join(repo, 'docs/examples') : resolve(process.argv[2]);

/** 2026-01-01T00:00:00Z: when the examples say they were made. Moved only on purpose: every example changes. */
const DATED = 1767225600;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Runs the CLI; asynchronous, as the emulator answering it runs in this process. */
async function cxschema(args, { allowExit = [0], env = {} } = {}) {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, ...args], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: String(DATED), ...env },
    });
    return stdout;
  } catch (error) {
    if (allowExit.includes(error.code)) return error.stdout;
    throw error;
  }
}

const schemaFile = (name) => join(work, 'examples/catalog', `${name}.schema.yaml`);
const edit = (name, change) => {
  const value = parse(readFileSync(schemaFile(name), 'utf8'));
  change(value);
  writeFileSync(schemaFile(name), stringify(value));
};

try {
  cpSync(join(repo, 'examples'), join(work, 'examples'), { recursive: true });
  writeFileSync(join(work, 'cxschema.config.yaml'), 'schemas:\n  - examples/**/*.schema.yaml\n');
  const product = readFileSync(schemaFile('product'), 'utf8');

  // History: product as it was two versions ago (no datasheet, fewer tags, a shorter title), applied 14 days before
  // DATED, then as it is, 7 days before. The emulator saves its state where `--emulator` reads it.
  let now = DATED * 1000 - 14 * DAY_MS;
  const emulator = await startEmulator({
    port: 0,
    host: '127.0.0.1',
    dataPath: join(work, '.cxschema/emulator-state.json'),
    rateLimitPerMinute: 0,
    now: () => now,
  });
  try {
    const env = {
      GENESYS_OAUTH_CLIENT_ID: emulator.demoClient.id,
      GENESYS_OAUTH_CLIENT_SECRET: emulator.demoClient.secret,
      GENESYS_OAUTH_DOMAIN: emulator.url,
    };
    edit('product', (p) => {
      p.fields = p.fields.filter((f) => f.name !== 'datasheet');
      p.fields.find((f) => f.name === 'tags').constraints.maxItems = 10;
      p.fields.find((f) => f.name === 'title').constraints = { maxLength: 120 };
    });
    await cxschema(['apply', '--auto-approve'], { env });
    now = DATED * 1000 - 7 * DAY_MS;
    writeFileSync(schemaFile('product'), product);
    await cxschema(['apply', '--auto-approve'], { env });
  } finally {
    await emulator.stop();
  }
  rmSync(join(out, 'catalog'), { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await cxschema(['docs', '--emulator', '--out', join(out, 'catalog'), '--title', 'cxschema examples']);

  // A plan for review: a compatible update, a new schema, and a breaking removal that the plan blocks.
  edit('product', (p) =>
    p.fields.push({ name: 'weight_kg', fieldtype: 'number', description: 'Shipping weight', constraints: { min: 0 } }),
  );
  edit('warehouse', (w) => (w.fields = w.fields.filter((f) => f.name !== 'operator')));
  writeFileSync(
    schemaFile('shipment'),
    stringify({
      externalId: 'shipment',
      name: 'Shipment',
      description: 'A delivery of one purchase order.',
      fields: [
        { name: 'order', fieldtype: 'reference', required: true, constraints: { referencedType: 'purchase_order' } },
        { name: 'shipped_at', fieldtype: 'dateTime' },
      ],
    }),
  );
  const plan = await cxschema(['plan', '--emulator', '--format', 'markdown'], { allowExit: [0, 1] });
  const made = /^<sub>Made by cxschema at [0-9T:.-]+Z\.<\/sub>$/m;
  if (!made.test(plan)) throw new Error(`plan.md has no "Made by cxschema at" line to date:\n${plan}`);
  const dated = `<sub>Made by cxschema at ${new Date(DATED * 1000).toISOString()}.</sub>`;
  writeFileSync(join(out, 'plan.md'), plan.replace(made, dated));
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(`wrote ${join(out, 'catalog')} and ${join(out, 'plan.md')}\n`);
