/**
 * `--data PATH`: the state survives a restart; writes are atomic (temporary file, fsync, rename) and coalesced;
 * a file that cannot be read back stops the start with a clear error.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { CoalescingWriter } from '../../src/emulator/durable-file.js';
import { ConfigError } from '../../src/model/errors.js';
import { caller, SCHEMAS, schemaBody, tokenFor } from './emulator-fixtures.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cxschema-emulator-data-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('restarts', () => {
  it('keep every version of every schema, ids and dates included', async () => {
    const dataPath = join(folder, 'nested', 'dir', 'state.json');
    const first = await startEmulator({ dataPath });
    const call = caller(first, await tokenFor(first));
    await call('POST', SCHEMAS, schemaBody('kept'));
    await call('PUT', `${SCHEMAS}/kept`, schemaBody('kept', { version: 2, status: 'PUBLISHED' }));
    await call('POST', SCHEMAS, schemaBody('dropped'));
    await call('DELETE', `${SCHEMAS}/dropped`);
    const before = first.versions('kept');
    await first.stop();

    const second = await startEmulator({ dataPath });
    try {
      expect(second.versions('kept')).toEqual(before);
      expect(second.schemas().map((s) => s.externalId)).toEqual(['kept']);
      const again = caller(second, await tokenFor(second));
      expect((await again('GET', `${SCHEMAS}/kept/versions/1`)).body).toEqual(before[0]);
      expect(
        (await again('PUT', `${SCHEMAS}/kept`, schemaBody('kept', { version: 3, status: 'DEPRECATED' }))).status,
      ).toBe(200);
      // Published before the restart: still not deletable after it.
      expect((await again('DELETE', `${SCHEMAS}/kept`)).body.code).toBe('customobjects.schema.in.use');
    } finally {
      await second.stop();
    }
    expect((await readdir(join(folder, 'nested', 'dir'))).sort()).toEqual(['state.json']);
  });

  it('start empty when the file does not exist yet, and create it on the first write', async () => {
    const dataPath = join(folder, 'fresh.json');
    const emulator = await startEmulator({ dataPath });
    try {
      expect(emulator.schemas()).toEqual([]);
      await expect(readFile(dataPath)).rejects.toThrow();
      await caller(emulator, await tokenFor(emulator))('POST', SCHEMAS, schemaBody('first'));
      // The response came after the write was durable.
      const saved = JSON.parse(await readFile(dataPath, 'utf8')) as {
        format: string;
        schemas: Array<{ externalId: string }>;
      };
      expect(saved.format).toBe('cxschema-emulator-state/1');
      expect(saved.schemas.map((s) => s.externalId)).toEqual(['first']);
    } finally {
      await emulator.stop();
    }
  });
});

describe('stopping', () => {
  it('answers every write it applied before closing the connections', async () => {
    const dataPath = join(folder, 'stopping.json');
    const emulator = await startEmulator({ dataPath, rateLimitPerMinute: 0 });
    const call = caller(emulator, await tokenFor(emulator));
    const names = Array.from({ length: 8 }, (_, i) => `write_${i}`);
    const answers = names.map((name) =>
      call('POST', SCHEMAS, schemaBody(name)).then(
        (answer) => answer.status,
        () => 'cut off',
      ),
    );
    // Stopped while a write is applied and not yet durable, nor answered.
    while (emulator.schemas().length === 0) await new Promise((resolve) => setImmediate(resolve));
    await emulator.stop();
    const saved = JSON.parse(await readFile(dataPath, 'utf8')) as { schemas: Array<{ externalId: string }> };
    const kept = new Set(saved.schemas.map((s) => s.externalId));
    expect(kept.size).toBeGreaterThan(0);
    const statuses = await Promise.all(answers);
    // A write on disk was answered 201; one that was not applied may have been cut off, never answered 201.
    names.forEach((name, i) => expect(statuses[i]).toBe(kept.has(name) ? 201 : 'cut off'));
  });
});

describe('a data file that cannot be written', () => {
  it('answers 500 and tells onError, without a stack trace in the body', async () => {
    const gone = join(folder, 'vanishing');
    const errors: unknown[] = [];
    const emulator = await startEmulator({
      dataPath: join(gone, 'state.json'),
      onError: (error) => errors.push(error),
    });
    try {
      await rm(gone, { recursive: true, force: true });
      const reply = await caller(emulator, await tokenFor(emulator))('POST', SCHEMAS, schemaBody('unsaved'));
      expect(reply.status).toBe(500);
      expect(reply.body).toMatchObject({
        code: 'internal.server.error',
        message: 'The change could not be saved to the data file',
      });
      expect(errors).toHaveLength(1);
      expect(String(errors[0])).toMatch(/ENOENT/);
    } finally {
      await emulator.stop();
    }
  });
});

describe('leftovers of a killed write', () => {
  it('are removed at start, and the state is the last renamed file', async () => {
    const dataPath = join(folder, 'left.json');
    const first = await startEmulator({ dataPath });
    await caller(first, await tokenFor(first))('POST', SCHEMAS, schemaBody('survivor'));
    await first.stop();
    await writeFile(`${dataPath}.4242.tmp`, '{"format": "cxschema-emulator-state/1", "schemas": [');
    await writeFile(join(folder, 'left.json.keep'), 'not ours');
    const second = await startEmulator({ dataPath });
    try {
      expect(second.schemas().map((s) => s.externalId)).toEqual(['survivor']);
      const names = await readdir(folder);
      expect(names).not.toContain('left.json.4242.tmp');
      expect(names).toContain('left.json.keep');
    } finally {
      await second.stop();
    }
  });
});

describe('an emulator that only reads its data file (dataReadOnly)', () => {
  it("starts from another emulator's file while that one holds it, and never writes it or what lies beside it", async () => {
    const dataPath = join(folder, 'served.json');
    const temporary = `${dataPath}.4242.tmp`;
    const holder = await startEmulator({ dataPath });
    try {
      await caller(holder, await tokenFor(holder))('POST', SCHEMAS, schemaBody('served'));
      // A write of the holder in progress, as the reader starts: its temporary is not the reader's to remove.
      await writeFile(temporary, '{"format": "cxschema-emulator-state/1", "schemas": [');
      const saved = await readFile(dataPath, 'utf8');
      const reader = await startEmulator({ dataPath, dataReadOnly: true });
      try {
        expect(reader.schemas().map((s) => s.externalId)).toEqual(['served']);
        // Its own changes stay in its memory.
        const added = await caller(reader, await tokenFor(reader))('POST', SCHEMAS, schemaBody('in_memory'));
        expect(added.status).toBe(201);
        expect(reader.schemas().map((s) => s.externalId)).toEqual(['in_memory', 'served']);
      } finally {
        await reader.stop();
      }
      expect(await readFile(dataPath, 'utf8')).toBe(saved);
      expect((await readdir(folder)).filter((name) => name.startsWith('served.json')).sort()).toEqual([
        'served.json',
        'served.json.4242.tmp',
        'served.json.lock',
      ]);
      // The holder goes on writing: nothing of its was taken from it.
      expect((await caller(holder, await tokenFor(holder))('POST', SCHEMAS, schemaBody('after'))).status).toBe(201);
    } finally {
      await holder.stop();
      await rm(temporary, { force: true });
    }
    expect(await readdir(folder)).not.toContain('served.json.lock');
  });

  it('starts empty when the file does not exist, and makes neither it nor its folder', async () => {
    const dataPath = join(folder, 'absent', 'state.json');
    const reader = await startEmulator({ dataPath, dataReadOnly: true });
    try {
      expect(reader.schemas()).toEqual([]);
      await caller(reader, await tokenFor(reader))('POST', SCHEMAS, schemaBody('in_memory'));
    } finally {
      await reader.stop();
    }
    expect(await readdir(folder)).not.toContain('absent');
  });
});

describe('a data file whose folder cannot be made', () => {
  it('stops the start with a configuration error naming the folder, also under /proc', async () => {
    await writeFile(join(folder, 'plain'), 'x');
    for (const [dataPath, named] of [
      [join(folder, 'plain', 'state.json'), `${join(folder, 'plain')} is not a folder`],
      ['/proc/cxschema-test/state.json', 'cannot create the folder /proc/cxschema-test'],
    ] as const) {
      const error = await startEmulator({ dataPath }).then(
        async (emulator) => {
          await emulator.stop();
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain(named);
      expect((error as ConfigError).file).toBe(dataPath);
    }
  });
});

describe('a data file that cannot be read back', () => {
  async function startWith(name: string, content: string): Promise<unknown> {
    const dataPath = join(folder, name);
    await writeFile(dataPath, content);
    return startEmulator({ dataPath }).then(
      async (emulator) => {
        await emulator.stop();
        return undefined;
      },
      (error: unknown) => error,
    );
  }

  it('stops the start with a configuration error naming the file, when truncated', async () => {
    const dataPath = join(folder, 'whole.json');
    const emulator = await startEmulator({ dataPath });
    await caller(emulator, await tokenFor(emulator))('POST', SCHEMAS, schemaBody('one'));
    await emulator.stop();
    const whole = await readFile(dataPath, 'utf8');
    const error = await startWith('truncated.json', whole.slice(0, Math.floor(whole.length / 2)));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).file).toBe(join(folder, 'truncated.json'));
    expect((error as ConfigError).message).toMatch(/not valid JSON \(truncated or corrupt\)/);
    expect((error as ConfigError).hint).toMatch(/remove it/);
  });

  it('refuses garbage, another format, and malformed entries', async () => {
    expect(await startWith('garbage.json', '\u0000\u0001garbage')).toBeInstanceOf(ConfigError);
    expect(String(await startWith('other.json', '{"schemas": []}'))).toMatch(
      /not in the format cxschema-emulator-state\/1/,
    );
    const malformed = JSON.stringify({
      format: 'cxschema-emulator-state/1',
      schemas: [{ id: 'x', externalId: 'a', dateCreated: 'd', versions: [{ externalId: 'a', version: 2 }] }],
    });
    expect(String(await startWith('malformed.json', malformed))).toMatch(/schemas\[0\]/);
  });
});

describe('a data file whose versions were edited', () => {
  /** A file this emulator wrote (two versions of `kept`), edited by `edit` before the next start. */
  async function edited(name: string, edit: (version: Record<string, unknown>) => void): Promise<unknown> {
    const dataPath = join(folder, name);
    const emulator = await startEmulator({ dataPath });
    const call = caller(emulator, await tokenFor(emulator));
    await call('POST', SCHEMAS, schemaBody('kept'));
    await call('PUT', `${SCHEMAS}/kept`, schemaBody('kept', { version: 2 }));
    await emulator.stop();
    const state = JSON.parse(await readFile(dataPath, 'utf8')) as {
      schemas: Array<{ versions: Array<Record<string, unknown>> }>;
    };
    edit(state.schemas[0]!.versions[1]!);
    await writeFile(dataPath, JSON.stringify(state));
    return startEmulator({ dataPath }).then(
      async (started) => {
        await started.stop();
        return undefined;
      },
      (error: unknown) => error,
    );
  }

  it('stops the start with a configuration error naming the schema, the version and what is wrong', async () => {
    const status = await edited('status.json', (v) => (v['status'] = 'Draft'));
    expect(status).toBeInstanceOf(ConfigError);
    expect((status as ConfigError).file).toBe(join(folder, 'status.json'));
    expect((status as ConfigError).message).toBe(
      'the emulator data file has a malformed schema entry at schemas[0] ("kept"), version 2 (versions[1]): ' +
        'status: status is required and must be one of DRAFT, PUBLISHED, DEPRECATED',
    );
    const nullField = await edited('null-field.json', (v) => (v['fields'] = [null]));
    expect(nullField).toBeInstanceOf(ConfigError);
    expect(String(nullField)).toMatch(/schemas\[0\] \("kept"\), version 2 \(versions\[1\]\): fields\[0\]: /);
    const fieldType = await edited('fieldtype.json', (v) => (v['fields'] = [{ name: 'a', fieldtype: 'String' }]));
    expect(String(fieldType)).toMatch(/version 2 \(versions\[1\]\): fields\[0\]\.fieldtype: /);
    const date = await edited('date.json', (v) => delete v['dateModified']);
    expect(String(date)).toMatch(/version 2 \(versions\[1\]\): dateModified is not a string/);
    // The file as written starts.
    expect(await edited('unchanged.json', () => undefined)).toBeUndefined();
  });
});

describe('CoalescingWriter', () => {
  it('serialises and coalesces writes, each caller resolving once its state is on disk', async () => {
    const path = join(folder, 'coalesced.json');
    let state = 0;
    let snapshots = 0;
    const writer = new CoalescingWriter(path, () => {
      snapshots++;
      return JSON.stringify({ state });
    });
    const waits: Array<Promise<void>> = [];
    for (let i = 1; i <= 50; i++) {
      state = i;
      const expected = i;
      waits.push(
        writer
          .write()
          .then(async () =>
            expect((JSON.parse(await readFile(path, 'utf8')) as { state: number }).state).toBeGreaterThanOrEqual(
              expected,
            ),
          ),
      );
    }
    await Promise.all(waits);
    await writer.idle();
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ state: 50 });
    // A write starts once the turn that asked for it is over: the 50 calls made in one turn share one write.
    expect(snapshots).toBe(1);
  });

  it('goes on writing after a state that could not be made, and goes idle', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cxschema-writer-'));
    try {
      const path = join(dir, 'state.json');
      let calls = 0;
      const writer = new CoalescingWriter(path, () => {
        calls++;
        if (calls === 1) throw new Error('no state');
        return '{"ok":true}';
      });
      await expect(writer.write()).rejects.toThrow('no state');
      await writer.write();
      await writer.idle();
      expect(await readFile(path, 'utf8')).toBe('{"ok":true}');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('never exposes a partly written file to a concurrent reader', async () => {
    const path = join(folder, 'observed.json');
    const big = 'x'.repeat(200_000);
    let round = 0;
    const writer = new CoalescingWriter(path, () => JSON.stringify({ round, big }));
    await writer.write();
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const parsed = JSON.parse(await readFile(path, 'utf8')) as { big: string };
        expect(parsed.big.length).toBe(200_000);
        reads++;
      }
    })();
    for (round = 1; round <= 30; round++) await writer.write();
    writing = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect((await readdir(folder)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
