/**
 * What `cxschema graph` does once its flags are parsed: load the config and the schema files, build the
 * reference graph report, and print it in the chosen format. Loaded only when the command runs.
 */
import { buildGraphReport, type GraphReportSchema } from '../graph/graph-report.js';
import { loadCommandConfig } from './project-config.js';
import { noSchemaFilesError } from '../load/no-schema-files.js';
import { loadSchemaFiles } from '../load/schema-loader.js';
import { UsageError } from '../model/errors.js';
import { DEFAULT_SYSTEM_OBJECTS } from '../model/field-types.js';
import { EXIT_OK } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';
import { renderGraphDot } from './render/graph-dot.js';
import { renderGraphMermaid } from './render/graph-mermaid.js';
import { createTerminal } from './terminal.js';

export const GRAPH_FORMATS = ['mermaid', 'dot', 'json', 'svg'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export async function runGraph(paths: string[], options: GlobalOptions): Promise<number> {
  const format = (options.format ?? 'mermaid') as GraphFormat;
  if (!GRAPH_FORMATS.includes(format)) {
    throw new UsageError(`unknown format '${options.format}' for graph`, {
      hint: `use one of ${GRAPH_FORMATS.join(', ')}`,
    });
  }
  const cwd = process.cwd();
  const config = await loadCommandConfig(options, cwd);
  const loaded = await loadSchemaFiles(paths, config, cwd);
  if (loaded.files.length === 0) throw noSchemaFilesError(paths, config, cwd);
  const schemas: GraphReportSchema[] = [];
  let skipped = 0;
  for (const document of loaded.documents) {
    if (document.definition === undefined) skipped++;
    else
      schemas.push({
        externalId: document.definition.externalId,
        fields: document.definition.fields,
        file: document.file,
      });
  }
  skipped += loaded.files.length - loaded.documents.length;

  const report = buildGraphReport(schemas, { systemObjects: [...DEFAULT_SYSTEM_OBJECTS, ...config.systemObjects] });
  const terminal = createTerminal({ color: options.color });
  if (format === 'json') terminal.out(JSON.stringify(report, null, 2));
  else if (format === 'svg') terminal.out(await (await import('./render/graph-svg.js')).renderGraphSvg(report));
  else terminal.out(format === 'dot' ? renderGraphDot(report) : renderGraphMermaid(report));

  // stderr only: stdout holds the drawing or the JSON document and nothing else.
  if (skipped > 0) {
    terminal.err(
      `warning: ${skipped} file${skipped === 1 ? '' : 's'} left out of the graph (not a well-formed schema); run \`cxschema validate\` to see why`,
    );
  }
  if (report.cyclesTruncated) {
    terminal.err(`warning: more reference cycles exist than the ${report.cycles.length} listed`);
  }
  return EXIT_OK;
}
