/**
 * What `cxschema generate` does: validate the files (nothing is generated from files with errors), then write
 * the record types or the records' JSON Schemas under --out. Loaded only when the command runs.
 */
import { relative, resolve } from 'node:path';
import { generateFiles, GENERATE_LANGUAGES, type GenerateLanguage } from '../codegen/generate-files.js';
import { generationProblems } from '../codegen/generation-problems.js';
import { writtenByGenerate } from '../codegen/generated-marks.js';
import { familyOfDocument, projectFilesFamily, type Family } from '../family/index.js';
import { loadProjectConfig } from './project-config.js';
import { noSchemaFilesError } from '../load/no-schema-files.js';
import { UsageError } from '../model/errors.js';
import type { SchemaDefinition } from '../model/schema.js';
import { validatePaths } from '../rules/validate.js';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import type { GlobalOptions } from './global-options.js';
import { renderDiagnosticsText } from './render/diagnostics-text.js';
import { sanitizeForTerminal } from './render/terminal-text.js';
import { createTerminal } from './terminal.js';
import { checkOutputFolder } from '../model/output-folder.js';
import { reportCleanUp, writeOutputFolder } from './write-output-folder.js';

export interface GenerateCommandFlags {
  lang?: string;
  out?: string;
}

export async function runGenerate(
  paths: string[],
  flags: GenerateCommandFlags,
  options: GlobalOptions,
): Promise<number> {
  const language = flags.lang as GenerateLanguage;
  if (!GENERATE_LANGUAGES.includes(language)) {
    throw new UsageError(`unknown --lang '${flags.lang ?? ''}' for generate`, {
      hint: `use one of ${GENERATE_LANGUAGES.join(', ')}`,
    });
  }
  if (flags.out === undefined)
    throw new UsageError('generate needs --out DIR', { hint: 'for example --out src/generated' });
  if (options.format !== undefined && options.format !== 'text')
    throw new UsageError(`generate does not support --format ${options.format}`);
  const cwd = process.cwd();
  // An --out that cannot be written is told before the files are read, not after (docs/codegen.md).
  const folder = resolve(cwd, flags.out);
  await checkOutputFolder(folder);
  const config = await loadProjectConfig(options, cwd);
  const result = await validatePaths(paths, { config, cwd });
  if (result.files.length === 0) throw noSchemaFilesError(paths, config, cwd);
  const terminal = createTerminal({ color: options.color });
  if (result.summary.errors > 0) {
    terminal.err(renderDiagnosticsText(result, { color: terminal.errColor }));
    terminal.err('generate: the schema files have errors: nothing was generated');
    return EXIT_FAILURE;
  }
  // A file without a target of its own is of the config's family, --env or not, as validate checked it: its records
  // are keyed and bounded as that family's (docs/families.md).
  const projectFamily = projectFilesFamily(config);
  const families = new Map<SchemaDefinition, Family>();
  const refused: string[] = [];
  const schemas: SchemaDefinition[] = result.documents.flatMap((document) => {
    if (document.definition === undefined) return [];
    const family = familyOfDocument(document, projectFamily);
    families.set(document.definition, family);
    for (const problem of generationProblems(document.definition, family)) {
      const { line, column } = document.locate(problem.pointer);
      refused.push(sanitizeForTerminal(`${document.file}:${line}:${column}: ${problem.message}`));
    }
    return [document.definition];
  });
  if (refused.length > 0) {
    // Only with a rule lowered from error: validate warned of each (docs/codegen.md "Lowered rules").
    for (const line of refused) terminal.err(`error: ${line}`);
    terminal.err('generate: nothing was generated');
    return EXIT_FAILURE;
  }
  const files = generateFiles(language, schemas, (schema) => families.get(schema)!);
  const written = await writeOutputFolder(folder, files, 'cxschema generate', writtenByGenerate);
  terminal.err(
    `generated ${files.length} ${language === 'typescript' ? 'TypeScript' : 'JSON Schema'} files for ${schemas.length} schemas in ${shownPath(cwd, folder)}`,
  );
  reportCleanUp(written, terminal);
  return EXIT_OK;
}

function shownPath(cwd: string, folder: string): string {
  const shown = relative(cwd, folder);
  return shown === '' ? '.' : shown.startsWith('..') ? folder : shown;
}
