import { describe, expect, it } from 'vitest';
import * as cxschema from '../../src/index.js';

// The package's entry point: what a library user imports. A missing export is a breaking change.
describe('library entry point', () => {
  it('exposes a function for every command', () => {
    for (const name of [
      'validatePaths',
      'validateAgainstOrg',
      'preparePlan',
      'planChanges',
      'applyPlan',
      'pullSchemas',
      'readHistory',
      'planRollback',
      'diffOrgs',
      'configForEnvironment',
      'verifyAuditChain',
      'readAuditEntries',
      'resendOutbox',
      'startEmulator',
      'createCustomObjectsTarget',
    ] as const) {
      expect(typeof cxschema[name], name).toBe('function');
    }
    expect(typeof cxschema.graph.deployWaves).toBe('function');
    expect(typeof cxschema.compat.checkCompatibility).toBe('function');
  });

  it('validates the examples and deploys them to an emulator', async () => {
    const config = await cxschema.loadConfig({ cwd: process.cwd() });
    const validation = await cxschema.validatePaths([], { config, cwd: process.cwd() });
    expect(validation.summary.errors).toBe(0);
    expect(validation.documents.length).toBeGreaterThanOrEqual(8);

    const emulator = await cxschema.startEmulator({ port: 0 });
    try {
      const target = cxschema.createCustomObjectsTarget({
        credentials: {
          clientId: emulator.demoClient.id,
          clientSecret: emulator.demoClient.secret,
          domain: emulator.url,
        },
      });
      const first = await cxschema.preparePlan({
        paths: [],
        cwd: process.cwd(),
        config,
        target,
        orgDomain: 'emulator',
        createdAt: new Date().toISOString(),
      });
      expect(first.plan).toBeDefined();
      const result = await cxschema.applyPlan(first.plan!, { target });
      expect(result.summary.failed).toBe(0);
      // The custom object examples; those of the DataSchema families name their own target and are left out.
      const customObjects = validation.documents.filter((d) => d.definition!.target === undefined);
      expect(first.otherFamilies.map((other) => other.target).sort()).toEqual([
        'contacts',
        'organizations',
        'workitems',
      ]);
      expect(
        emulator
          .schemas()
          .map((s) => s.externalId)
          .sort(),
      ).toEqual(customObjects.map((d) => d.definition!.externalId).sort());
      const second = await cxschema.preparePlan({
        paths: [],
        cwd: process.cwd(),
        config,
        target,
        orgDomain: 'emulator',
        createdAt: new Date().toISOString(),
      });
      expect(second.plan!.summary.unchanged).toBe(customObjects.length);
    } finally {
      await emulator.stop();
    }
  });
});
