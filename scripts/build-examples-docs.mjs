// Rebuilds docs/examples/: the catalog of examples/ with a history (made by applying an older version of one
// schema to an emulator first), and a markdown plan of a few changes to the examples, one of them breaking.
// Run after `npm run build`: node scripts/build-examples-docs.mjs
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'dist/bin/cxschema.js');
const work = mkdtempSync(join(tmpdir(), 'cxschema-examples-'));
const out = join(repo, 'docs/examples');

function cxschema(args, { allowExit = [0] } = {}) {
  try {
    return execFileSync(process.execPath, [cli, ...args], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
  } catch (error) {
    if (allowExit.includes(error.status)) return error.stdout;
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

  // History: product as it was two versions ago (no datasheet, fewer tags, a shorter title), then as it is.
  edit('product', (p) => {
    p.fields = p.fields.filter((f) => f.name !== 'datasheet');
    p.fields.find((f) => f.name === 'tags').constraints.maxItems = 10;
    p.fields.find((f) => f.name === 'title').constraints = { maxLength: 120 };
  });
  cxschema(['apply', '--emulator', '--auto-approve']);
  writeFileSync(schemaFile('product'), product);
  cxschema(['apply', '--emulator', '--auto-approve']);
  rmSync(join(out, 'catalog'), { recursive: true, force: true });
  cxschema(['docs', '--emulator', '--out', join(out, 'catalog'), '--title', 'cxschema examples']);

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
  writeFileSync(join(out, 'plan.md'), cxschema(['plan', '--emulator', '--format', 'markdown'], { allowExit: [0, 1] }));
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.stdout.write(`wrote ${join(out, 'catalog')} and ${join(out, 'plan.md')}\n`);
