/**
 * The catalog's pages hold a file's text so that it reads as written: text set beside other text is isolated, so a
 * right-to-left override in it cannot reorder its neighbours, and a description keeps its line breaks.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG_CSS } from '../../src/cli/render/site/catalog-assets.js';
import { buildCatalogSite } from '../../src/cli/render/site/catalog-site.js';
import { buildGraphReport } from '../../src/graph/graph-report.js';
import type { RemoteSchema, SchemaDefinition } from '../../src/model/schema.js';

const RLO = '\u202E';

function site(definition: SchemaDefinition, histories?: Map<string, RemoteSchema[]>): Map<string, string> {
  const report = buildGraphReport([{ externalId: definition.externalId, fields: definition.fields, file: 'x.yaml' }], {
    systemObjects: [],
  });
  const files = buildCatalogSite({
    title: 'Catalog',
    schemas: [{ definition, file: 'x.yaml', family: 'customobjects' }],
    report,
    defaultMode: 'BACKWARD',
    diagramSvg: '<svg></svg>',
    generatedAt: '2024-01-01T00:00:00Z',
    ...(histories === undefined ? {} : { org: { domain: 'example.test', histories } }),
  });
  return new Map(files.map((file) => [file.path, file.text]));
}

describe('the catalog', () => {
  const ticket: SchemaDefinition = {
    externalId: 'ticket',
    name: `Ticket ${RLO}evil`,
    description: 'First line.\nSecond line: <b>not bold</b>.',
    fields: [
      {
        name: 'tier',
        fieldtype: 'string',
        description: 'One\nTwo',
        constraints: { enum: [`${RLO}gold`, 'silver'] },
      },
      { name: 'code', fieldtype: 'string', constraints: { pattern: `^${RLO}[a-z]+$` } },
    ],
  };
  const pages = site(ticket);
  const index = pages.get('index.html')!;
  const page = pages.get('schemas/ticket.html')!;

  it('isolates a name from the externalId beside it, in the index and in the title', () => {
    expect(index).toContain(`<a href="schemas/ticket.html"><bdi>Ticket ${RLO}evil</bdi></a> <code>ticket</code>`);
    expect(page).toContain(`<title>\u2068Ticket ${RLO}evil\u2069 (ticket): \u2068Catalog\u2069</title>`);
    expect(page).toContain(`<h1 dir="auto">Ticket ${RLO}evil</h1>`);
  });

  it("balances a text's own isolates and overrides, so none closes or outlasts the isolate around it", () => {
    const hostile: SchemaDefinition = {
      externalId: 'ab',
      name: 'Ab\u2069\u202Ecd',
      description: 'x\u2069\u2066y',
      fields: [{ name: 'tier', fieldtype: 'string', constraints: { enum: ['\u2067a\u202Bb\u202C\u202C', 'z'] } }],
    };
    const hostilePages = site(hostile);
    const hostilePage = hostilePages.get('schemas/ab.html')!;
    // The stray pop isolate is dropped: the isolate's own closes the override, and the externalId is outside both.
    expect(hostilePage).toContain('<title>\u2068Ab\u202Ecd\u2069 (ab): \u2068Catalog\u2069</title>');
    expect(hostilePages.get('index.html')).toContain(
      '<a href="schemas/ab.html"><bdi>Ab\u202Ecd</bdi></a> <code>ab</code>',
    );
    expect(hostilePages.get('index.html')).toContain('<span class="description" dir="auto">x\u2066y\u2069</span>');
    expect(hostilePage).toContain(
      '<code class="enum"><bdi>&quot;\u2067a\u202Bb\u202C&quot;\u2069</bdi></code> <code class="enum"><bdi>&quot;z&quot;</bdi></code>',
    );
  });

  it('isolates each enum value from the next, and a pattern from its label', () => {
    expect(page).toContain(
      `one of <code class="enum"><bdi>&quot;${RLO}gold&quot;</bdi></code> <code class="enum"><bdi>&quot;silver&quot;</bdi></code>`,
    );
    expect(page).toContain(`pattern <code><bdi>^${RLO}[a-z]+$</bdi></code>`);
  });

  it("isolates a version's changed texts from the arrow between them, and leaves numbers as they are", () => {
    const version = (n: number, name: string, maxLength: number): RemoteSchema => ({
      id: 'i',
      externalId: 'ticket',
      name,
      version: n,
      status: 'PUBLISHED',
      fields: [{ name: 'code', fieldtype: 'string', constraints: { maxLength } }],
      dateCreated: '2024-01-01T00:00:00Z',
      dateModified: '2024-01-01T00:00:00Z',
      selfUri: '',
    });
    const history = site(ticket, new Map([['ticket', [version(1, `${RLO}Ticket`, 10), version(2, 'Ticket', 20)]]]));
    const online = history.get('schemas/ticket.html')!;
    expect(online).toContain(
      `~ name: <code><bdi>&quot;${RLO}Ticket&quot;</bdi></code> → <code><bdi>&quot;Ticket&quot;</bdi></code>`,
    );
    expect(online).toContain('constraints.maxLength: <code>10</code> → <code>20</code>');
  });

  it('keeps the line breaks of a description, escaped, its direction its own', () => {
    expect(index).toContain(
      '<span class="description" dir="auto">First line.\nSecond line: &lt;b&gt;not bold&lt;/b&gt;.</span>',
    );
    expect(page).toContain(
      '<p class="lead description" dir="auto">First line.\nSecond line: &lt;b&gt;not bold&lt;/b&gt;.</p>',
    );
    expect(page).toContain('<td class="description" dir="auto">One\nTwo</td>');
    expect(CATALOG_CSS).toMatch(/^\.description \{ white-space: pre-line; \}$/m);
    expect(pages.get('assets/catalog.css')).toBe(CATALOG_CSS);
  });
});

describe("the catalog's references", () => {
  it('calls a target a system object only when it is one', () => {
    const order: SchemaDefinition = {
      externalId: 'order',
      name: 'Order',
      fields: [
        { name: 'owner', fieldtype: 'reference', constraints: { referencedType: 'user' } },
        { name: 'odd', fieldtype: 'reference', constraints: { referencedType: 'x"><b>nowhere</b>' } },
      ],
    };
    const report = buildGraphReport([{ externalId: 'order', fields: order.fields, file: 'x.yaml' }], {
      systemObjects: ['user'],
    });
    const page = buildCatalogSite({
      title: 'Catalog',
      schemas: [{ definition: order, file: 'x.yaml', family: 'customobjects' }],
      report,
      defaultMode: 'BACKWARD',
      diagramSvg: '<svg></svg>',
      generatedAt: '2024-01-01T00:00:00Z',
    }).find((file) => file.path === 'schemas/order.html')!.text;
    expect(page).toContain('<span class="system">user</span> <span class="meta">(system object)</span>');
    expect(page).toContain(
      '<span class="system">x&quot;&gt;&lt;b&gt;nowhere&lt;/b&gt;</span> <span class="meta">(unknown: neither a system object nor a schema of the catalog)</span>',
    );
  });
});

describe("the catalog's text with control characters", () => {
  it('shows each as U+FFFD, keeping tabs and line breaks, so the page holds none', () => {
    const pages = site({
      externalId: 'odd',
      name: 'Odd\u0000\u001b[2J',
      description: 'one\ttwo\nthree\u0007',
      fields: [{ name: 'a', fieldtype: 'string', description: 'x\u000by' }],
    });
    for (const text of pages.values())
      // eslint-disable-next-line no-control-regex
      expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
    const page = pages.get('schemas/odd.html')!;
    expect(page).toContain('<h1 dir="auto">Odd\uFFFD\uFFFD[2J</h1>');
    expect(page).toContain('one\ttwo\nthree\uFFFD');
    expect(page).toContain('x\uFFFDy');
  });
});
