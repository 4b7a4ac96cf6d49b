/**
 * `cxschema graph --format mermaid`: a flowchart (renders in GitHub and GitLab Markdown) with one subgraph per
 * deploy wave, blocked schemas in their own subgraph, system objects and unknown targets as external nodes, and
 * the edges of reference cycles drawn red. An arrow a --> b reads "a references b": b deploys first.
 */
import type { GraphReport } from '../../graph/graph-report.js';
import { drawnEdges } from './graph-edges.js';

export function renderGraphMermaid(report: GraphReport): string {
  const ids = new Map<string, string>();
  report.nodes.forEach((node, i) => ids.set(node.id, `n${i}`));
  const ref = (id: string): string => ids.get(id)!;
  const lines = ['flowchart LR', '  %% a --> b: schema a references b, so b is deployed first'];

  report.waves.forEach((wave, index) => {
    lines.push(`  subgraph wave_${index}["wave ${index + 1}"]`);
    for (const id of wave) lines.push(`    ${ref(id)}["${label(id)}"]`);
    lines.push('  end');
  });
  if (report.blocked.length > 0) {
    lines.push('  subgraph blocked["blocked: in a reference cycle or depending on one"]');
    for (const id of report.blocked) lines.push(`    ${ref(id)}["${label(id)}"]:::blocked`);
    lines.push('  end');
  }
  for (const node of report.nodes) {
    if (node.kind === 'system') lines.push(`  ${ref(node.id)}(["${label(node.id)}"]):::system`);
    if (node.kind === 'unknown') lines.push(`  ${ref(node.id)}{{"${label(`${node.id} (unknown)`)}"}}:::unknown`);
  }

  const edges = drawnEdges(report);
  edges.forEach((edge) => lines.push(`  ${ref(edge.from)} -->|"${label(edge.label)}"| ${ref(edge.to)}`));
  const cycleIndices = edges.flatMap((edge, index) => (edge.inCycle ? [index] : []));
  if (cycleIndices.length > 0) lines.push(`  linkStyle ${cycleIndices.join(',')} stroke:#d00,stroke-width:2px`);

  lines.push('  classDef blocked fill:#fde8e8,stroke:#d00');
  lines.push('  classDef system fill:#eef,stroke:#669,stroke-dasharray:4 3');
  lines.push('  classDef unknown fill:#fff4e0,stroke:#c60,stroke-dasharray:4 3');
  return lines.join('\n') + '\n';
}

/**
 * Mermaid's quoted labels take entity codes (`#quot;`, `#lt;`, or a decimal code point): a quote would end the
 * label, and `<` and `>` would be read as HTML where labels are rendered as HTML. `#` itself is coded first, so
 * that a `#quot;` already in the text shows as written; a control character (a line break included) is a space.
 * A `%` is coded too: Mermaid takes `%%{...}%%` anywhere in the text for a directive (a theme, a config) and cuts
 * it out, and one left open takes the rest of the diagram with it.
 * Ids and field paths rarely need it, but an unknown reference target is any text a file holds (with
 * REFERENCE_TARGET_UNKNOWN lowered from error).
 */
function label(text: string): string {
  return text
    .replaceAll('#', '#35;')
    .replaceAll('%', '#37;')
    .replaceAll('"', '#quot;')
    .replaceAll('<', '#lt;')
    .replaceAll('>', '#gt;')
    .replace(CONTROL, ' ');
}

/** A line break (`\r` as much as `\n`) or another control would end the statement or reach the output raw. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;
