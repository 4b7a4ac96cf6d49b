/** What a test of a file starts and must end, held in one object that is emptied after each test. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/**
 * An empty holder for what each test of the file starts; after each test, `end` is given what it holds (stop
 * the servers, remove the folders), and the holder is emptied for the next test.
 */
export function heldPerTest<T extends object>(end: (held: Partial<T>) => Promise<void>): Partial<T> {
  const held: Partial<T> = {};
  afterEach(async () => {
    await end(held);
    for (const key of Object.keys(held)) delete (held as Record<string, unknown>)[key];
  });
  return held;
}

/** A new empty folder under the system's temporary one for each test of the file (`.path`), removed after it. */
export function folderPerTest(prefix: string): { readonly path: string } {
  const held = heldPerTest<{ path: string }>(async ({ path }) => {
    if (path !== undefined) await rm(path, { recursive: true, force: true });
  });
  beforeEach(async () => {
    held.path = await mkdtemp(join(tmpdir(), prefix));
  });
  return held as { readonly path: string };
}
