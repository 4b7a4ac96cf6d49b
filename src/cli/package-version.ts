/** cxschema's own version and links, from its package.json (for --version and the SARIF tool entry). */
import { readFileSync } from 'node:fs';

interface PackageManifest {
  version: string;
  repository?: string | { url?: string };
}

const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

function manifest(): PackageManifest {
  return JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as PackageManifest;
}

export function packageVersion(): string {
  return manifest().version;
}

/**
 * The absolute URI of docs/rules.md for SARIF help links (SARIF wants an absolute helpUri): the page in the
 * package's repository at this version's tag when package.json names a GitHub repository, else the copy the
 * package ships (docs/rules.md is in its `files`).
 */
export function rulesDocUri(): string {
  const { version, repository } = manifest();
  const web = repositoryWebUrl(typeof repository === 'string' ? repository : repository?.url);
  return web === undefined
    ? new URL('docs/rules.md', new URL('./', PACKAGE_JSON)).href
    : `${web}/blob/v${version}/docs/rules.md`;
}

/** `github:o/r`, `o/r`, `git+https://github.com/o/r.git`, `git@github.com:o/r.git` → `https://github.com/o/r`. */
export function repositoryWebUrl(repository: string | undefined): string | undefined {
  if (repository === undefined) return undefined;
  const match =
    /^(?:github:)?([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(repository) ??
    /^(?:git\+)?(?:https?|git|ssh):\/\/(?:git@)?github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(repository) ??
    /^git@github\.com:([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(repository);
  return match === null ? undefined : `https://github.com/${match[1]}/${match[2]}`;
}
