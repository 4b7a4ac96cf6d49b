/**
 * Contact and organization schemas count together toward one maxNumberOfSchemasPerOrg (docs/targets.md "Limits"):
 * each family's /limits answers the count the emulator refuses at, whichever family an override names.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { resolveDataSchemaLimits } from '../../src/emulator/dataschema/quantity-limits.js';
import { caller, tokenFor } from './emulator-fixtures.js';
import { BASE, dataSchemaBody } from './dataschema-fixtures.js';

let handle: EmulatorHandle | undefined;
afterEach(async () => {
  await handle?.stop();
  handle = undefined;
});

describe('the shared schema count of contacts and organizations', () => {
  it('is answered alike by both /limits, and refused at that count, when one family names it', async () => {
    handle = await startEmulator({
      port: 0,
      host: '127.0.0.1',
      rateLimitPerMinute: 0,
      dataSchemaLimits: { contacts: { maxNumberOfSchemasPerOrg: 1 } },
    });
    const call = caller(handle, await tokenFor(handle));
    for (const family of ['contacts', 'organizations'] as const)
      expect((await call('GET', `${BASE[family]}/limits`)).body).toMatchObject({ maxNumberOfSchemasPerOrg: 1 });
    expect((await call('GET', `${BASE.workitems}/limits`)).body).toMatchObject({ maxNumberOfSchemasPerOrg: 100 });
    expect((await call('POST', BASE.contacts, dataSchemaBody('Customer'))).status).toBe(200);
    const second = await call('POST', BASE.organizations, dataSchemaBody('Partner'));
    expect(second.status).toBe(400);
    expect(second.body).toMatchObject({ code: 'dynamic.schema.limit.exceeded', messageParams: { max: '1' } });
  });

  it('refuses two different counts for the group', () => {
    expect(() =>
      resolveDataSchemaLimits({
        contacts: { maxNumberOfSchemasPerOrg: 1 },
        organizations: { maxNumberOfSchemasPerOrg: 2 },
      }),
    ).toThrow(
      'limit maxNumberOfSchemasPerOrg is one count for contacts and organizations together: give it once, not contacts.maxNumberOfSchemasPerOrg=1 and organizations.maxNumberOfSchemasPerOrg=2',
    );
    expect(
      resolveDataSchemaLimits({
        contacts: { maxNumberOfSchemasPerOrg: 3 },
        organizations: { maxNumberOfSchemasPerOrg: 3 },
      }).organizations.maxNumberOfSchemasPerOrg,
    ).toBe(3);
  });
});
