/**
 * Who may call the DataSchema routes (docs/targets.md "Permissions"), and the shared machinery they go through:
 * roles and permissions of OAuth clients, the 403 naming the missing permission, the order of checks, faults,
 * correlation ids, counters, the rate limit and the `--data` file.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorClient, EmulatorHandle } from '../../src/emulator/index.js';
import { emulatorOptionsFromFlags, startEmulator } from '../../src/emulator/index.js';
import { ConfigError, UsageError } from '../../src/model/errors.js';
import { caller, tokenFor } from './emulator-fixtures.js';
import { BASE, dataSchemaBody } from './dataschema-fixtures.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cxschema-dataschema-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function withEmulator(
  options: Parameters<typeof startEmulator>[0],
  run: (emulator: EmulatorHandle) => Promise<void>,
): Promise<void> {
  const emulator = await startEmulator({ rateLimitPerMinute: 0, ...options });
  try {
    await run(emulator);
  } finally {
    await emulator.stop();
  }
}

const viewer: EmulatorClient = {
  id: 'viewer',
  secret: 'viewer-secret',
  scopes: [],
  permissions: ['externalContacts:customFields:view'],
};
const editor: EmulatorClient = { id: 'editor', secret: 'editor-secret', scopes: [], roles: ['workitem-schema-admin'] };
const wildcard: EmulatorClient = {
  id: 'wild',
  secret: 'wild-secret',
  scopes: [],
  permissions: ['externalContacts:*:*'],
};
const everything: EmulatorClient = { id: 'all', secret: 'all-secret', scopes: [] };

describe('permissions', () => {
  it('a token whose client lacks the permission gets 403 missing.any.permissions naming it', async () => {
    await withEmulator({ clients: [viewer, everything] }, async (emulator) => {
      const call = caller(emulator, await tokenFor(emulator, viewer));
      expect((await call('GET', BASE.contacts)).status).toBe(200);
      expect((await call('GET', `${BASE.contacts}/coretypes`)).status).toBe(200);
      const refused = await call('POST', BASE.contacts, dataSchemaBody('Customer'), {
        'ININ-Correlation-Id': 'no-add',
      });
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({
        message:
          'Unable to perform the requested action. You must have at least one of the following permissions assigned: [externalContacts:customFields:add]',
        code: 'missing.any.permissions',
        status: 403,
        messageWithParams:
          'Unable to perform the requested action. You must have at least one of the following permissions assigned: [{permissions}]',
        messageParams: { permissions: 'externalContacts:customFields:add' },
        contextId: 'no-add',
        details: [],
        errors: [],
      });
      expect(emulator.dataSchemas('contacts')).toEqual([]);
      const workitems = await call('GET', BASE.workitems);
      expect(workitems.status).toBe(403);
      expect(workitems.body.messageParams).toEqual({ permissions: 'workitems:workitemSchema:view' });
    });
  });

  it("names each method's permission: PUT and DELETE of contacts need edit, workitem DELETE needs delete", async () => {
    await withEmulator(
      {
        clients: [
          everything,
          {
            id: 'reader',
            secret: 'reader-secret',
            scopes: [],
            permissions: [
              'externalContacts:customFields:view',
              'workitems:workitemSchema:view',
              'workitems:workitemSchema:edit',
            ],
          },
        ],
      },
      async (emulator) => {
        const admin = caller(emulator, await tokenFor(emulator, everything));
        const contact = (await admin('POST', BASE.contacts, dataSchemaBody('Customer'))).body;
        const workitem = (await admin('POST', BASE.workitems, dataSchemaBody('Loan'))).body;
        const reader = caller(emulator, await tokenFor(emulator, { id: 'reader', secret: 'reader-secret' }));
        expect(
          (await reader('PUT', `${BASE.contacts}/${contact.id}`, dataSchemaBody('Customer'))).body.messageParams,
        ).toEqual({ permissions: 'externalContacts:customFields:edit' });
        expect((await reader('DELETE', `${BASE.contacts}/${contact.id}`)).body.messageParams).toEqual({
          permissions: 'externalContacts:customFields:edit',
        });
        expect((await reader('PUT', `${BASE.workitems}/${workitem.id}`, dataSchemaBody('Loan'))).status).toBe(200);
        expect((await reader('DELETE', `${BASE.workitems}/${workitem.id}`)).body.messageParams).toEqual({
          permissions: 'workitems:workitemSchema:delete',
        });
      },
    );
  });

  it('roles grant their permissions; * covers a segment', async () => {
    await withEmulator(
      { clients: [editor, wildcard], roles: { 'workitem-schema-admin': ['workitems:workitemSchema:*'] } },
      async (emulator) => {
        const edit = caller(emulator, await tokenFor(emulator, editor));
        const created = await edit('POST', BASE.workitems, dataSchemaBody('Loan'));
        expect(created.status).toBe(200);
        expect((await edit('DELETE', `${BASE.workitems}/${created.body.id}`)).status).toBe(204);
        expect((await edit('GET', BASE.contacts)).status).toBe(403);
        const wild = caller(emulator, await tokenFor(emulator, wildcard));
        expect((await wild('POST', BASE.organizations, dataSchemaBody('Partner'))).status).toBe(200);
        expect((await wild('GET', BASE.workitems)).status).toBe(403);
      },
    );
  });

  it('the custom objects routes keep their scopes, whatever the permissions', async () => {
    await withEmulator({ clients: [viewer] }, async (emulator) => {
      const reply = await caller(emulator, await tokenFor(emulator, viewer))('GET', '/api/v2/customobjects/schemas');
      expect(reply.status).toBe(403);
      expect(reply.body.code).toBe('missing.scope');
    });
  });

  it('defaultPermissions limits the demo client', async () => {
    await withEmulator({ defaultPermissions: ['workitems:workitemSchema:view'] }, async (emulator) => {
      const call = caller(emulator, await tokenFor(emulator));
      expect((await call('GET', BASE.workitems)).status).toBe(200);
      expect((await call('POST', BASE.workitems, dataSchemaBody('Loan'))).status).toBe(403);
    });
  });

  it('authentication and the rate limit come before the permission', async () => {
    await withEmulator({ clients: [viewer], rateLimitPerMinute: 1 }, async (emulator) => {
      const anonymous = await fetch(`${emulator.url}${BASE.workitems}`);
      expect(anonymous.status).toBe(401);
      const call = caller(emulator, await tokenFor(emulator, viewer));
      expect((await call('GET', BASE.workitems)).status).toBe(403);
      expect((await call('GET', BASE.workitems)).status).toBe(429);
    });
  });

  it('refuses an unknown role or a malformed permission at start', async () => {
    await expect(startEmulator({ clients: [{ id: 'a', secret: 'b', scopes: [], roles: ['nobody'] }] })).rejects.toThrow(
      /unknown role "nobody"/,
    );
    await expect(
      startEmulator({ clients: [{ id: 'a', secret: 'b', scopes: [], permissions: ['workitems.view'] }] }),
    ).rejects.toThrow(ConfigError);
    await expect(startEmulator({ defaultPermissions: ['view'] })).rejects.toThrow(UsageError);
    await expect(
      startEmulator({ dataSchemaLimits: { workitems: { maxNumberOfFieldsPerSchema: -1 } } }),
    ).rejects.toThrow(/workitems.maxNumberOfFieldsPerSchema/);
  });
});

describe('flags', () => {
  it("--permissions sets the default clients' permissions, --limits takes family.key, a clients file carries roles", async () => {
    expect(
      await emulatorOptionsFromFlags({ permissions: 'workitems:workitemSchema:view, externalContacts:*:*' }),
    ).toMatchObject({ defaultPermissions: ['workitems:workitemSchema:view', 'externalContacts:*:*'] });
    expect(
      await emulatorOptionsFromFlags({ limits: 'maxFieldsPerSchema=20,workitems.maxNumberOfFieldsPerSchema=5' }),
    ).toMatchObject({
      limits: { maxFieldsPerSchema: 20 },
      dataSchemaLimits: { workitems: { maxNumberOfFieldsPerSchema: 5 } },
    });
    await expect(emulatorOptionsFromFlags({ limits: 'tickets.maxNumberOfFieldsPerSchema=5' })).rejects.toThrow(
      /unknown family "tickets"/,
    );
    await expect(emulatorOptionsFromFlags({ limits: 'workitems.maxFields=5' })).rejects.toThrow(
      /unknown limit "maxFields"/,
    );
    await expect(emulatorOptionsFromFlags({ permissions: 'view' })).rejects.toThrow(UsageError);
    const file = join(folder, 'clients.json');
    await writeFile(
      file,
      JSON.stringify({
        roles: { reader: ['workitems:workitemSchema:view'] },
        clients: [{ id: 'ci', secret: 'ci-secret', roles: ['reader'] }],
      }),
    );
    await expect(
      emulatorOptionsFromFlags({ clients: file, permissions: 'workitems:workitemSchema:view' }),
    ).rejects.toThrow(UsageError);
    const options = await emulatorOptionsFromFlags({ clients: file, port: '0' });
    expect(options.clients).toEqual([
      {
        id: 'ci',
        secret: 'ci-secret',
        scopes: ['customobjects:schema:read', 'customobjects:schema:write'],
        permissions: ['workitems:workitemSchema:view'],
      },
    ]);
    await writeFile(file, JSON.stringify({ clients: [{ id: 'ci', secret: 'ci-secret', roles: ['reader'] }] }));
    await expect(emulatorOptionsFromFlags({ clients: file })).rejects.toThrow(ConfigError);
  });
});

describe('shared machinery', () => {
  it('faults, correlation ids and counters apply to the DataSchema routes', async () => {
    await withEmulator({ faults: { status: { 503: 1 } } }, async (emulator) => {
      const call = caller(emulator, await tokenFor(emulator));
      const reply = await call('GET', `${BASE.workitems}/abc`, undefined, { 'ININ-Correlation-Id': 'fault-1' });
      expect(reply.status).toBe(503);
      expect(reply.body).toMatchObject({ code: 'service.unavailable', contextId: 'fault-1' });
      expect(reply.headers.get('inin-correlation-id')).toBe('fault-1');
      expect(emulator.counters().byRoute['GET /api/v2/taskmanagement/workitems/schemas/{schemaId}']).toEqual({
        '503': 1,
      });
    });
  });

  it('the rate limit applies to the DataSchema routes', async () => {
    await withEmulator({ rateLimitPerMinute: 2 }, async (emulator) => {
      const call = caller(emulator, await tokenFor(emulator));
      expect((await call('GET', `${BASE.contacts}/limits`)).status).toBe(200);
      expect((await call('GET', `${BASE.contacts}/coretypes`)).status).toBe(200);
      const limited = await call('GET', BASE.contacts);
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('too.many.requests.retry.after');
    });
  });
});

describe('--data keeps the DataSchemas', () => {
  it('every family, every version, soft deletes included, survive a restart', async () => {
    const dataPath = join(folder, 'state.json');
    let before: Record<string, unknown[]> = {};
    let workitemId = '';
    await withEmulator({ dataPath }, async (first) => {
      const call = caller(first, await tokenFor(first));
      const contact = (await call('POST', BASE.contacts, dataSchemaBody('Customer'))).body;
      await call(
        'PUT',
        `${BASE.contacts}/${contact.id}`,
        dataSchemaBody('Customer', undefined, { version: 1, enabled: false }),
      );
      await call('POST', BASE.organizations, dataSchemaBody('Partner'));
      workitemId = (await call('POST', BASE.workitems, dataSchemaBody('Loan'))).body.id;
      await call('DELETE', `${BASE.workitems}/${workitemId}`);
      before = {
        contacts: first.dataSchemas('contacts'),
        organizations: first.dataSchemas('organizations'),
        workitems: first.dataSchemas('workitems'),
      };
    });
    await withEmulator({ dataPath }, async (second) => {
      expect({
        contacts: second.dataSchemas('contacts'),
        organizations: second.dataSchemas('organizations'),
        workitems: second.dataSchemas('workitems'),
      }).toEqual(before);
      const call = caller(second, await tokenFor(second));
      const contactId = (before['contacts']?.[0] as { id: string }).id;
      expect((await call('GET', `${BASE.contacts}/${contactId}/versions`)).body.total).toBe(2);
      expect((await call('GET', `${BASE.workitems}/${workitemId}`)).body.deleted).toBe(true);
      expect(
        (await call('PUT', `${BASE.contacts}/${contactId}`, dataSchemaBody('Customer', undefined, { version: 2 }))).body
          .version,
      ).toBe(3);
    });
    const saved = JSON.parse(await readFile(dataPath, 'utf8')) as {
      format: string;
      dataSchemas: Record<string, unknown[]>;
    };
    expect(saved.format).toBe('cxschema-emulator-state/1');
    expect(Object.keys(saved.dataSchemas)).toEqual(['contacts', 'organizations', 'workitems']);
  });

  it('a file without DataSchemas is written as before, and a malformed DataSchema entry stops the start naming it', async () => {
    const dataPath = join(folder, 'plain.json');
    await withEmulator({ dataPath }, async (emulator) => {
      await caller(emulator, await tokenFor(emulator))('POST', '/api/v2/customobjects/schemas', {
        externalId: 'a',
        name: 'A',
        version: 1,
        status: 'DRAFT',
        fields: [],
      });
    });
    expect(Object.keys(JSON.parse(await readFile(dataPath, 'utf8')) as object)).toEqual(['format', 'schemas']);

    const broken = join(folder, 'broken.json');
    await writeFile(
      broken,
      JSON.stringify({
        format: 'cxschema-emulator-state/1',
        schemas: [],
        dataSchemas: { contacts: [], workitems: [{ id: 'x', deleted: false, versions: [{ version: 2 }] }] },
      }),
    );
    const start = startEmulator({ dataPath: broken });
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(/dataSchemas\.workitems\[0\]/);
  });

  it('a DataSchema version edited by hand stops the start naming the schema, the version and what is wrong', async () => {
    const dataPath = join(folder, 'edited-dataschema.json');
    let id = '';
    await withEmulator({ dataPath }, async (emulator) => {
      const call = caller(emulator, await tokenFor(emulator));
      id = (await call('POST', BASE.contacts, dataSchemaBody('Customer'))).body.id;
      expect(
        (await call('PUT', `${BASE.contacts}/${id}`, dataSchemaBody('Customer', undefined, { version: 1 }))).status,
      ).toBe(200);
    });
    const whole = await readFile(dataPath, 'utf8');
    const startEdited = async (edit: (version: Record<string, unknown>) => void): Promise<unknown> => {
      const state = JSON.parse(whole) as {
        dataSchemas: { contacts: Array<{ versions: Array<Record<string, unknown>> }> };
      };
      edit(state.dataSchemas.contacts[0]!.versions[1]!);
      await writeFile(dataPath, JSON.stringify(state));
      return startEmulator({ dataPath }).then(
        (started) => started.stop(),
        (error: unknown) => error,
      );
    };
    const properties = await startEdited((v) => ((v['jsonSchema'] as Record<string, unknown>)['properties'] = [null]));
    expect(properties).toBeInstanceOf(ConfigError);
    expect(String(properties)).toContain(
      `dataSchemas.contacts[0] (${JSON.stringify(id)}), version 2 (versions[1]): jsonSchema.properties: `,
    );
    const property = await startEdited(
      (v) => ((v['jsonSchema'] as Record<string, unknown>)['properties'] = { label_text: null }),
    );
    expect(String(property)).toMatch(/version 2 \(versions\[1\]\): jsonSchema\.properties\.label_text/);
    expect(await startEdited(() => undefined)).toBeUndefined();
  });
});
