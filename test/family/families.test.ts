import { describe, expect, it } from 'vitest';
import { CUSTOM_OBJECTS_FAMILY, FAMILIES, FAMILY_NAMES, familyNamed } from '../../src/family/index.js';
import { CxError } from '../../src/model/errors.js';

describe('the family registry', () => {
  it('finds every registered family by its name, and names only known families', () => {
    for (const family of FAMILIES) expect(familyNamed(family.name)).toBe(family);
    for (const family of FAMILIES) expect(FAMILY_NAMES).toContain(family.name);
    expect(familyNamed('customobjects')).toBe(CUSTOM_OBJECTS_FAMILY);
  });

  it('refuses an unknown name, listing the known ones', () => {
    expect(() => familyNamed('contactz')).toThrow(CxError);
    expect(() => familyNamed('contactz')).toThrow(/unknown target family "contactz"/);
  });
});

describe('the custom objects family', () => {
  it('carries on the wire the version a write makes', () => {
    expect(CUSTOM_OBJECTS_FAMILY.versionRule.carried('POST', 1)).toBe(1);
    expect(CUSTOM_OBJECTS_FAMILY.versionRule.carried('PUT', 5)).toBe(5);
  });

  it('creates as DRAFT version 1 and publishes with a second write', () => {
    expect(CUSTOM_OBJECTS_FAMILY.lifecycle.planTransition(null, 'PUBLISHED', false)).toEqual({
      ok: true,
      kind: 'create',
      writes: [
        { method: 'POST', version: 1, status: 'DRAFT' },
        { method: 'PUT', version: 2, status: 'PUBLISHED' },
      ],
    });
  });
});
