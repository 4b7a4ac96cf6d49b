/**
 * The first-line `# yaml-language-server: $schema=...` links of the repository's schema files: an editor opens
 * the file they name, relative to the schema file, so each must name the published JSON Schema that exists.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PUBLISHED = resolve(ROOT, 'schema/cxschema.schema.json');

function yamlFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((item) => {
    const path = join(folder, item.name);
    if (item.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(item.name) ? [path] : [];
  });
}

describe('$schema links in schema files', () => {
  it('name schema/cxschema.schema.json, wherever the file sits', () => {
    const linked = ['examples', 'test/fixtures']
      .flatMap((folder) => yamlFiles(join(ROOT, folder)))
      .flatMap((file) => {
        const link = /\$schema=(\S+)/.exec(readFileSync(file, 'utf8').split('\n')[0] ?? '')?.[1];
        return link === undefined ? [] : [{ file: relative(ROOT, file), target: resolve(dirname(file), link) }];
      });
    expect(linked.length).toBeGreaterThan(10);
    expect(linked.filter(({ target }) => target !== PUBLISHED || !existsSync(target))).toEqual([]);
  });
});
