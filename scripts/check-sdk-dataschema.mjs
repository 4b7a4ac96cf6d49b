#!/usr/bin/env node
/**
 * Development check of the emulator's DataSchema families (docs/targets.md) against the official Genesys Cloud
 * JavaScript SDK (purecloud-platform-client-v2), which is never a dependency of cxschema:
 *
 *   npm install --prefix /tmp/sdkcheck purecloud-platform-client-v2
 *   npm run build
 *   node scripts/check-sdk-dataschema.mjs /tmp/sdkcheck/node_modules/purecloud-platform-client-v2
 *
 * Unlike check-sdk.mjs (custom objects, which the SDK has no class for), every call here goes through the SDK's
 * own generated methods: ExternalContactsApi for contact and organization schemas, TaskManagementApi for workitem
 * schemas, all ten endpoints of each family, a stale-version PUT that must reach the SDK as 409
 * dynamic.schema.version.conflict, each family's delete, the published example with every coretype, and a 403
 * for a client whose roles lack a permission. It starts the built emulator in-process on an ephemeral loopback
 * port (or, with `--url URL --client-id ID --client-secret SECRET`, talks to one that runs; the 403 check then
 * needs `--restricted-client-id ID --restricted-client-secret SECRET`, a client with view permissions only).
 * The first mismatch exits 1.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createChecks, loadSdk, pointSdkAt, readArguments, startBuiltEmulator } from './sdk-check-session.mjs';

const { sdkPath, flag } = readArguments(
  'check-sdk-dataschema.mjs',
  '[--url URL --client-id ID --client-secret SECRET [--restricted-client-id ID --restricted-client-secret SECRET]]',
);
const here = import.meta.dirname ?? new URL('.', import.meta.url).pathname;
const checks = createChecks();
const { say, check, refused } = checks;
const { platformClient, client, sdkVersion } = loadSdk(sdkPath);

const FULL = { id: 'sdk-check', secret: 'sdk-check-secret' };
const RESTRICTED = { id: 'sdk-check-viewer', secret: 'sdk-check-viewer-secret' };

let emulator;
let url = flag('--url');
let full = { id: flag('--client-id'), secret: flag('--client-secret') };
let restricted = flag('--restricted-client-id')
  ? { id: flag('--restricted-client-id'), secret: flag('--restricted-client-secret') }
  : undefined;
if (url === undefined) {
  emulator = await startBuiltEmulator({
    clients: [
      { ...FULL, scopes: [] },
      { ...RESTRICTED, scopes: [], roles: ['viewer'] },
    ],
    roles: { viewer: ['externalContacts:customFields:view', 'workitems:workitemSchema:view'] },
  });
  url = emulator.url;
  full = FULL;
  restricted = RESTRICTED;
}
say(`SDK purecloud-platform-client-v2 ${sdkVersion} against ${url}`);

/** The SDK's method names for one family: `${verb}${stem}Schema...`. */
const FAMILIES = [
  {
    name: 'contacts',
    api: () => new platformClient.ExternalContactsApi(),
    stem: 'ExternalcontactsContacts',
    appliesTo: 'CONTACT',
    fieldsPerSchema: 25,
    remove: 'hard',
  },
  {
    name: 'organizations',
    api: () => new platformClient.ExternalContactsApi(),
    stem: 'ExternalcontactsOrganizations',
    appliesTo: 'EXTERNAL_ORGANIZATION',
    fieldsPerSchema: 25,
    remove: 'none',
  },
  {
    name: 'workitems',
    api: () => new platformClient.TaskManagementApi(),
    stem: 'TaskmanagementWorkitems',
    appliesTo: 'WORKITEM',
    fieldsPerSchema: 50,
    remove: 'soft',
  },
];

const run = Date.now().toString(36);
function body(name, version, extra = {}) {
  return {
    name,
    version,
    enabled: true,
    jsonSchema: {
      $schema: 'http://json-schema.org/draft-04/schema#',
      title: name,
      description: 'Written by the SDK check',
      properties: {
        nickname_text: { allOf: [{ $ref: '#/definitions/text' }], title: 'Nickname', minLength: 0, maxLength: 100 },
        ...extra,
      },
    },
  };
}

try {
  pointSdkAt(client, url);
  const auth = await client.loginClientCredentialsGrant(full.id, full.secret);
  check(
    typeof auth.accessToken === 'string' && auth.accessToken.length > 0,
    'loginClientCredentialsGrant gives an access token',
    auth,
  );
  say('ok   loginClientCredentialsGrant');

  for (const family of FAMILIES) {
    const api = family.api();
    const m = (verb, rest) => {
      const method = api[`${verb}${family.stem}${rest}`];
      check(typeof method === 'function', `the SDK has ${verb}${family.stem}${rest}`);
      return method.bind(api);
    };
    const name = `SDK check ${family.name} ${run}`;

    const limits = await m('get', 'SchemasLimits')();
    check(
      limits.status === 200 && limits.body.maxNumberOfFieldsPerSchema === family.fieldsPerSchema,
      `${family.name}: /limits reads ${family.fieldsPerSchema} fields per schema`,
      limits.body,
    );
    const coretypes = await m('get', 'SchemasCoretypes')();
    check(
      coretypes.status === 200 && coretypes.body.total === 11 && coretypes.body.entities.some((c) => c.name === 'tag'),
      `${family.name}: /coretypes lists the eleven coretypes`,
      coretypes.body,
    );
    const enumType = await m('get', 'SchemasCoretype')('enum');
    check(
      enumType.status === 200 &&
        enumType.body.name === 'enum' &&
        enumType.body.validationFields.includes('_enumProperties'),
      `${family.name}: /coretypes/enum reads one coretype`,
      enumType.body,
    );
    say(
      `ok   ${family.name}: get${family.stem}SchemasLimits, get${family.stem}SchemasCoretypes, get${family.stem}SchemasCoretype`,
    );

    const created = await m('post', 'Schemas')(body(name, 1), {
      customHeaders: { 'ININ-Correlation-Id': `sdk-${family.name}` },
    });
    check(
      created.status === 200 && created.body.version === 1 && created.body.appliesTo?.[0] === family.appliesTo,
      `${family.name}: POST answers 200 with version 1 and appliesTo ${family.appliesTo}`,
      created.body,
    );
    check(
      created.headers['inin-correlation-id'] === `sdk-${family.name}`,
      `${family.name}: the correlation id is echoed`,
      created.headers,
    );
    const id = created.body.id;
    const one = await m('get', 'Schema')(id);
    check(
      one.status === 200 && one.body.id === id && one.body.name === name,
      `${family.name}: GET reads the schema`,
      one.body,
    );
    const list = await m('get', 'Schemas')();
    check(
      list.status === 200 && list.body.entities.some((s) => s.id === id) && list.body.pageSize === undefined,
      `${family.name}: the list holds it, without paging`,
      list.body,
    );
    say(`ok   ${family.name}: post${family.stem}Schemas, get${family.stem}Schema, get${family.stem}Schemas`);

    const extra = {
      tier_integer: { allOf: [{ $ref: '#/definitions/integer' }], title: 'Tier', minimum: 1, maximum: 5 },
    };
    const updated = await m('put', 'Schema')(id, body(name, 1, extra));
    check(
      updated.status === 200 && updated.body.version === 2 && 'tier_integer' in updated.body.jsonSchema.properties,
      `${family.name}: a PUT carrying the current version (1) makes version 2`,
      updated.body,
    );
    const stale = await refused(m('put', 'Schema')(id, body(name, 1, extra)));
    check(
      stale?.status === 409 &&
        stale.body?.code === 'dynamic.schema.version.conflict' &&
        stale.body.messageParams?.current === '2',
      `${family.name}: a stale PUT reaches the SDK as 409 dynamic.schema.version.conflict`,
      stale?.body ?? stale,
    );
    check(
      stale.body.contextId === stale.headers['inin-correlation-id'],
      `${family.name}: the 409 ErrorBody carries the correlation id`,
      stale.body,
    );
    say(`ok   ${family.name}: put${family.stem}Schema, and a stale one as 409 dynamic.schema.version.conflict`);

    const versions = await m('get', 'SchemaVersions')(id);
    check(
      versions.status === 200 && versions.body.entities.map((v) => v.version).join() === '1,2',
      `${family.name}: the versions are listed oldest first`,
      versions.body,
    );
    const first = await m('get', 'SchemaVersion')(id, '1');
    check(
      first.status === 200 && first.body.version === 1 && !('tier_integer' in first.body.jsonSchema.properties),
      `${family.name}: version 1 reads back as it was`,
      first.body,
    );
    say(`ok   ${family.name}: get${family.stem}SchemaVersions, get${family.stem}SchemaVersion`);

    const invalid = await refused(
      m(
        'post',
        'Schemas',
      )(
        body(`${name} bad`, 1, {
          long_text: { allOf: [{ $ref: '#/definitions/text' }], title: 'Long', maxLength: 101 },
        }),
      ),
    );
    check(
      invalid?.status === 400 &&
        invalid.body.code === 'dynamic.schema.invalid' &&
        invalid.body.details[0].fieldName === 'jsonSchema.properties.long_text.maxLength',
      `${family.name}: a text longer than its coretype allows is 400 at its path`,
      invalid?.body,
    );
    const missing = await refused(m('get', 'Schema')('00000000-0000-0000-0000-000000000000'));
    check(
      missing?.status === 404 && missing.body.code === 'not.found',
      `${family.name}: an unknown schema is 404 not.found`,
      missing?.body,
    );
    say(`ok   ${family.name}: ErrorBody on 400 and 404`);

    if (family.remove === 'none') {
      check(typeof api[`delete${family.stem}Schema`] === 'undefined', `${family.name}: the SDK has no delete method`);
      say(`ok   ${family.name}: no delete${family.stem}Schema in the SDK`);
    } else {
      const deleted = await m('delete', 'Schema')(id);
      check(deleted.status === 204, `${family.name}: DELETE answers 204`, deleted.status);
      if (family.remove === 'hard') {
        const gone = await refused(m('get', 'Schema')(id));
        check(gone?.status === 404, `${family.name}: the deleted schema is gone`, gone?.body);
      } else {
        const soft = await m('get', 'Schema')(id);
        check(
          soft.status === 200 && soft.body.deleted === true,
          `${family.name}: a GET after DELETE shows "deleted": true`,
          soft.body,
        );
        const listed = await m('get', 'Schemas')();
        check(
          !listed.body.entities.some((s) => s.id === id),
          `${family.name}: a deleted schema is not listed`,
          listed.body,
        );
      }
      say(`ok   ${family.name}: delete${family.stem}Schema (${family.remove})`);
    }
  }

  const example = JSON.parse(
    readFileSync(resolve(here, '../test/fixtures/targets/workitem-every-coretype.json'), 'utf8'),
  );
  example.name = `${example.name} ${run}`;
  const tasks = new platformClient.TaskManagementApi();
  const published = await tasks.postTaskmanagementWorkitemsSchemas(example);
  check(
    published.status === 200 && Object.keys(published.body.jsonSchema.properties).length === 11,
    'the published example with every coretype is accepted',
    published.body,
  );
  const readBack = await tasks.getTaskmanagementWorkitemsSchema(published.body.id);
  check(
    JSON.stringify(readBack.body.jsonSchema) === JSON.stringify(example.jsonSchema),
    'the example reads back unchanged',
    readBack.body.jsonSchema,
  );
  await tasks.deleteTaskmanagementWorkitemsSchema(published.body.id);
  say('ok   the published workitem example with every coretype');

  if (restricted) {
    await client.loginClientCredentialsGrant(restricted.id, restricted.secret);
    const contacts = new platformClient.ExternalContactsApi();
    const read = await contacts.getExternalcontactsContactsSchemas();
    check(read.status === 200, 'a viewer may list contact schemas', read.body);
    const forbidden = await refused(
      contacts.postExternalcontactsContactsSchemas(body(`SDK check forbidden ${run}`, 1)),
    );
    check(
      forbidden?.status === 403 &&
        forbidden.body.code === 'missing.any.permissions' &&
        forbidden.body.message.includes('externalContacts:customFields:add'),
      'a missing permission reaches the SDK as 403 naming it',
      forbidden?.body,
    );
    const forbiddenDelete = await refused(
      new platformClient.TaskManagementApi().deleteTaskmanagementWorkitemsSchema(
        '00000000-0000-0000-0000-000000000000',
      ),
    );
    check(
      forbiddenDelete?.status === 403 &&
        forbiddenDelete.body.messageParams?.permissions === 'workitems:workitemSchema:delete',
      'the 403 names the delete permission',
      forbiddenDelete?.body,
    );
    say('ok   403 missing.any.permissions for a client without the permission');
  } else {
    say('skip 403 check (no --restricted-client-id)');
  }

  client.setAccessToken('not-a-token');
  const unauthorized = await refused(new platformClient.TaskManagementApi().getTaskmanagementWorkitemsSchemasLimits());
  check(
    unauthorized?.status === 401 && unauthorized.body.code === 'bad.credentials',
    'a 401 reaches the SDK caller',
    unauthorized?.body,
  );
  say('ok   401 bad.credentials');
  say(`all ${checks.count} checks passed`);
} finally {
  await emulator?.stop();
}
