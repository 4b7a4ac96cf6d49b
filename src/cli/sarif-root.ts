/**
 * The folder SARIF paths are relative to (docs/ci.md "SARIF for code scanning"): code scanning resolves a
 * result's path from the repository root, so by default that is the git root, found by walking up for `.git`
 * (a folder, or a file in a worktree or submodule; no git binary needed), else the folder validate ran in.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../model/errors.js';

export function sarifRoot(given: string | undefined, cwd: string): string {
  if (given === undefined) return findGitRoot(cwd) ?? cwd;
  const root = path.resolve(cwd, given);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UsageError(`--sarif-root ${given}: not a folder`, {
      hint: 'give the repository root the SARIF log is uploaded for',
    });
  }
  return root;
}

/** The nearest folder at or above `from` that holds a `.git` entry, or undefined. */
export function findGitRoot(from: string): string | undefined {
  for (let folder = path.resolve(from); ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, '.git'))) return folder;
    if (path.dirname(folder) === folder) return undefined;
  }
}
