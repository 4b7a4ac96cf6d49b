/**
 * `cxschema validate --format sarif > results.sarif` on a full disk: the output is lost, and the run must say so
 * and fail, rather than exit 0 with an empty file. /dev/full answers every write with ENOSPC.
 */
import { closeSync, existsSync, openSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../support/cli-process.js';
import { folderPerTest } from '../support/per-test.js';

const folder = folderPerTest('cxschema-full-');

describe.skipIf(!existsSync('/dev/full'))('output to a device that is full', () => {
  it('exits 1 naming the stream and the error, where the run would have exited 0 or 2', async () => {
    await writeFile(
      join(folder.path, 'a.schema.yaml'),
      'externalId: a\nname: A\nfields:\n  - name: x\n    fieldtype: string\n',
    );
    await writeFile(join(folder.path, 'cxschema.config.yaml'), 'schemas: ["*.schema.yaml"]\n');
    // validate ends in the tick its write fails; plan goes on to other work (its metrics) after the write.
    for (const args of [['validate', '--format', 'json'], ['graph'], ['plan', '--emulator', '--detailed-exitcode']]) {
      const full = openSync('/dev/full', 'w');
      try {
        const result = await spawnCli(args, { cwd: folder.path, stdoutFd: full }).done;
        expect({ args, code: result.code }).toEqual({ args, code: 1 });
        expect(result.stderr).toMatch(/^error: cannot write the output to stdout: ENOSPC/m);
      } finally {
        closeSync(full);
      }
    }
  });
});
