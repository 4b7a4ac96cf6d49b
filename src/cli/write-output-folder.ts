/**
 * Writes a set of generated files under one folder (generate, docs). Each file is written beside its final
 * name and renamed into place, so a reader never sees half a file and an interrupted run leaves each file
 * either as it was or complete.
 *
 * The folder keeps a manifest (OUTPUT_MANIFEST) of the files the last run wrote, each with the hash of what it
 * wrote. A file that an earlier run wrote and this run does not produce (its schema was removed) is deleted, so
 * the folder holds what the sources give and nothing stale. Only such files: a file the manifest does not list
 * (the user's own, or one from before the manifest) is never touched, nor one changed since it was written
 * (its hash differs), which is kept and reported; nor is a file the manifest does not list written over.
 * A run killed mid-write leaves its temporary file beside the file it was writing: the next run removes it, once
 * the process that wrote it no longer runs. An --out that cannot be the folder (a file, a link to nothing, a
 * folder this user may not write in) is refused first, naming it. docs/codegen.md and docs/catalog.md say so.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { runBounded } from '../apply/bounded-pool.js';
import { CxError, UsageError } from '../model/errors.js';
import { checkOutputFolder } from '../model/output-folder.js';
import { sanitizeForTerminal } from './render/terminal-text.js';
import type { Terminal } from './terminal.js';

export interface OutputFile {
  /** Relative to the folder, `/`-separated. */
  path: string;
  text: string;
}

/**
 * What a run did besides writing its files: the stale files it deleted, those it kept because they changed, and the
 * temporary files of interrupted runs it deleted.
 */
export interface OutputFolderResult {
  removed: string[];
  keptChanged: string[];
  removedTemporary: string[];
}

/** The manifest's name in the output folder. */
export const OUTPUT_MANIFEST = '.cxschema-output.json';

interface Manifest {
  generator: string;
  /** Path (relative, `/`-separated) to the sha256 of the text written there. */
  files: Record<string, string>;
}

/** Files written at once: a catalog has hundreds, and the file system overlaps them well. */
const PARALLEL_WRITES = 16;

/**
 * `writtenBy` tells a file of this command's that no manifest lists (a folder whose manifest is not in git, or from
 * before the manifest) by its own mark: the generated header, the catalog's generator tag.
 */
export async function writeOutputFolder(
  folder: string,
  files: readonly OutputFile[],
  generator: string,
  writtenBy: (path: string, text: string) => boolean = () => false,
): Promise<OutputFolderResult> {
  const targets = files.map((file) => ({ path: file.path, target: inside(folder, file.path), text: file.text }));
  if (targets.some(({ path }) => path === OUTPUT_MANIFEST)) {
    throw new CxError('INTERNAL', `refusing to write ${OUTPUT_MANIFEST}: it is the output folder's manifest`);
  }
  // Two texts for one file would be written at once through one temporary name: refused before anything is.
  const seen = new Set<string>();
  for (const { target } of targets) {
    if (seen.has(target)) throw new CxError('INTERNAL', `refusing to write ${target} twice in one run`);
    seen.add(target);
  }
  await checkOutputFolder(folder);
  const previous = await readManifest(folder);
  if (previous !== undefined && previous.generator !== generator) {
    throw new UsageError(
      `${folder} holds the output of ${previous.generator} (its ${OUTPUT_MANIFEST} says so): ${generator} writes to a folder of its own`,
      { hint: `pass --out another folder, or delete ${folder} first` },
    );
  }
  await refuseWritingOverOthers(folder, targets, previous, generator, writtenBy);
  for (const parent of new Set(targets.map(({ target }) => dirname(target)))) {
    await mkdir(parent, { recursive: true }).catch((cause: unknown) => {
      throw writeError(parent, cause);
    });
  }
  const removedTemporary = await removeLeftoverTemporaries(folder, [
    ...targets.map(({ path }) => path),
    ...Object.keys(previous?.files ?? {}),
    OUTPUT_MANIFEST,
  ]);
  await runBounded(targets, PARALLEL_WRITES, ({ target, text }) => writeWhole(target, text));

  const written = new Set(targets.map(({ path }) => path));
  const result: OutputFolderResult = { removed: [], keptChanged: [], removedTemporary };
  const stale = Object.entries(previous?.files ?? {})
    .filter(([path]) => !written.has(path) && path !== OUTPUT_MANIFEST)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [path, hash] of stale) {
    const target = insideOrUndefined(folder, path);
    if (target === undefined) continue;
    const text = await readFile(target).catch(() => undefined);
    if (text === undefined) continue;
    if (sha256(text) !== hash) {
      result.keptChanged.push(path);
      continue;
    }
    await rm(target, { force: true }).catch((cause: unknown) => {
      throw writeError(target, cause);
    });
    result.removed.push(path);
    await removeEmptyParents(folder, target);
  }
  // Written last: a run stopped before this point leaves the old manifest, and the next run finishes the clean-up.
  // A changed file is left out of it: it is the user's now, reported once and never deleted.
  const manifest: Manifest = {
    generator,
    files: Object.fromEntries(
      targets.map(({ path, text }) => [path, sha256(text)] as const).sort(([a], [b]) => (a < b ? -1 : 1)),
    ),
  };
  await writeWhole(resolve(folder, OUTPUT_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return result;
}

/**
 * A file this run would write over that the manifest does not list is someone else's (the user's `index.ts` in
 * `--out src`, a site's own `index.html`), unless it already holds what this run writes or bears its mark:
 * the run is refused before anything is written, as docs/codegen.md and docs/catalog.md promise that such a file
 * is never touched.
 */
async function refuseWritingOverOthers(
  folder: string,
  targets: ReadonlyArray<{ path: string; target: string; text: string }>,
  previous: Manifest | undefined,
  generator: string,
  writtenBy: (path: string, text: string) => boolean,
): Promise<void> {
  const others: string[] = [];
  await runBounded(targets, PARALLEL_WRITES, async ({ path, target, text }) => {
    if (previous !== undefined && Object.hasOwn(previous.files, path)) return;
    const found = await readFile(target, 'utf8').catch(() => undefined);
    if (found === undefined || found === text || writtenBy(path, found)) return;
    others.push(path);
  });
  if (others.length === 0) return;
  others.sort();
  throw new UsageError(
    `${folder} holds ${others.length === 1 ? 'a file' : 'files'} that ${generator} did not write and would write over: ${listed(others)}`,
    { hint: 'pass --out a folder of its own, or move those files away' },
  );
}

/** The previous run's manifest; none (nothing is deleted) when it is missing or is not one of ours. */
async function readManifest(folder: string): Promise<Manifest | undefined> {
  const text = await readFile(resolve(folder, OUTPUT_MANIFEST), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<Manifest>;
    if (typeof parsed.files !== 'object' || parsed.files === null || Array.isArray(parsed.files)) return undefined;
    const files = Object.entries(parsed.files).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    );
    return { generator: String(parsed.generator), files: Object.fromEntries(files) };
  } catch {
    return undefined;
  }
}

/**
 * The temporary name a file is written under before it is renamed into place: `<name>.<pid>.cxschema.tmp`, a name
 * no user gives a backup (`order.ts.20241203.tmp`), so that removing leftovers can never take one.
 */
function temporaryOf(target: string): string {
  return `${target}.${process.pid}.cxschema.tmp`;
}

/** A name `temporaryOf` gives: the final name, and the pid of the process that wrote it. */
const TEMPORARY_NAME = /^(.+)\.([1-9][0-9]{0,9})\.cxschema\.tmp$/;

/**
 * Removes the temporary files that runs killed mid-write left (docs/codegen.md, docs/catalog.md): only a name
 * `temporaryOf` gives to a file this run writes or the last run wrote (the manifest included), never a folder, and
 * only once no process of that pid runs here. The file of a run still writing (this one, another run into the same
 * folder) is kept. A pid is known only on its own machine: a run on another machine writing into a shared folder
 * at this moment is not seen. Returns the paths removed, relative to the folder and `/`-separated.
 */
async function removeLeftoverTemporaries(folder: string, paths: readonly string[]): Promise<string[]> {
  const namesByFolder = new Map<string, Set<string>>();
  for (const path of paths) {
    const target = insideOrUndefined(folder, path);
    if (target === undefined) continue;
    const names = namesByFolder.get(dirname(target)) ?? new Set<string>();
    names.add(basename(target));
    namesByFolder.set(dirname(target), names);
  }
  const removed: string[] = [];
  for (const [parent, names] of namesByFolder) {
    const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const match = TEMPORARY_NAME.exec(entry.name);
      if (match === null || entry.isDirectory() || !names.has(match[1]!) || !processGone(Number(match[2]))) continue;
      const leftover = join(parent, entry.name);
      try {
        await unlink(leftover);
        removed.push(relative(folder, leftover).split(sep).join('/'));
      } catch {
        // Gone already (another run removed it), or not this user's to remove: kept, as any file it cannot touch.
      }
    }
  }
  return removed.sort();
}

/**
 * Whether no process of that pid runs on this machine: signal 0 checks without sending anything. ESRCH says none
 * does; EPERM says one does (another user's); anything else (a pid out of range) is not proof that it ended.
 */
function processGone(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function writeWhole(target: string, text: string): Promise<void> {
  const temporary = temporaryOf(target);
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, target);
  } catch (cause) {
    await rm(temporary, { force: true });
    throw writeError(target, cause);
  }
}

/** Folders the clean-up emptied (a catalog's `schemas/`), up to the output folder, which stays. */
async function removeEmptyParents(folder: string, file: string): Promise<void> {
  for (let parent = dirname(file); insideOrUndefined(folder, relative(folder, parent)) !== undefined;) {
    const removed = await rmdir(parent).then(
      () => true,
      () => false,
    );
    if (!removed) return;
    parent = dirname(parent);
  }
}

function inside(folder: string, path: string): string {
  const target = insideOrUndefined(folder, path);
  if (target === undefined) throw new CxError('INTERNAL', `refusing to write ${path} outside ${folder}`);
  return target;
}

function insideOrUndefined(folder: string, path: string): string | undefined {
  const target = resolve(folder, path);
  const within = relative(folder, target);
  return within === '' || within.startsWith('..') || isAbsolute(within) ? undefined : target;
}

function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

function writeError(path: string, cause: unknown): CxError {
  return new CxError('INPUT', `cannot write ${path}: ${(cause as Error).message}`, {
    cause,
    hint: 'pass --out a folder you can write to',
  });
}

/**
 * The clean-up on stderr: the stale files deleted, and those kept because they were changed since. The paths come
 * from the manifest on disk, which anyone may have edited: they are printed defused.
 */
export function reportCleanUp(result: OutputFolderResult, terminal: Terminal): void {
  if (result.removedTemporary.length > 0) {
    const count = result.removedTemporary.length;
    terminal.err(
      `removed ${count} temporary ${count === 1 ? 'file' : 'files'} that an interrupted run left: ${listed(result.removedTemporary)}`,
    );
  }
  if (result.removed.length > 0) {
    const count = result.removed.length;
    terminal.err(
      `removed ${count} ${count === 1 ? 'file' : 'files'} an earlier run wrote that this one no longer produces: ${listed(result.removed)}`,
    );
  }
  for (const path of result.keptChanged) {
    terminal.err(
      `kept ${sanitizeForTerminal(path)}: an earlier run wrote it and this one no longer produces it, but it was changed since; delete it if it is not needed`,
    );
  }
}

function listed(paths: readonly string[]): string {
  const shown = paths.slice(0, paths.length <= 5 ? 5 : 4).map((path) => sanitizeForTerminal(path));
  return paths.length <= 5 ? shown.join(', ') : `${shown.join(', ')} and ${paths.length - 4} more`;
}
