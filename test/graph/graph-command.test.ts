/** `cxschema graph` end to end: the built CLI in a project folder written by the test. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli-process.js';

let dir: string;

const run = (args: string[], env?: Record<string, string>) =>
  runCli(args, { cwd: dir, ...(env === undefined ? {} : { env }) });

const schemaFile = (externalId: string, references: Record<string, string>): string =>
  [
    `externalId: ${externalId}`,
    `name: ${externalId}`,
    'fields:',
    '  - name: title',
    '    fieldtype: string',
    ...Object.entries(references).flatMap(([field, target]) => [
      `  - name: ${field}`,
      '    fieldtype: reference',
      '    constraints:',
      `      referencedType: ${target}`,
    ]),
    '',
  ].join('\n');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cxschema-graph-'));
  await mkdir(join(dir, 'schemas'));
  await writeFile(
    join(dir, 'cxschema.config.yaml'),
    'schemas:\n  - "schemas/*.schema.yaml"\nsystemObjects:\n  - invoice\n',
  );
  await writeFile(
    join(dir, 'schemas/customer.schema.yaml'),
    schemaFile('customer', { owner: 'user', billing: 'invoice' }),
  );
  await writeFile(
    join(dir, 'schemas/order.schema.yaml'),
    schemaFile('order', { buyer: 'customer', missing: 'nothing_here' }),
  );
  await writeFile(join(dir, 'schemas/ping.schema.yaml'), schemaFile('ping', { other: 'pong' }));
  await writeFile(join(dir, 'schemas/pong.schema.yaml'), schemaFile('pong', { other: 'ping' }));
  await writeFile(join(dir, 'schemas/broken.schema.yaml'), 'externalId: [unclosed\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cxschema graph', () => {
  it('prints JSON with nodes, edges and their field paths, waves, cycles and blocked schemas', async () => {
    const result = await run(['graph', '--format', 'json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      nodes: Array<{ id: string; kind: string }>;
      edges: Array<{ from: string; to: string; fieldPath: string; inCycle: boolean }>;
      waves: string[][];
      cycles: string[][];
      blocked: string[];
    };
    expect(report.waves).toEqual([['customer'], ['order']]);
    expect(report.cycles).toEqual([['ping', 'pong']]);
    expect(report.blocked).toEqual(['ping', 'pong']);
    expect(report.nodes.map((n) => `${n.id}:${n.kind}`)).toEqual([
      'customer:schema',
      'order:schema',
      'ping:schema',
      'pong:schema',
      'invoice:system',
      'nothing_here:unknown',
      'user:system',
    ]);
    expect(report.edges).toContainEqual({
      from: 'order',
      to: 'customer',
      fieldPath: 'buyer',
      external: false,
      self: false,
      inCycle: false,
    });
    expect(report.edges.filter((e) => e.inCycle).map((e) => `${e.from}->${e.to}`)).toEqual([
      'ping->pong',
      'pong->ping',
    ]);
    expect(result.stderr).toContain('1 file left out of the graph');
  });

  it('draws Mermaid by default and DOT on request, for the paths given', async () => {
    const mermaid = await run(['graph', 'schemas/order.schema.yaml', 'schemas/customer.schema.yaml']);
    expect(mermaid.code).toBe(0);
    expect(mermaid.stderr).toBe('');
    expect(mermaid.stdout).toContain('subgraph wave_1["wave 2"]');
    expect(mermaid.stdout).not.toContain('ping');
    const dot = await run(['graph', '--format', 'dot']);
    expect(dot.code).toBe(0);
    expect(dot.stdout).toContain('"ping" -> "pong" [label="other", color=red, fontcolor=red, penwidth=2];');
  });

  it('draws SVG in-process, cycle edges red, with no Graphviz installed', async () => {
    const svg = await run(['graph', '--format', 'svg'], { PATH: '/nonexistent' });
    expect(svg.code).toBe(0);
    expect(svg.stdout).toMatch(/^<\?xml[^]*<svg [^]*<\/svg>\n$/);
    expect(svg.stdout).toContain('<title>ping&#45;&gt;pong</title>\n<path fill="none" stroke="red" stroke-width="2"');
    expect(svg.stdout).toContain('<title>order</title>');
    expect(svg.stdout).toContain('>wave 2</text>');
  });

  it('refuses an unknown format as a usage error', async () => {
    const result = await run(['graph', '--format', 'png']);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain("unknown format 'png' for graph");
    expect(result.stdout).toBe('');
  });
});
