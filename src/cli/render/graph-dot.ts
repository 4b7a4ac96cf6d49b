/**
 * `cxschema graph --format dot`: Graphviz, one cluster per deploy wave, blocked schemas in a red cluster, system
 * objects and unknown targets as dashed external nodes, reference-cycle edges red. `dot -Tsvg` draws it.
 */
import type { GraphReport } from '../../graph/graph-report.js';
import { drawnEdges } from './graph-edges.js';

export interface DotOptions {
  /** A link for a schema's node (the catalog links each node to its page); none when absent. */
  href?: (id: string) => string;
}

export function renderGraphDot(report: GraphReport, options: DotOptions = {}): string {
  const lines = [
    'digraph references {',
    '  // a -> b: schema a references b, so b is deployed first',
    '  rankdir=LR;',
    '  node [shape=box];',
  ];
  const link = (id: string, extra: string[] = []): string => {
    const attributes = [
      ...extra,
      ...(options.href === undefined
        ? []
        : [`URL=${quote(options.href(id))}`, `tooltip=${quote(id)}`, 'target="_top"']),
    ];
    return attributes.length === 0 ? '' : ` [${attributes.join(', ')}]`;
  };
  report.waves.forEach((wave, index) => {
    lines.push(`  subgraph cluster_wave_${index} {`, `    label=${quote(`wave ${index + 1}`)};`);
    for (const id of wave) lines.push(`    ${quote(id)}${link(id)};`);
    lines.push('  }');
  });
  if (report.blocked.length > 0) {
    lines.push(
      '  subgraph cluster_blocked {',
      `    label=${quote('blocked: in a reference cycle or depending on one')};`,
      '    color=red;',
      '    fontcolor=red;',
    );
    for (const id of report.blocked) lines.push(`    ${quote(id)}${link(id, ['color=red'])};`);
    lines.push('  }');
  }
  for (const node of report.nodes) {
    if (node.kind === 'system') lines.push(`  ${quote(node.id)} [shape=ellipse, style=dashed];`);
    if (node.kind === 'unknown')
      lines.push(`  ${quote(node.id)} [shape=octagon, style=dashed, color=orange, xlabel="unknown"];`);
  }
  for (const edge of drawnEdges(report)) {
    const attributes = [`label=${quote(edge.label)}`];
    if (edge.inCycle) attributes.push('color=red', 'fontcolor=red', 'penwidth=2');
    if (edge.external) attributes.push('style=dashed');
    lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [${attributes.join(', ')}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

/**
 * A DOT string. A line break is a line of the label (`\n`); any other control character is a space, as in Mermaid:
 * Graphviz copies it into the SVG it draws, and XML holds none, so the whole image would fail to open. Ids and field
 * paths hold none, but an unknown reference target is any text a file holds (REFERENCE_TARGET_UNKNOWN lowered).
 */
export function quote(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n').replace(CONTROL, ' ')}"`;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/g;
