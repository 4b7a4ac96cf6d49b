/**
 * What `cxschema validate` prints, pinned byte for byte: the clean examples, the broken copy and the rule
 * fixtures (parse errors, alias bombs, duplicate keys, binary files included), in every output format, with the
 * exit code and stderr. Loading is tuned for speed (lazy positions, generated validators, a plain environment
 * for the parser); none of that may change a single byte of what users and their tools read.
 *
 * When an output change is intended, review the diff and update the files under test/fixtures/validate-output/
 * with `npx vitest run test/e2e/validate-output-pinned.test.ts -u`.
 */
import { describe, expect, it } from 'vitest';
import { assertBuilt, ROOT, runCli } from './validate-cli.js';

const CORPORA = ['examples', 'test/fixtures/broken-examples', 'test/fixtures/rules'] as const;
const FORMATS = ['text', 'json', 'github', 'sarif'] as const;

/** The checkout's own path (SARIF names the folder validate ran in) is the one thing that differs by machine. */
function portable(text: string): string {
  return text.split(ROOT).join('<repository>');
}

describe('validate output stays byte-identical', () => {
  for (const corpus of CORPORA) {
    for (const format of FORMATS) {
      it(`${corpus}, --format ${format}`, async () => {
        assertBuilt();
        const run = await runCli(['validate', corpus, '--format', format]);
        const pinned = `exit ${run.code}\n--- stderr\n${run.stderr}--- stdout\n${portable(run.stdout)}`;
        await expect(pinned).toMatchFileSnapshot(
          `../fixtures/validate-output/${corpus.replace(/\//g, '_')}.${format}.txt`,
        );
      });
    }
  }
});
