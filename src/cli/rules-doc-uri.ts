/** Where SARIF help links point: the rules page of cxschema's docs, or where a team hosts it. */
import { UsageError } from '../model/errors.js';
import { manifest, PACKAGE_JSON } from './package-version.js';

/**
 * The absolute URI of docs/rules.md for SARIF help links (SARIF wants an absolute helpUri): the page in the
 * package's repository at this version's tag when package.json names a GitHub repository, else the copy the
 * package ships (docs/rules.md is in its `files`).
 */
export function rulesDocUri(helpBase?: string): string {
  if (helpBase !== undefined) return sarifHelpBase(helpBase);
  const { version, repository } = manifest();
  const web = repositoryWebUrl(typeof repository === 'string' ? repository : repository?.url);
  return web === undefined
    ? new URL('docs/rules.md', new URL('./', PACKAGE_JSON)).href
    : `${web}/blob/v${version}/docs/rules.md`;
}

/**
 * `--sarif-help-base URL`: where the team hosts docs/rules.md (an intranet page, the repository's own copy), for
 * help links that open in a browser rather than the `file://` copy of the runner that made the log. An absolute
 * URL without a `#fragment`, since each rule's anchor is added to it.
 */
function sarifHelpBase(given: string): string {
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new UsageError(`--sarif-help-base ${given}: not an absolute URL`, {
      hint: 'give the address of docs/rules.md where your team hosts it, e.g. https://docs.example.com/cxschema/rules.md',
    });
  }
  if (url.hash !== '' || given.includes('#')) {
    throw new UsageError(`--sarif-help-base ${given}: has a #fragment`, {
      hint: "drop it: each rule's help link is this address followed by #<rule id in lower case>",
    });
  }
  return url.href;
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
