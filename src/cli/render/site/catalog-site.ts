/**
 * The schema catalog (`cxschema docs`): a static site, one page per schema plus an index, that opens from the
 * file system with no server and no network. Everything is computed here as files; the CLI writes them.
 * docs/catalog.md describes what a page shows.
 */
import { diffFields, type FieldDiffEntry } from '../../../compat/field-diff.js';
import type { GraphReport } from '../../../graph/graph-report.js';
import { familyNamed } from '../../../family/index.js';
import type { CompatibilityMode, FamilyName, RemoteSchema, SchemaDefinition } from '../../../model/schema.js';
import type { OutputFile } from '../../write-output-folder.js';
import { CATALOG_CSS, CATALOG_JS, GENERATOR_META } from './catalog-assets.js';
import { fieldRows, type FieldRow } from './field-rows.js';
import { balancedBidi, esc, isolated, isolatedPlain, schemaPage, valueHtml } from './html.js';

export interface CatalogSchema {
  definition: SchemaDefinition;
  /** The file it was read from, as shown to the user. */
  file: string;
  /** The platform family it is deployed to: the file's own `target`, or the config's (docs/families.md). */
  family: FamilyName;
}

export interface CatalogOrg {
  domain: string;
  /** Every version of each schema the org holds, oldest first, by externalId. */
  histories: ReadonlyMap<string, readonly RemoteSchema[]>;
}

export interface CatalogInput {
  title: string;
  schemas: readonly CatalogSchema[];
  report: GraphReport;
  /** The compatibility mode of schemas that do not set their own. */
  defaultMode: CompatibilityMode;
  /** The reference graph drawn as SVG, each schema's node linking to `schemas/<id>.html`. */
  diagramSvg: string;
  generatedAt: string;
  /** What only the org knows; absent offline. */
  org?: CatalogOrg;
}

export function buildCatalogSite(input: CatalogInput): OutputFile[] {
  const schemas = [...input.schemas].sort((a, b) => (a.definition.externalId < b.definition.externalId ? -1 : 1));
  const known = new Set(schemas.map((schema) => schema.definition.externalId));
  const files: OutputFile[] = [
    { path: 'assets/catalog.css', text: CATALOG_CSS },
    { path: 'assets/catalog.js', text: CATALOG_JS },
    { path: 'index.html', text: indexPage(input, schemas) },
  ];
  const edges = edgesByEnd(input.report);
  for (const schema of schemas)
    files.push({ path: schemaPage(schema.definition.externalId), text: schemaPageHtml(input, schema, known, edges) });
  return files;
}

function page(options: { title: string; root: string; body: string; script?: boolean }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
${GENERATOR_META}
<title>${esc(options.title)}</title>
<link rel="stylesheet" href="${options.root}assets/catalog.css">
</head>
<body>
${options.body}
<script src="${options.root}assets/catalog.js"></script>
</body>
</html>
`;
}

function statusBadge(status: string): string {
  return `<span class="badge status-${esc(status.toLowerCase())}">${esc(status)}</span>`;
}

const nodesByReport = new WeakMap<GraphReport, Map<string, GraphReport['nodes'][number]>>();

function waveText(report: GraphReport, id: string): string {
  let nodes = nodesByReport.get(report);
  if (nodes === undefined) {
    nodes = new Map(report.nodes.map((node) => [node.id, node]));
    nodesByReport.set(report, nodes);
  }
  const node = nodes.get(id);
  if (node?.blocked === true) return '<span class="blocked">blocked: in a reference cycle or depending on one</span>';
  return node?.wave !== undefined ? `wave ${node.wave + 1} of ${report.waves.length}` : '';
}

function fieldPaths(rows: readonly FieldRow[]): string {
  return rows.map((row) => row.path).join(' ');
}

function indexPage(input: CatalogInput, schemas: readonly CatalogSchema[]): string {
  const { report } = input;
  const items = schemas.map(({ definition, family }) => {
    const rows = fieldRows(definition.fields, () => undefined, familyNamed(family).fieldDefaults);
    const search = `${definition.externalId} ${definition.name} ${family}`.toLowerCase();
    const remote = input.org?.histories.get(definition.externalId)?.at(-1);
    return `<li data-search="${esc(search)}" data-fields="${esc(fieldPaths(rows))}" data-id="${esc(definition.externalId)}">
<a href="${schemaPage(definition.externalId)}">${isolated(definition.name)}</a> <code>${esc(definition.externalId)}</code> ${statusBadge(definition.status ?? 'PUBLISHED')}
<span class="meta"><span class="family">${esc(family)}</span> · ${waveText(report, definition.externalId)} · ${rows.length} ${rows.length === 1 ? 'field' : 'fields'}${remote === undefined ? '' : ` · v${remote.version} in the org`}</span>
${definition.description === undefined ? '' : `<span class="description" dir="auto">${esc(balancedBidi(definition.description))}</span>`}
<span class="match"></span>
</li>`;
  });
  const ids = new Set(schemas.map((schema) => schema.definition.externalId));
  const link = (id: string): string =>
    ids.has(id) ? `<a href="${schemaPage(id)}">${esc(id)}</a>` : `<span class="system">${esc(id)}</span>`;
  const waves = report.waves
    .map((wave, index) => `<li><strong>wave ${index + 1}</strong>: ${wave.map(link).join(', ')}</li>`)
    .join('\n');
  const cycles =
    report.cycles.length === 0
      ? '<p>No reference cycles.</p>'
      : `<ul class="cycles">${report.cycles.map((cycle) => `<li class="blocked">${[...cycle, cycle[0]!].map(link).join(' → ')}</li>`).join('\n')}</ul>` +
        (report.blocked.length > 0
          ? `<p class="blocked">Blocked (never deployable until the cycle is broken): ${report.blocked.map(link).join(', ')}</p>`
          : '');
  const where =
    input.org === undefined ? 'from the schema files' : `from the schema files and the org at ${esc(input.org.domain)}`;
  const body = `<header><h1>${esc(input.title)}</h1><p class="meta">${schemas.length} ${schemas.length === 1 ? 'schema' : 'schemas'}, ${where}. Made by cxschema on ${esc(input.generatedAt)}.</p></header>
<main>
<section aria-labelledby="schemas-heading">
<h2 id="schemas-heading">Schemas</h2>
<label class="search" for="search">Search schemas and fields <input id="search" type="search" placeholder="name, externalId or field" autocomplete="off"></label>
<p id="count" class="meta" aria-live="polite">${schemas.length} schemas</p>
<ul id="schema-list" class="schemas">
${items.join('\n')}
</ul>
</section>
<section aria-labelledby="graph-heading">
<h2 id="graph-heading">Reference graph</h2>
<p class="meta">An arrow a → b: schema a references b, so b is deployed first. Boxes are grouped by deploy wave; red marks a reference cycle. Select a schema to open its page.</p>
<div class="diagram${report.nodes.length > 40 ? ' large' : ''}" id="graph">${input.diagramSvg}</div>
<h3>Deploy waves</h3>
<ol class="waves">${waves}</ol>
<h3>Reference cycles</h3>
${cycles}
</section>
</main>`;
  return page({ title: input.title, root: '', body });
}

type Edge = GraphReport['edges'][number];

function edgesByEnd(report: GraphReport): { from: Map<string, Edge[]>; to: Map<string, Edge[]> } {
  const from = new Map<string, Edge[]>();
  const to = new Map<string, Edge[]>();
  for (const edge of report.edges) {
    (from.get(edge.from) ?? from.set(edge.from, []).get(edge.from)!).push(edge);
    (to.get(edge.to) ?? to.set(edge.to, []).get(edge.to)!).push(edge);
  }
  return { from, to };
}

function schemaPageHtml(
  input: CatalogInput,
  schema: CatalogSchema,
  known: ReadonlySet<string>,
  edges: { from: Map<string, Edge[]>; to: Map<string, Edge[]> },
): string {
  const { definition } = schema;
  const id = definition.externalId;
  const link = (target: string): string | undefined =>
    known.has(target) ? `${encodeURIComponent(target)}.html` : undefined;
  const rows = fieldRows(definition.fields, link, familyNamed(schema.family).fieldDefaults);
  const mode = definition.compatibility ?? input.defaultMode;
  const history = input.org?.histories.get(id) ?? [];
  const current = history.at(-1);

  const meta: Array<[string, string]> = [
    ['externalId', `<code>${esc(id)}</code>`],
    [
      'status',
      `${statusBadge(definition.status ?? 'PUBLISHED')}${definition.status === undefined ? ' <span class="default">(default)</span>' : ''}`,
    ],
    [
      'compatibility',
      `${esc(mode)}${definition.compatibility === undefined ? ' <span class="default">(the config\'s mode)</span>' : ''}`,
    ],
    [
      'family',
      `${esc(schema.family)} <span class="meta">(${esc(familyNamed(schema.family).label)})</span>${definition.target === undefined ? ' <span class="default">(the config\'s target)</span>' : ''}`,
    ],
    ['deploy', waveText(input.report, id) || 'n/a'],
    ['file', `<code>${esc(schema.file)}</code>`],
  ];
  if (input.org !== undefined) {
    if (current === undefined) meta.push(['in the org', 'not yet: the next apply creates it']);
    else {
      meta.push(['in the org', `version ${current.version}, ${statusBadge(current.status)}`]);
      meta.push(['created', `<time>${esc(history[0]!.dateCreated)}</time>`]);
      meta.push(['modified', `<time>${esc(current.dateModified)}</time>`]);
    }
  }

  const outgoing = groupEdges(edges.from.get(id) ?? [], (edge) => edge.to);
  const incoming = groupEdges(
    (edges.to.get(id) ?? []).filter((edge) => edge.from !== id),
    (edge) => edge.from,
  );
  // A target outside the catalog is a system object only when it is one: with REFERENCE_TARGET_UNKNOWN lowered from
  // error it may be any text, which the diagram beside it draws as unknown.
  const external = (target: string): string =>
    input.report.nodes.some((node) => node.id === target && node.kind === 'system')
      ? '(system object)'
      : '(unknown: neither a system object nor a schema of the catalog)';
  const refList = (groups: Map<string, string[]>, empty: string): string =>
    groups.size === 0
      ? `<p class="meta">${empty}</p>`
      : `<ul>${[...groups].map(([target, fields]) => `<li>${link(target) === undefined ? `<span class="system">${esc(target)}</span> <span class="meta">${external(target)}</span>` : `<a href="${link(target)!}">${esc(target)}</a>`} <span class="meta">by ${fields.map((f) => `<code>${esc(f)}</code>`).join(', ')}</span></li>`).join('')}</ul>`;

  const body = `<nav><a href="../index.html" id="back">← All schemas</a></nav>
<header><h1 dir="auto">${esc(definition.name)}</h1>
${definition.description === undefined ? '' : `<p class="lead description" dir="auto">${esc(definition.description)}</p>`}
<dl class="facts">${meta.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('')}</dl></header>
<main>
<section aria-labelledby="fields-heading"><h2 id="fields-heading">Fields</h2>
<div class="table-wrap"><table class="fields">
<thead><tr><th>field</th><th>type</th><th>required</th><th>constraints</th><th>description</th></tr></thead>
<tbody>
${rows.map(fieldRowHtml).join('\n')}
</tbody></table></div></section>
<section aria-labelledby="refs-heading"><h2 id="refs-heading">References</h2>
<h3>This schema references</h3>${refList(outgoing, 'Nothing.')}
<h3>Referenced by</h3>${refList(incoming, 'No schema of the catalog.')}
</section>
${input.org === undefined ? '' : historySection(history)}
</main>`;
  return page({ title: `${isolatedPlain(definition.name)} (${id}): ${isolatedPlain(input.title)}`, root: '../', body });
}

function fieldRowHtml(row: FieldRow): string {
  const name = row.path.slice(row.path.lastIndexOf('.') + 1);
  return `<tr class="depth-${row.depth}" id="field-${esc(row.path)}"><td class="name"><code title="${esc(row.path)}">${esc(row.depth === 0 ? row.path : name)}</code></td><td>${row.type}</td><td>${row.required ? '<strong>required</strong>' : 'optional'}</td><td>${row.constraints.join('<br>')}</td>${row.description === undefined ? '<td></td>' : `<td class="description" dir="auto">${esc(row.description)}</td>`}</tr>`;
}

function groupEdges(
  edges: GraphReport['edges'],
  key: (edge: GraphReport['edges'][number]) => string,
): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const edge of edges) {
    const list = groups.get(key(edge)) ?? [];
    list.push(edge.fieldPath);
    groups.set(key(edge), list);
  }
  return groups;
}

function historySection(history: readonly RemoteSchema[]): string {
  if (history.length === 0)
    return '<section><h2>History</h2><p class="meta">The org does not hold this schema yet.</p></section>';
  const entries = [...history.keys()].reverse().map((index) => {
    const version = history[index]!;
    const previous = index === 0 ? undefined : history[index - 1];
    const changes = previous === undefined ? [] : versionChanges(previous, version);
    const summary = `<summary>version ${version.version} ${statusBadge(version.status)} <time>${esc(version.dateModified)}</time> <span class="meta">${previous === undefined ? 'created' : `${changes.length} ${changes.length === 1 ? 'change' : 'changes'}`}</span></summary>`;
    const list =
      previous === undefined
        ? `<p class="meta">The first version: ${version.fields.length} top-level fields.</p>`
        : changes.length === 0
          ? '<p class="meta">Same contents as the version before.</p>'
          : `<ul class="diff">${changes.join('')}</ul>`;
    return `<details${index === history.length - 1 ? ' open' : ''}>${summary}${list}</details>`;
  });
  return `<section aria-labelledby="history-heading"><h2 id="history-heading">History</h2>\n${entries.join('\n')}\n</section>`;
}

function versionChanges(before: RemoteSchema, after: RemoteSchema): string[] {
  const out: string[] = [];
  for (const property of ['name', 'description', 'status'] as const) {
    if (before[property] !== after[property])
      out.push(
        `<li class="changed">~ ${property}: <code>${valueHtml(before[property])}</code> → <code>${valueHtml(after[property])}</code></li>`,
      );
  }
  for (const entry of diffFields(before.fields, after.fields)) out.push(diffEntryHtml(entry));
  return out;
}

function diffEntryHtml(entry: FieldDiffEntry): string {
  if (entry.kind === 'added')
    return `<li class="added">+ field <code>${esc(entry.path)}</code>${fieldType(entry.after)}</li>`;
  if (entry.kind === 'removed')
    return `<li class="removed">− field <code>${esc(entry.path)}</code>${fieldType(entry.before)}</li>`;
  return `<li class="changed">~ <code>${esc(entry.path)}</code> ${esc(entry.property ?? '')}: <code>${valueHtml(entry.before)}</code> → <code>${valueHtml(entry.after)}</code></li>`;
}

function fieldType(value: unknown): string {
  const type = typeof value === 'object' && value !== null ? (value as { fieldtype?: unknown }).fieldtype : undefined;
  return typeof type === 'string' ? `: ${esc(type)}` : '';
}
