/**
 * What the emulator stores and serves from a body written while Object.prototype holds a property the body lacks
 * (a library that adds one, or a polluted prototype): the body as sent (docs/api-contract.md, "The schema
 * resource"). Every check after the structure check reads the checked body, so each must read it as its own.
 */
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { BASE, dataSchemaBody, textProperty } from './dataschema-fixtures.js';
import { SCHEMAS, tokenFor } from './emulator-fixtures.js';

const prototype = Object.prototype as Record<string, unknown>;
const POLLUTION = { description: 'from the prototype', maxLength: 1_000_000_000, required: true };

let emulator: EmulatorHandle;
let token: string;
beforeEach(async () => {
  emulator = await startEmulator({ rateLimitPerMinute: 0 });
  token = await tokenFor(emulator);
});
afterEach(() => emulator.stop());

interface Answer {
  status: number;
  text: string;
}

/** One request by node:http (fetch itself reads options a polluted prototype would answer). */
function call(method: string, path: string, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = request(`${emulator.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    sent.on('error', reject);
    sent.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, text: Buffer.concat(chunks).toString() }));
      response.on('error', reject);
    });
    sent.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** A request sent while Object.prototype holds POLLUTION, removed as soon as the answer has come. */
async function whilePolluted(
  send: () => Promise<Answer>,
  pollution: Record<string, unknown> = POLLUTION,
): Promise<Answer> {
  try {
    for (const [key, value] of Object.entries(pollution))
      Object.defineProperty(prototype, key, { value, enumerable: true, configurable: true, writable: true });
    return await send();
  } finally {
    for (const key of Object.keys(pollution)) delete prototype[key];
  }
}

function body(version: number, fields: unknown[]): Record<string, unknown> {
  return { externalId: 'plain', name: 'Plain', version, status: 'DRAFT', fields };
}

const TITLE = { name: 'title', fieldtype: 'string', constraints: { minLength: 1 } };
const TAGS = { name: 'tags', fieldtype: 'list', constraints: { items: { fieldtype: 'string', constraints: {} } } };
const NOTE = { name: 'note', fieldtype: 'string' };

describe('a body written while Object.prototype holds description, maxLength and required', () => {
  it('is stored and served as sent', async () => {
    const created = await whilePolluted(() => call('POST', SCHEMAS, body(1, [TITLE, TAGS, NOTE])));
    expect(created).toMatchObject({ status: 201 });
    // A field without `required` that the prototype says is required can still be removed.
    const updated = await whilePolluted(() => call('PUT', `${SCHEMAS}/plain`, body(2, [TITLE, TAGS])));
    expect(updated).toMatchObject({ status: 200 });

    const stored = emulator.versions('plain');
    expect(stored.map((version) => JSON.stringify(version.fields))).toEqual([
      JSON.stringify([TITLE, TAGS, NOTE]),
      JSON.stringify([TITLE, TAGS]),
    ]);
    for (const version of stored) expect(Object.hasOwn(version, 'description')).toBe(false);

    const served = (await call('GET', `${SCHEMAS}/plain`)).text.replace(
      /"(id|dateCreated|dateModified)":"[^"]*",/g,
      '',
    );
    expect(served).toBe(
      JSON.stringify({
        externalId: 'plain',
        name: 'Plain',
        version: 2,
        status: 'DRAFT',
        fields: [TITLE, TAGS],
        selfUri: `${SCHEMAS}/plain`,
      }),
    );
  });
});

describe('a DataSchema PUT while Object.prototype holds a property of the saved schema', () => {
  it('still finds the property removed', async () => {
    const base = BASE.contacts;
    const created = await call('POST', base, dataSchemaBody('Customer', { nick_text: textProperty('Nick') }));
    expect(created).toMatchObject({ status: 200 });
    const { id } = JSON.parse(created.text) as { id: string };
    const replaced = await whilePolluted(
      () =>
        call('PUT', `${base}/${id}`, dataSchemaBody('Customer', { name_text: textProperty('Name') }, { version: 1 })),
      { nick_text: textProperty('Nick') },
    );
    expect(replaced.status).toBe(400);
    expect(replaced.text).toContain('"errorCode":"dynamic.schema.field.removed"');
    expect(JSON.parse((await call('GET', `${base}/${id}`)).text)).toMatchObject({
      version: 1,
      jsonSchema: { properties: { nick_text: { title: 'Nick' } } },
    });
  });
});
