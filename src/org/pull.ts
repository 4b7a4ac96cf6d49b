/**
 * `pull`: every schema of the org, one file each, in the file format (schema-file-text.ts). The org is read
 * with the paged list alone (docs/deploying.md "What plan reads"), never one GET a schema.
 *
 * Nothing is half-done: every file is rendered, checked against the file format and compared with what is on
 * disk before the first is written. A schema the file format cannot hold (an externalId that is no identifier,
 * which would also name a file outside the folder; a field name the format refuses) stops the pull, naming each
 * one; a file that exists and differs stops it too (naming each such file) unless `force` is set. Every file is
 * then written to a temporary name beside its own, and only once all are written are they renamed into place.
 */
import { CUSTOM_OBJECTS_FAMILY, type Family } from '../family/index.js';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { globToRegExp } from '../load/glob-pattern.js';
import { checkFileFormat } from '../load/file-format-check.js';
import { CxError } from '../model/errors.js';
import { FolderError, makeFolders } from '../model/make-folders.js';
import { checkOutputFolder } from '../model/output-folder.js';
import { sharedIdentityText, type RemoteSchema, type SchemaStatus } from '../model/schema.js';
import { compareIds } from '../graph/compare-ids.js';
import {
  EDITOR_LINE_START,
  schemaFileBody,
  schemaFileText,
  unreadParts,
  type SchemaFileHeader,
} from './schema-file-text.js';

/** The file format's JSON Schema in this package, for the header line that editors read. */
const FILE_FORMAT_SCHEMA = fileURLToPath(new URL('../../schema/cxschema.schema.json', import.meta.url));

export interface PullSource {
  readonly kind: string;
  /** The family read: a file pulled from one other than custom objects names it as its `target`. */
  readonly family?: Family;
  list(): Promise<RemoteSchema[]>;
}

export interface PullOptions {
  target: PullSource;
  /** The org as plans name it: a domain, or `emulator`. */
  orgDomain: string;
  /** Absolute folder the files go to; made when it does not exist. */
  outDir: string;
  /** A glob over externalIds (`cust_*`, `{order,invoice}`): only those schemas. */
  select?: string;
  /** Overwrite files that differ from the org. */
  force?: boolean;
  /** Compute everything, write nothing. */
  dryRun?: boolean;
  /**
   * Once aborted (Ctrl-C), no file is written: the pull throws before its writes, or between two temporary files,
   * which are then removed. Renames once begun are finished: they take a moment, and a folder left half renamed
   * would hold some files of the org and some of before.
   */
  signal?: AbortSignal;
  /**
   * Told once the files are about to be written, after every read: until then nothing is written, and a caller may
   * end the process at a signal; from then on it aborts `signal` instead, and the files are removed or all renamed.
   */
  onWriting?: () => void;
}

export type PullAction = 'created' | 'overwritten' | 'unchanged';

export interface PulledFile {
  externalId: string;
  version: number;
  status: SchemaStatus;
  /** Absolute path. */
  file: string;
  action: PullAction;
  /**
   * What the org's schema holds that the file leaves out, since cxschema cannot read it (a property of a coretype
   * it does not know): each with what it is. Absent when nothing is.
   */
  leftOut?: string[];
  /**
   * What the file holds otherwise than the org's schema does (a tag whose items may repeat, which the file's tag
   * keeps distinct): each with what the org's is. Absent when nothing is.
   */
  readDifferently?: string[];
}

export interface PullResult {
  org: { kind: string; orgDomain: string };
  outDir: string;
  /** Every selected schema, by externalId. */
  files: PulledFile[];
  /** Schemas in the org that --select left out. */
  skipped: number;
}

export const PULLED_FILE_SUFFIX = '.schema.yaml';

export async function pullSchemas(options: PullOptions): Promise<PullResult> {
  await checkOutputFolder(options.outDir);
  const select = options.select === undefined ? undefined : globToRegExp(options.select);
  const all = await options.target.list();
  const chosen = all
    .filter((schema) => select === undefined || select.test(schema.externalId))
    .sort((a, b) => compareIds(a.externalId, b.externalId));
  const org = `${options.target.kind} at ${options.orgDomain}`;
  const family = options.target.family;
  const schemaRef = relative(options.outDir, FILE_FORMAT_SCHEMA).split(sep).join('/');

  const header: SchemaFileHeader = {
    org,
    schemaRef,
    ...(family === undefined || family === CUSTOM_OBJECTS_FAMILY ? {} : { target: family.name }),
  };
  // Each file's contents made once: checked against the file format, then written out.
  const bodies = chosen.map((schema) => schemaFileBody(schema, header));
  refuseUnfit(chosen, bodies);
  const planned: Array<PulledFile & { text: string }> = [];
  for (const [i, schema] of chosen.entries()) {
    const file = join(options.outDir, `${schema.externalId}${PULLED_FILE_SUFFIX}`);
    const text = schemaFileText(schema, header, bodies[i]);
    const existing = await readExisting(file);
    const action: PullAction =
      existing === undefined ? 'created' : sameApartFromEditorLine(existing, text) ? 'unchanged' : 'overwritten';
    const entry: PulledFile & { text: string } = {
      externalId: schema.externalId,
      version: schema.version,
      status: schema.status,
      file,
      action,
      text,
    };
    const { leftOut, readDifferently } = unreadParts(schema);
    if (leftOut.length > 0) entry.leftOut = leftOut;
    if (readDifferently.length > 0) entry.readDifferently = readDifferently;
    planned.push(entry);
  }

  const differing = planned.filter((entry) => entry.action === 'overwritten');
  if (differing.length > 0 && options.force !== true) {
    const names = differing.map((entry) => relative(process.cwd(), entry.file) || entry.file);
    throw new CxError(
      'INPUT',
      `${names.length === 1 ? 'a file differs' : `${names.length} files differ`} from the org, and pull does not overwrite: ${names.join(', ')}`,
      {
        hint: 'commit or move your changes and pull again, compare with cxschema plan, or pass --force to overwrite them',
      },
    );
  }

  if (options.dryRun !== true) {
    const changed = planned.filter((entry) => entry.action !== 'unchanged');
    options.onWriting?.();
    stopIfAborted(options.signal);
    if (changed.length > 0) await makeOutputFolder(options.outDir);
    await writeAllOrNone(changed, options.signal);
  }
  return {
    org: { kind: options.target.kind, orgDomain: options.orgDomain },
    outDir: options.outDir,
    files: planned.map(({ text: _text, ...entry }) => entry),
    skipped: all.length - chosen.length,
  };
}

/**
 * A file that differs only in its first line, the editor's pointer to the file format's JSON Schema, holds what the
 * org holds: that line names where the cxschema that wrote it was installed (another checkout, a global install, a
 * CI runner's cache), which no org change moves. Such a file is left as it is, its own pointer kept.
 */
function sameApartFromEditorLine(existing: string, text: string): boolean {
  if (existing === text) return true;
  const rest = (file: string): string | undefined =>
    file.startsWith(EDITOR_LINE_START) ? file.slice(file.indexOf('\n') + 1) : undefined;
  const existingRest = rest(existing);
  return existingRest !== undefined && existingRest === rest(text);
}

async function makeOutputFolder(outDir: string): Promise<void> {
  try {
    await makeFolders(outDir);
  } catch (error) {
    const folder = error instanceof FolderError ? error.folder : outDir;
    throw new CxError('INPUT', `cannot make the output folder ${folder}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function readExisting(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new CxError('INPUT', `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The schemas whose file would not pass the file format, refused before any file is read or written: an
 * externalId that is no identifier cannot name a file in the folder (`../x` would name one outside it), and a
 * file that does not validate would stop every plan of the project.
 */
function refuseUnfit(schemas: readonly RemoteSchema[], bodies: ReadonlyArray<Record<string, unknown>>): void {
  const unfit: string[] = [];
  for (const [i, schema] of schemas.entries()) {
    // Quoted as JSON: whatever the org holds, the message shows it on one line and escapes nothing.
    const shown = JSON.stringify(schema.externalId.slice(0, 80));
    if (schema.sharedWith !== undefined) {
      unfit.push(`${shown}: ${sharedIdentityText(schema)}`);
      continue;
    }
    const problem = checkFileFormat(bodies[i])[0];
    if (problem !== undefined) unfit.push(`${shown}: ${problem.message}`);
  }
  if (unfit.length === 0) return;
  throw new CxError(
    'INPUT',
    `${unfit.length === 1 ? 'a schema' : `${unfit.length} schemas`} of the org cannot be written as a schema file, so nothing was written: ${unfit.join('; ')}`,
    { hint: 'leave them out with --select, or change them in the org' },
  );
}

/**
 * A reader never sees half a file, and a failed pull leaves the folder as it was: every text goes to a temporary
 * name beside its file first; only once all are written are they renamed into place (a rename in one folder does
 * not fail for want of space). A temporary file left by a write that failed is removed; a rename that fails
 * (rare) leaves the files renamed before it, named in the error, and no temporary file.
 */
async function writeAllOrNone(
  entries: ReadonlyArray<{ file: string; text: string }>,
  signal: AbortSignal | undefined,
): Promise<void> {
  const temporaries: string[] = [];
  try {
    for (const { file, text } of entries) {
      const temporary = `${file}.${process.pid}.tmp`;
      temporaries.push(temporary);
      await writeFile(temporary, text, 'utf8').catch((error: unknown) => {
        throw writeError(file, error);
      });
      stopIfAborted(signal);
    }
  } catch (error) {
    // Removing what was written must not hide why the write failed (nor remove a folder of that name).
    await Promise.all(temporaries.map((temporary) => rm(temporary, { force: true }).catch(() => undefined)));
    throw error;
  }
  for (const [i, { file }] of entries.entries()) {
    try {
      await rename(temporaries[i]!, file);
    } catch (error) {
      // Rare (a file held open elsewhere, a mount over it): what is renamed stays, is named, and nothing else is
      // left behind.
      await Promise.all(temporaries.slice(i).map((temporary) => rm(temporary, { force: true }).catch(() => undefined)));
      const done = entries.slice(0, i).map((entry) => entry.file);
      const said = writeError(file, error);
      if (done.length === 0) throw said;
      throw new CxError('INPUT', `${said.message}; the files before it were written: ${done.join(', ')}`, {
        cause: error,
      });
    }
  }
}

/** The pull stopped by its signal before any file was renamed into place: the folder is as it was. */
export class PullInterrupted extends CxError {
  constructor(reason: unknown) {
    super('INPUT', `pull ${String(reason)}: no file was written`);
  }
}

function stopIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new PullInterrupted(signal.reason);
}

function writeError(file: string, error: unknown): CxError {
  return new CxError('INPUT', `cannot write ${file}: ${(error as Error).message}`, { cause: error });
}
