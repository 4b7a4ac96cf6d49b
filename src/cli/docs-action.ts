/**
 * What `cxschema docs` does: validate the files (no catalog of files with errors), draw the reference graph,
 * read each schema's versions from the org when asked to (--emulator, --env, --online), and write the static
 * site under --out. Loaded only when the command runs.
 */
import { relative, resolve } from 'node:path';
import { runBounded } from '../apply/bounded-pool.js';
import { familyOfDocument, projectFilesFamily } from '../family/index.js';
import { buildGraphReport } from '../graph/graph-report.js';
import { loadProjectConfig } from './project-config.js';
import { noSchemaFilesError } from '../load/no-schema-files.js';
import type { CxConfig } from '../model/config.js';
import { UsageError } from '../model/errors.js';
import { DEFAULT_SYSTEM_OBJECTS } from '../model/field-types.js';
import type { RemoteSchema } from '../model/schema.js';
import { validatePaths } from '../rules/validate.js';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';
import { renderDiagnosticsText } from './render/diagnostics-text.js';
import { inlineSvg, renderGraphSvg } from './render/graph-svg.js';
import { writtenByDocs } from './render/site/catalog-assets.js';
import { buildCatalogSite, type CatalogOrg, type CatalogSchema } from './render/site/catalog-site.js';
import { schemaPage } from './render/site/html.js';
import { createTerminal, type Terminal } from './terminal.js';
import { checkOutputFolder } from '../model/output-folder.js';
import { reportCleanUp, writeOutputFolder } from './write-output-folder.js';

export interface DocsCommandFlags {
  out?: string;
  title?: string;
  online?: boolean;
  rateLimit?: number;
}

export async function runDocs(paths: string[], flags: DocsCommandFlags, options: GlobalOptions): Promise<number> {
  if (flags.out === undefined) throw new UsageError('docs needs --out DIR', { hint: 'for example --out site' });
  if (options.format !== undefined && options.format !== 'text')
    throw new UsageError(`docs does not support --format ${options.format}`);
  const online = flags.online === true || options.emulator === true || options.env !== undefined;
  if (!online && flags.rateLimit !== undefined)
    throw new UsageError('--rate-limit applies only when docs reads the org', {
      hint: 'add --online (or --emulator, or --env NAME), or drop the flag',
    });
  // A malformed SOURCE_DATE_EPOCH is told before the files are validated, the graph drawn or the org read.
  const generatedAt = madeAt(process.env);
  const cwd = process.cwd();
  // An --out that cannot be written is told before the files or the org are read, not after (docs/catalog.md).
  const folder = resolve(cwd, flags.out);
  await checkOutputFolder(folder);
  // With --env, the environment's overrides: its compatibility mode, and the family and portal its org is read as.
  const config = await loadProjectConfig(options, cwd);
  const terminal = createTerminal({ color: options.color });
  const validation = await validatePaths(paths, { config, cwd });
  if (validation.files.length === 0) throw noSchemaFilesError(paths, config, cwd);
  if (validation.summary.errors > 0) {
    terminal.err(renderDiagnosticsText(validation, { color: terminal.errColor }));
    terminal.err('docs: the schema files have errors: no catalog was written');
    return EXIT_FAILURE;
  }
  const projectFamily = projectFilesFamily(config);
  const schemas: CatalogSchema[] = validation.documents.flatMap((document) =>
    document.definition === undefined
      ? []
      : [
          {
            definition: document.definition,
            file: document.file,
            family: familyOfDocument(document, projectFamily).name,
          },
        ],
  );
  const report = buildGraphReport(
    schemas.map(({ definition, file }) => ({ externalId: definition.externalId, fields: definition.fields, file })),
    { systemObjects: [...DEFAULT_SYSTEM_OBJECTS, ...config.systemObjects] },
  );
  const svg = await renderGraphSvg(report, { href: schemaPage });
  const org = online ? await readHistories(schemas, flags, options, config, terminal) : undefined;
  const files = buildCatalogSite({
    title: flags.title ?? 'Schema catalog',
    schemas,
    report,
    defaultMode: config.compatibility.mode,
    diagramSvg: inlineSvg(svg),
    generatedAt,
    ...(org === undefined ? {} : { org }),
  });
  const written = await writeOutputFolder(folder, files, 'cxschema docs', writtenByDocs);
  const shown = relative(cwd, folder);
  terminal.err(
    `wrote the catalog of ${schemas.length} ${schemas.length === 1 ? 'schema' : 'schemas'} to ${shown === '' ? '.' : shown.startsWith('..') ? folder : shown}/index.html`,
  );
  reportCleanUp(written, terminal);
  return EXIT_OK;
}

/**
 * When the catalog was made, as its index says: SOURCE_DATE_EPOCH (whole seconds since 1970, the reproducible
 * builds convention) when it is set, so that the same files make the same site byte for byte and a committed
 * catalog changes only when a schema does (docs/catalog.md); the clock otherwise. A value that is not such a
 * number is refused, as the convention asks, rather than silently replaced by the clock.
 */
export function madeAt(env: NodeJS.ProcessEnv): string {
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch === undefined || epoch === '') return new Date().toISOString();
  const date = /^[0-9]{1,15}$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
  if (date === undefined || Number.isNaN(date.getTime()))
    throw new UsageError('SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01', {
      hint: 'for example SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it to date the catalog now',
    });
  return date.toISOString();
}

/** Every version of each schema of the files that the org holds, read with the client's pacing. */
async function readHistories(
  schemas: readonly CatalogSchema[],
  flags: DocsCommandFlags,
  options: GlobalOptions,
  config: CxConfig,
  terminal: Terminal,
): Promise<CatalogOrg> {
  const { connectForCommand } = await import('./connect-target.js');
  const connection = await connectForCommand(options, config, {
    ...(flags.rateLimit === undefined ? {} : { rateLimit: flags.rateLimit }),
  });
  try {
    // A schema whose externalId others share has no history of its own to show (docs/families.md "Identity").
    const listed = await connection.target.list();
    const inOrg = new Set(listed.filter((s) => s.sharedWith === undefined).map((schema) => schema.externalId));
    const histories = new Map<string, RemoteSchema[]>();
    const wanted = schemas.map((schema) => schema.definition.externalId).filter((id) => inOrg.has(id));
    await runBounded(wanted, 8, async (id) => {
      histories.set(id, await connection.target.versions(id));
    });
    terminal.err(
      `read the history of ${histories.size} ${histories.size === 1 ? 'schema' : 'schemas'} from ${connection.orgDomain}`,
    );
    return { domain: connection.orgDomain, histories };
  } finally {
    await connection.close();
  }
}
