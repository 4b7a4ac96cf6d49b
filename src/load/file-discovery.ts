/**
 * Which files to load: named files as they are, folders walked for YAML and JSON, globs matched below their
 * fixed prefix. Tool folders (node_modules, .git, .cxschema) and the config file itself are never schemas.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CxError, UsageError } from '../model/errors.js';
import { globBase, globToRegExp, hasGlobMagic } from './glob-pattern.js';

export const SCHEMA_FILE_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];
export const SKIPPED_FOLDERS: readonly string[] = ['node_modules', '.git', '.cxschema'];

export interface DiscoveryOptions {
  /** Folder that relative paths and globs resolve against. */
  base: string;
  /** Absolute paths never to return (the config file). */
  exclude?: readonly string[];
  /** Throw a UsageError for a path that does not exist or a glob that matches nothing (command-line paths). */
  strict: boolean;
}

/** Absolute paths of the files to load, each once, sorted. */
export async function discoverSchemaFiles(patterns: readonly string[], options: DiscoveryOptions): Promise<string[]> {
  const found = new Set<string>();
  const excluded = new Set(options.exclude ?? []);
  for (const pattern of patterns) {
    const before = found.size;
    if (hasGlobMagic(pattern)) {
      await expandGlob(pattern, options.base, found);
    } else {
      const absolute = path.resolve(options.base, pattern);
      const info = await stat(absolute).catch(() => undefined);
      if (info === undefined) {
        if (options.strict) throw new UsageError(`no such file or folder: ${pattern}`);
      } else if (info.isDirectory()) {
        await walk(absolute, found, () => true);
      } else {
        // A file named explicitly is loaded whatever its extension.
        found.add(absolute);
      }
    }
    if (options.strict && found.size === before && hasGlobMagic(pattern)) {
      throw new UsageError(`no schema files match ${pattern}`, { hint: 'schema files end in .yaml, .yml or .json' });
    }
  }
  for (const file of excluded) found.delete(file);
  return [...found].sort();
}

async function expandGlob(pattern: string, base: string, found: Set<string>): Promise<void> {
  const normalized = pattern.replace(/\\/g, '/');
  const absolutePattern = path.isAbsolute(normalized);
  const root = absolutePattern ? path.parse(normalized).root : base;
  const relativePattern = absolutePattern
    ? path.relative(root, normalized).replace(/\\/g, '/')
    : normalized.replace(/^\.\//, '');
  const matcher = globToRegExp(relativePattern);
  const start = path.resolve(root, globBase(relativePattern));
  await walk(start, found, (absolute) => matcher.test(path.relative(root, absolute).split(path.sep).join('/')));
}

/**
 * Every YAML or JSON file below `folder` that `accept` takes, skipping tool folders; symlinked folders are not
 * followed.
 */
async function walk(folder: string, found: Set<string>, accept: (absolute: string) => boolean): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    // A glob's fixed folders need not exist. A folder that exists but cannot be read is another matter: its
    // schemas would silently leave the set, to be reported as unknown references or, with --prune, deleted.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return;
    throw new CxError('INPUT', `cannot read the folder ${folder}${code ? ` (${code})` : ''}`, {
      cause: error,
      hint: 'the schema files in it would be left out of the set: make it readable, or leave it out of the paths',
    });
  }
  for (const entry of entries) {
    const absolute = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.includes(entry.name)) await walk(absolute, found, accept);
      continue;
    }
    if (!SCHEMA_FILE_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) continue;
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(absolute).catch((error: NodeJS.ErrnoException) => error);
      // A link to nowhere is no file; one that cannot be followed (a loop, a folder this user may not enter) is
      // kept, so that the loader reports it as a file it cannot read rather than the set silently losing it.
      isFile = target instanceof Error ? target.code !== 'ENOENT' : target.isFile();
    }
    if (isFile && accept(absolute)) found.add(absolute);
  }
}
