/**
 * cxschema's own version, from its package.json. A bare `--version` does not come here: src/cli/bin.cts answers it
 * before the ES modules load (docs/architecture.md, "Start-up").
 */
import { readFileSync } from 'node:fs';

export interface PackageManifest {
  version: string;
  repository?: string | { url?: string };
}

export const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

export function manifest(): PackageManifest {
  return JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as PackageManifest;
}

export function packageVersion(): string {
  return manifest().version;
}
