/**
 * The reference graph as SVG, laid out and drawn in-process by Graphviz compiled to WebAssembly (no system
 * binary). A graph of up to LAYERED_LIMIT schemas and edges gets Graphviz's layered layout (dot): clusters per
 * wave, each edge labelled with its fields. dot's crossing minimisation and spline routing grow much faster
 * than the graph (minutes for 500 schemas with 1,500 references), so a larger graph is placed here instead, in
 * linear time: a column per wave, rows ordered by where each schema's references sit, straight edges; Graphviz only
 * draws it (neato with positions given). docs/catalog.md shows both.
 */
import type { Graphviz } from '@hpcc-js/wasm-graphviz';
import type { GraphReport } from '../../graph/graph-report.js';
import { CxError } from '../../model/errors.js';
import { renderGraphDot, quote, type DotOptions } from './graph-dot.js';
import { drawnEdges } from './graph-edges.js';

/** Nodes plus drawn edges up to which the layered layout is used. */
export const LAYERED_LIMIT = 240;

let graphviz: Promise<Graphviz> | undefined;

function loadGraphviz(): Promise<Graphviz> {
  graphviz ??= import('@hpcc-js/wasm-graphviz').then(({ Graphviz }) => Graphviz.load(), refuseOlderNode);
  return graphviz;
}

/**
 * The command's bundle loads Graphviz, an ES module package, with require() (docs/architecture.md, "The command as
 * one bundle"), which Node does from 20.19 on 20 and from 22.12 on: package.json's `engines`. npm only warns when
 * an install falls outside it, so an older Node is told here what it lacks, rather than shown an internal error.
 */
export function refuseOlderNode(error: unknown): never {
  if (typeof error !== 'object' || error === null || (error as { code?: unknown }).code !== 'ERR_REQUIRE_ESM')
    throw error;
  throw new CxError(
    'USAGE',
    `drawing SVG needs Node.js 20.19 or a later 20, or 22.12 or later (this is ${process.version})`,
    {
      cause: error,
    },
  );
}

export async function renderGraphSvg(report: GraphReport, options: DotOptions = {}): Promise<string> {
  const edges = drawnEdges(report);
  const engine = await loadGraphviz();
  if (report.nodes.length + edges.length <= LAYERED_LIMIT)
    return engine.layout(renderGraphDot(report, options), 'svg', 'dot');
  return engine.layout(renderPositionedDot(report, options), 'svg', 'neato', { nop: 2 });
}

/** The SVG element alone, for inlining in an HTML page (no XML declaration or doctype). */
export function inlineSvg(svg: string): string {
  const start = svg.indexOf('<svg');
  return start < 0 ? svg : svg.slice(start);
}

const COLUMN = 230;
const ROW = 34;

/** Columns: external targets, then wave 1, 2, ..., then the blocked schemas. */
export function renderPositionedDot(report: GraphReport, options: DotOptions = {}): string {
  const edges = drawnEdges(report);
  const columns = [
    {
      label: 'referenced, not schemas',
      ids: report.nodes.filter((node) => node.kind !== 'schema').map((node) => node.id),
    },
    ...report.waves.map((wave, index) => ({ label: `wave ${index + 1}`, ids: [...wave] })),
    { label: 'blocked', ids: [...report.blocked] },
  ].filter((column) => column.ids.length > 0);
  const targets = new Map<string, string[]>();
  for (const edge of edges) {
    const list = targets.get(edge.from) ?? [];
    list.push(edge.to);
    targets.set(edge.from, list);
  }
  // Barycentre ordering, one sweep from left to right: a schema sits near the middle of what it references.
  const row = new Map<string, number>();
  for (const column of columns) {
    const keyed = column.ids.map((id, index) => {
      const placed = (targets.get(id) ?? [])
        .map((target) => row.get(target))
        .filter((value): value is number => value !== undefined);
      return { id, key: placed.length === 0 ? index : placed.reduce((a, b) => a + b, 0) / placed.length, index };
    });
    keyed.sort((a, b) => a.key - b.key || a.index - b.index);
    keyed.forEach((entry, index) => row.set(entry.id, index));
    column.ids = keyed.map((entry) => entry.id);
  }
  const kind = new Map(report.nodes.map((node) => [node.id, node]));
  const height = Math.max(...columns.map((column) => column.ids.length)) * ROW;
  const lines = [
    'digraph references {',
    '  // a -> b: schema a references b, so b is deployed first; positions are given (neato -n2)',
    '  splines=false; outputorder=edgesfirst;',
    '  node [shape=box, fixedsize=true, width=2.8, height=0.34, fontsize=10];',
    '  edge [arrowsize=0.5, color="#8888"];',
  ];
  // A column's heading is a node of its own, named so that no schema or target is: a referencedType is any text a
  // file holds (REFERENCE_TARGET_UNKNOWN lowered from error), and one named as a heading would be drawn as it.
  const ids = [...kind.keys()];
  let heading = ' column ';
  while (ids.some((id) => id.startsWith(heading))) heading = ` ${heading}`;
  columns.forEach((column, c) => {
    lines.push(
      `  ${quote(`${heading}${c}`)} [shape=plaintext, label=${quote(column.label)}, pos="${c * COLUMN},${height + ROW}", fontsize=12];`,
    );
    column.ids.forEach((id, r) => {
      const node = kind.get(id);
      const attributes = [`pos="${c * COLUMN},${height - r * ROW}"`];
      if (node?.kind === 'system') attributes.push('style=dashed', 'shape=ellipse');
      if (node?.kind === 'unknown') attributes.push('style=dashed', 'color=orange');
      if (node?.blocked === true) attributes.push('color=red', 'fontcolor=red');
      if (node?.kind === 'schema' && options.href !== undefined)
        attributes.push(`URL=${quote(options.href(id))}`, `tooltip=${quote(id)}`, 'target="_top"');
      lines.push(`  ${quote(id)} [${attributes.join(', ')}];`);
    });
  });
  for (const edge of edges) {
    // No tooltip per edge: each would wrap the edge in a link element, doubling the drawing of a large graph.
    const attributes: string[] = [];
    if (edge.inCycle) attributes.push('color=red', 'penwidth=2');
    if (edge.external) attributes.push('style=dashed');
    lines.push(
      `  ${quote(edge.from)} -> ${quote(edge.to)}${attributes.length === 0 ? '' : ` [${attributes.join(', ')}]`};`,
    );
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
