/**
 * The floor validate is compared with, as a whole process: list a folder, read every .yaml file in it and
 * parse it with the yaml library, nothing else (32 reads in flight, as the loader does).
 * Usage: node parse-only.js FOLDER. Prints the number of files parsed.
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

const folder = process.argv[2];
if (folder === undefined) throw new Error('usage: parse-only.js FOLDER');
const files = readdirSync(folder).filter((name) => name.endsWith('.yaml'));
let parsed = 0;
let next = 0;
await Promise.all(
  Array.from({ length: 32 }, async () => {
    while (next < files.length) {
      const value: unknown = parse(await readFile(path.join(folder, files[next++]!), 'utf8'));
      if (value !== null) parsed++;
    }
  }),
);
process.stdout.write(`${parsed}\n`);
