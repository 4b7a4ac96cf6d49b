/**
 * cxschema's own version, from its package.json. `--version` loads this module alone (src/cli/main.ts): it imports
 * nothing of the command's own, so the bundle's entry needs no other file (docs/architecture.md).
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
