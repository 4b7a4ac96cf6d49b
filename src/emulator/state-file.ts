/**
 * The `--data` file: the store's snapshot as JSON, with a format marker. Read once at start (a file that cannot
 * be read back stops the start with a message that says what to do), then rewritten atomically after every
 * change (durable-file.ts); or, for an emulator that only reads it, read once and never written.
 */
import { lstat, readFile, readlink, realpath } from 'node:fs/promises';
import { removeLeftoverTemporaries } from '../model/atomic-file.js';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError } from '../model/errors.js';
import { FolderError, makeFolders } from '../model/make-folders.js';
import type { StoreSnapshot } from './schema-store.js';
import type { DataSchemaSnapshot } from './dataschema/data-schema-store.js';
import { parseDataSchemaState } from './dataschema/data-schema-state.js';
import { checkBodyStructure } from './body-structure.js';

/** The whole saved state: the custom objects' schemas, and the DataSchemas when there are any. */
export interface SavedState extends StoreSnapshot {
  dataSchemas?: DataSchemaSnapshot;
}

export const STATE_FORMAT = 'cxschema-emulator-state/1';

const HINT =
  'the file was not written by this emulator, or was edited: restore it from a backup, or remove it to start with an empty org';

export function serializeState(snapshot: StoreSnapshot, dataSchemas?: DataSchemaSnapshot): string {
  return (
    JSON.stringify({
      format: STATE_FORMAT,
      schemas: snapshot.schemas,
      ...(dataSchemas !== undefined ? { dataSchemas } : {}),
    }) + '\n'
  );
}

/**
 * What is wrong with one stored version, or undefined: every part the emulator later reads is checked, with the
 * check of a POST/PUT body (body-structure.ts) for what a body holds, so that a hand-edited file cannot start an
 * emulator that then fails on it (a status of another case, a field that is not an object).
 */
function versionProblem(value: unknown, externalId: string, index: number): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it is not an object';
  const v = value as Record<string, unknown>;
  if (v['externalId'] !== externalId) return `its externalId is not the schema's, ${JSON.stringify(externalId)}`;
  if (v['version'] !== index + 1) return `its version is not ${index + 1}`;
  for (const key of ['id', 'dateCreated', 'dateModified', 'selfUri'])
    if (typeof v[key] !== 'string') return `${key} is not a string`;
  const checked = checkBodyStructure(value);
  if (checked.ok) return undefined;
  const [first] = checked.problems;
  return first === undefined ? 'it is malformed' : `${first.fieldName ? `${first.fieldName}: ` : ''}${first.message}`;
}

export function parseState(text: string, file: string): SavedState {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `the emulator data file is not valid JSON (truncated or corrupt): ${(error as Error).message}`,
      { file },
      { cause: error, hint: HINT },
    );
  }
  const state = value as { format?: unknown; schemas?: unknown; dataSchemas?: unknown } | null;
  if (typeof state !== 'object' || state === null || state.format !== STATE_FORMAT || !Array.isArray(state.schemas)) {
    throw new ConfigError(`the emulator data file is not in the format ${STATE_FORMAT}`, { file }, { hint: HINT });
  }
  state.schemas.forEach((entry: unknown, index) => {
    const s = entry as { id?: unknown; externalId?: unknown; dateCreated?: unknown; versions?: unknown } | null;
    const at = `the emulator data file has a malformed schema entry at schemas[${index}]`;
    const ok =
      typeof s === 'object' &&
      s !== null &&
      typeof s.id === 'string' &&
      typeof s.externalId === 'string' &&
      typeof s.dateCreated === 'string' &&
      Array.isArray(s.versions) &&
      s.versions.length > 0;
    if (!ok) throw new ConfigError(at, { file }, { hint: HINT });
    const externalId = s.externalId as string;
    (s.versions as unknown[]).forEach((version, v) => {
      const problem = versionProblem(version, externalId, v);
      if (problem !== undefined)
        throw new ConfigError(
          `${at} (${JSON.stringify(externalId)}), version ${v + 1} (versions[${v}]): ${problem}`,
          { file },
          { hint: HINT },
        );
    });
  });
  if (state.dataSchemas === undefined) return { schemas: state.schemas as StoreSnapshot['schemas'] };
  const parsed = parseDataSchemaState(state.dataSchemas);
  if ('problem' in parsed) throw new ConfigError(parsed.problem, { file }, { hint: HINT });
  return { schemas: state.schemas as StoreSnapshot['schemas'], dataSchemas: parsed.snapshot };
}

/** Makes the data file's folder (one level at a time), so that its lock can be created before it is read. */
export async function prepareDataFolder(file: string): Promise<void> {
  await makeFolders(dirname(file)).catch((cause: unknown) => {
    if (!(cause instanceof FolderError)) throw cause;
    throw new ConfigError(
      `cannot create the emulator data file's folder: ${cause.message}`,
      { file },
      { cause, hint: 'pass --data a path in a folder you can write to' },
    );
  });
}

/** Links followed before giving up, as the system does (ELOOP). */
const MAX_LINKS = 40;

/**
 * The file a `--data` path names, links followed: the real path of the file, or, when it does not exist yet, the
 * real path of its folder and its name (a link to a file not made yet names that file). The lock and every write
 * use it, so that two paths to one file share one lock, and a write (a rename over the path) replaces the link's
 * target, not the link. Call after prepareDataFolder: the folder exists.
 */
export async function resolveDataPath(file: string): Promise<string> {
  let path = resolve(file);
  for (let links = 0; ; links++) {
    try {
      return await realpath(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw dataPathError(file, error);
    }
    const entry = await lstat(path).catch(() => undefined);
    if (entry === undefined || !entry.isSymbolicLink()) {
      try {
        return join(await realpath(dirname(path)), basename(path));
      } catch (error) {
        throw dataPathError(file, error);
      }
    }
    if (links >= MAX_LINKS) throw dataPathError(file, new Error('too many levels of symbolic links'));
    path = resolve(dirname(path), await readlink(path));
  }
}

function dataPathError(file: string, cause: unknown): ConfigError {
  const code = (cause as NodeJS.ErrnoException).code;
  return new ConfigError(
    `cannot resolve the emulator data file's path: ${code ?? (cause as Error).message}`,
    { file },
    { cause, hint: 'pass --data a path in a folder you can write to' },
  );
}

/** The saved state, or undefined when the file does not exist yet. Read while holding the data lock. */
export async function readState(file: string): Promise<SavedState | undefined> {
  await prepareDataFolder(file);
  // A write killed before its rename left `<file>.<pid>.tmp` (durable-file.ts): never the state, and no other
  // writer is between its open and its rename while this emulator holds the lock.
  await removeLeftoverTemporaries(file, '\\d+');
  return readSavedState(file);
}

/**
 * The saved state as the file holds it now, or undefined when there is none; read without the data lock, by an
 * emulator that never writes the file. Another emulator may be rewriting it: each write replaces the file by a
 * rename (durable-file.ts), so a reader sees one whole state, old or new. The temporaries beside it may be that
 * emulator's writes in progress, and are left alone; so is the folder.
 */
export async function readSavedState(file: string): Promise<SavedState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(
      `cannot read the emulator data file: ${(error as Error).message}`,
      { file },
      { cause: error },
    );
  }
  return parseState(text, file);
}
