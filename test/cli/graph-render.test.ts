import { describe, expect, it } from 'vitest';
import { buildGraphReport, type GraphReportSchema } from '../../src/graph/graph-report.js';
import type { SchemaField } from '../../src/model/schema.js';
import { renderGraphDot } from '../../src/cli/render/graph-dot.js';
import { renderGraphMermaid } from '../../src/cli/render/graph-mermaid.js';
import { refuseOlderNode, renderPositionedDot } from '../../src/cli/render/graph-svg.js';
import { CxError } from '../../src/model/errors.js';

const ref = (name: string, target: string): SchemaField => ({
  name,
  fieldtype: 'reference',
  constraints: { referencedType: target },
});
const schema = (externalId: string, fields: SchemaField[]): GraphReportSchema => ({
  externalId,
  fields,
  file: `schemas/${externalId}.schema.yaml`,
});

const schemas: GraphReportSchema[] = [
  schema('customer', [ref('contact', 'contact'), ref('parent', 'customer')]),
  schema('order', [ref('buyer', 'customer'), ref('seller', 'customer'), ref('ghost', 'nowhere')]),
  schema('alpha', [ref('beta', 'beta')]),
  schema('beta', [ref('alpha', 'alpha')]),
  schema('gamma', [ref('alpha', 'alpha')]),
];
const report = buildGraphReport(schemas, { systemObjects: ['contact', 'user'] });

describe('buildGraphReport', () => {
  it('lists schemas with their wave or blocked state, then external nodes by kind', () => {
    expect(report.nodes).toEqual([
      { id: 'alpha', kind: 'schema', files: ['schemas/alpha.schema.yaml'], blocked: true },
      { id: 'beta', kind: 'schema', files: ['schemas/beta.schema.yaml'], blocked: true },
      { id: 'customer', kind: 'schema', files: ['schemas/customer.schema.yaml'], wave: 0 },
      { id: 'gamma', kind: 'schema', files: ['schemas/gamma.schema.yaml'], blocked: true },
      { id: 'order', kind: 'schema', files: ['schemas/order.schema.yaml'], wave: 1 },
      { id: 'contact', kind: 'system' },
      { id: 'nowhere', kind: 'unknown' },
    ]);
    expect(report.waves).toEqual([['customer'], ['order']]);
    expect(report.blocked).toEqual(['alpha', 'beta', 'gamma']);
    expect(report.cycles).toEqual([['alpha', 'beta']]);
    expect(report.cyclesTruncated).toBe(false);
  });

  it('keeps one edge per referencing field, marking external, self and cycle edges', () => {
    const flags = report.edges.map(
      (e) =>
        `${e.from}->${e.to} ${e.fieldPath}${e.external ? ' external' : ''}${e.self ? ' self' : ''}${e.inCycle ? ' cycle' : ''}`,
    );
    expect(flags).toEqual([
      'alpha->beta beta cycle',
      'beta->alpha alpha cycle',
      'customer->contact contact external',
      'customer->customer parent self',
      'gamma->alpha alpha',
      'order->customer buyer',
      'order->customer seller',
      'order->nowhere ghost external',
    ]);
  });
});

describe('renderGraphMermaid', () => {
  const text = renderGraphMermaid(report);
  it('draws a subgraph per wave and one for blocked schemas', () => {
    expect(text.startsWith('flowchart LR\n')).toBe(true);
    expect(text).toContain('  subgraph wave_0["wave 1"]\n    n2["customer"]\n  end');
    expect(text).toContain('  subgraph wave_1["wave 2"]\n    n4["order"]\n  end');
    expect(text).toContain(
      'subgraph blocked["blocked: in a reference cycle or depending on one"]\n    n0["alpha"]:::blocked\n    n1["beta"]:::blocked\n    n3["gamma"]:::blocked\n  end',
    );
  });

  it('draws external nodes, one arrow per pair with every field, and cycle edges red', () => {
    expect(text).toContain('  n5(["contact"]):::system');
    expect(text).toContain('  n6{{"nowhere (unknown)"}}:::unknown');
    expect(text).toContain('  n4 -->|"buyer, seller"| n2');
    const arrows = text.split('\n').filter((line) => line.includes('-->|'));
    expect(arrows).toHaveLength(7);
    expect(arrows.slice(0, 2)).toEqual(['  n0 -->|"beta"| n1', '  n1 -->|"alpha"| n0']);
    expect(text).toContain('  linkStyle 0,1 stroke:#d00,stroke-width:2px');
  });

  it('escapes quotes in labels', () => {
    const odd = renderGraphMermaid(buildGraphReport([schema('a"b', [ref('x', 'c"d')])], { systemObjects: [] }));
    expect(odd).toContain('["a#quot;b"]');
    expect(odd).not.toMatch(/\["a"b"\]/);
  });

  it('escapes < and > in an unknown target, and a # that would start an entity code', () => {
    const odd = renderGraphMermaid(
      buildGraphReport([schema('order', [ref('buyer', '<img src=x onerror=alert(1)>#quot;')])], { systemObjects: [] }),
    );
    expect(odd).toContain('{{"#lt;img src=x onerror=alert(1)#gt;#35;quot; (unknown)"}}:::unknown');
    expect(odd).not.toContain('<img');
  });

  it('codes a % in a label, so that no directive in a target reconfigures or swallows the diagram', () => {
    // Mermaid takes `%%{...}%%` anywhere in the text for a directive and removes it, the rest of the text with it
    // when it is not closed.
    const odd = renderGraphMermaid(
      buildGraphReport([schema('order', [ref('buyer', "%%{init: {'theme':'dark'}}%%"), ref('x', '%%{wrap')])], {
        systemObjects: [],
      }),
    );
    expect(odd).toContain(`{{"#37;#37;{init: {'theme':'dark'}}#37;#37; (unknown)"}}:::unknown`);
    expect(odd).not.toContain('%%{');
  });

  it('writes every control character of a label, \\r and DEL as much as \\n, as a space', () => {
    const odd = renderGraphMermaid(
      buildGraphReport([schema('order', [ref('buyer', 'a\r\nb\tc\u0000d\u001be\u007ff')])], { systemObjects: [] }),
    );
    expect(odd).toContain('{{"a  b c d e f (unknown)"}}:::unknown');
    // Line breaks end statements: any other control is the label's.
    // eslint-disable-next-line no-control-regex
    expect(odd).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });
});

describe('renderGraphDot', () => {
  const text = renderGraphDot(report);
  it('draws clusters per wave, a red cluster of blocked schemas and red cycle edges', () => {
    expect(text.startsWith('digraph references {\n')).toBe(true);
    expect(text.trimEnd().endsWith('}')).toBe(true);
    expect(text).toContain('  subgraph cluster_wave_0 {\n    label="wave 1";\n    "customer";\n  }');
    expect(text).toContain('  subgraph cluster_blocked {');
    expect(text).toContain('    "alpha" [color=red];');
    expect(text).toContain('  "alpha" -> "beta" [label="beta", color=red, fontcolor=red, penwidth=2];');
    expect(text).toContain('  "gamma" -> "alpha" [label="alpha"];');
    expect(text).toContain('  "order" -> "customer" [label="buyer, seller"];');
    expect(text).toContain('  "order" -> "nowhere" [label="ghost", style=dashed];');
    expect(text).toContain('  "contact" [shape=ellipse, style=dashed];');
  });

  it('writes a control character of an id as a space, a line break as a line of its label', () => {
    // Graphviz copies them into the SVG, and XML holds no control character: the image would not open at all.
    const odd = renderGraphDot(
      buildGraphReport([schema('order', [ref('buyer', 'a\u0001b\u001bc\rd\te\u007ff\ng')])], { systemObjects: [] }),
    );
    expect(odd).toContain('"a b c d e f\\ng" [shape=octagon');
    // eslint-disable-next-line no-control-regex
    expect(odd).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
  });

  it('escapes quotes and backslashes in ids', () => {
    const odd = renderGraphDot(buildGraphReport([schema('a"b\\c', [])], { systemObjects: [] }));
    expect(odd).toContain('"a\\"b\\\\c";');
  });
});

describe('loading Graphviz on a Node whose require() cannot load ES modules', () => {
  it('says which Node versions draw SVG, rather than showing an internal error', () => {
    const refused = Object.assign(new Error('require() of ES Module ... not supported'), { code: 'ERR_REQUIRE_ESM' });
    let thrown: unknown;
    try {
      refuseOlderNode(refused);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CxError);
    expect(thrown).toMatchObject({ code: 'USAGE', cause: refused });
    expect((thrown as Error).message).toContain('20.19');
    expect((thrown as Error).message).toContain(process.version);
  });

  it('passes any other failure on as it was', () => {
    const other = new Error('out of memory');
    expect(() => refuseOlderNode(other)).toThrow(other);
  });
});

describe('renderPositionedDot', () => {
  it("names a column's heading so that no target shares it, a target named as one included", () => {
    const odd = buildGraphReport(
      [schema('a', [ref('r', ' column 1')]), schema('b', [ref('r', ' column 0'), ref('s', 'a')])],
      { systemObjects: [] },
    );
    const dot = renderPositionedDot(odd);
    const headings = dot.split('\n').filter((line) => line.includes('shape=plaintext'));
    expect(headings).toHaveLength(3);
    // Each heading's node is declared once, and neither target is one of them.
    for (const line of headings) {
      const id = line.trim().split(' [')[0]!;
      expect(dot.split('\n').filter((other) => other.trim().startsWith(`${id} [`))).toHaveLength(1);
    }
    expect(headings.join('\n')).not.toMatch(/^ {2}" column [01]"/m);
    expect(dot).toContain('  " column 0" [pos=');
    expect(dot).toContain('  " column 1" [pos=');
  });
});
