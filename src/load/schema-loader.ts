/**
 * Schema files to documents. Each file is read, decoded, parsed and checked for structure on its own: a file
 * that fails any step gets a FILE_PARSE_ERROR with a position and the others load on, so one run reports every
 * problem in every file.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CxConfig } from '../model/config.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { SchemaDocument } from '../model/document.js';
import type { SchemaDefinition } from '../model/schema.js';
import { discoverSchemaFiles } from './file-discovery.js';
import { checkFileFormat } from './file-format-check.js';
import { MAX_SOURCE_BYTES } from './source-limits.js';
import { parseSource, type SourceFormat } from './source-parser.js';
import { decodeSourceBytes } from './source-text.js';

/** The rule id of every problem found before a file has a value (see docs/rules.md). */
export const FILE_PARSE_ERROR = 'FILE_PARSE_ERROR';

export interface LoadedSchemaFiles {
  documents: SchemaDocument[];
  /** FILE_PARSE_ERROR findings, one or more per file that could not be parsed. */
  diagnostics: Diagnostic[];
  /** Every file that was read, as shown to the user (relative to cwd), whether it parsed or not. */
  files: string[];
  /** The text of every file that decoded, by shown path: code frames for findings, parse errors included. */
  sources: Map<string, string>;
}

/** Files read at once: enough to overlap I/O, few enough to stay far from the open-files limit. */
const READ_CONCURRENCY = 32;

export async function loadSchemaFiles(paths: string[], config: CxConfig, cwd: string): Promise<LoadedSchemaFiles> {
  const explicit = paths.length > 0;
  const absolutePaths = await discoverSchemaFiles(explicit ? paths : config.schemas, {
    base: explicit ? cwd : config.root,
    exclude: config.path === undefined ? [] : [config.path],
    strict: explicit,
  });

  const result: LoadedSchemaFiles = { documents: [], diagnostics: [], files: [], sources: new Map() };
  const loaded = new Array<LoadedFile>(absolutePaths.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < absolutePaths.length) {
      const index = next++;
      const absolute = absolutePaths[index]!;
      loaded[index] = await loadSchemaFile(absolute, displayPath(absolute, cwd));
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, absolutePaths.length) }, worker));

  // In path order, whatever order the reads finished in.
  for (const file of loaded) {
    result.files.push(file.file);
    if (file.source !== undefined) result.sources.set(file.file, file.source);
    if (file.document) result.documents.push(file.document);
    result.diagnostics.push(...file.diagnostics);
  }
  return result;
}

export interface LoadedFile {
  file: string;
  source?: string;
  document?: SchemaDocument;
  diagnostics: Diagnostic[];
}

async function loadSchemaFile(absolute: string, file: string): Promise<LoadedFile> {
  let bytes: Uint8Array;
  try {
    const info = await stat(absolute);
    // A FIFO or a device would block the read, or never end.
    if (!info.isFile()) return { file, diagnostics: [parseError(file, 1, 1, 'not a regular file')] };
    if (info.size > MAX_SOURCE_BYTES) {
      return {
        file,
        diagnostics: [
          parseError(
            file,
            1,
            1,
            `file too large: ${formatBytes(info.size)}, over the ${formatBytes(MAX_SOURCE_BYTES)} a schema file may have`,
            'a schema file is a few kilobytes; is this the right file?',
          ),
        ],
      };
    }
    bytes = await readFile(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { file, diagnostics: [parseError(file, 1, 1, `cannot read the file${code ? ` (${code})` : ''}`)] };
  }
  return loadSchemaBytes(file, bytes, formatOf(absolute));
}

/** One file's bytes to a document or diagnostics: the whole loader pipeline minus the file system. */
export function loadSchemaBytes(file: string, bytes: Uint8Array, format: SourceFormat): LoadedFile {
  if (bytes.length > MAX_SOURCE_BYTES) {
    return {
      file,
      diagnostics: [
        parseError(
          file,
          1,
          1,
          `file too large: ${formatBytes(bytes.length)}, over the ${formatBytes(MAX_SOURCE_BYTES)} a schema file may have`,
        ),
      ],
    };
  }
  const decoded = decodeSourceBytes(bytes);
  if (!decoded.ok) {
    return {
      file,
      diagnostics: [parseError(file, decoded.position.line, decoded.position.column, decoded.message, decoded.hint)],
    };
  }
  return loadSchemaText(file, decoded.text, format);
}

/** One file's text to a document or diagnostics. */
export function loadSchemaText(file: string, source: string, format: SourceFormat): LoadedFile {
  const parsed = parseSource(source, format);
  if (!parsed.ok) {
    return {
      file,
      source,
      diagnostics: parsed.problems.map((problem) =>
        parseError(file, problem.position.line, problem.position.column, problem.message, problem.hint),
      ),
    };
  }
  const document: SchemaDocument = { file, format, source, value: parsed.value, locate: parsed.locate };
  if (checkFileFormat(parsed.value).length === 0) document.definition = parsed.value as SchemaDefinition;
  return { file, source, document, diagnostics: [] };
}

function parseError(file: string, line: number, column: number, message: string, hint?: string): Diagnostic {
  const diagnostic: Diagnostic = { ruleId: FILE_PARSE_ERROR, severity: 'error', message, file, line, column };
  if (hint !== undefined) diagnostic.hint = hint;
  return diagnostic;
}

export function formatOf(file: string): SourceFormat {
  return path.extname(file).toLowerCase() === '.json' ? 'json' : 'yaml';
}

function displayPath(absolute: string, cwd: string): string {
  const relative = path.relative(cwd, absolute);
  return (relative === '' ? path.basename(absolute) : relative).split(path.sep).join('/');
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
