/**
 * A DataSchema client reads versions by the server ids its last list learned: a plan under a transitive mode
 * lists the family once, not once per schema it reads the versions of (docs/architecture.md), and a version
 * read after the list adds none. An id whose schema was deleted is dropped and the name resolved again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WORKITEMS_FAMILY } from '../../src/family/index.js';
import { dataSchemaRoutes } from '../../src/genesys/data-schema-target.js';
import type { SchemaField } from '../../src/model/schema.js';
import { startFamilyOrg, type FamilyOrg } from '../support/family-org-rig.js';
import { planAgainst } from '../support/plan-against.js';

let org: FamilyOrg | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

const NAMES = ['claim', 'invoice', 'refund'];
const summary = (maxLength: number): SchemaField => ({
  name: 'summary',
  fieldtype: 'string',
  constraints: { maxLength },
});
const routes = dataSchemaRoutes(WORKITEMS_FAMILY.api as Extract<typeof WORKITEMS_FAMILY.api, { kind: 'dataschema' }>);

describe('the id cache of a DataSchema client', () => {
  it('plans a transitive change of three schemas with one list and one versions read each', async () => {
    org = await startFamilyOrg(WORKITEMS_FAMILY);
    for (const externalId of NAMES) {
      const body = { externalId, name: externalId, status: 'PUBLISHED' as const };
      await org.other.create({ ...body, version: 1, fields: [summary(50)] });
      await org.other.update({ ...body, version: 2, fields: [summary(80)] });
    }
    org.handle.resetCounters();

    const documents = NAMES.map((externalId) => ({
      file: `schemas/${externalId}.schema.yaml`,
      definition: { externalId, name: externalId, fields: [summary(90)] },
    }));
    const plan = await planAgainst(org.target, documents, {
      compatibility: { mode: 'FORWARD_TRANSITIVE', ignore: [] },
    });
    expect(plan.steps.map((step) => step.kind)).toEqual(['update', 'update', 'update']);
    const { byRoute } = org.handle.counters();
    expect([byRoute[`GET ${routes.schemas}`], byRoute[`GET ${routes.versions}`]]).toEqual([{ 200: 1 }, { 200: 3 }]);

    org.handle.resetCounters();
    expect((await org.target.version('invoice', 1))?.fields).toEqual([summary(50)]);
    expect(org.handle.counters().byRoute).toEqual({ [`GET ${routes.version}`]: { 200: 1 } });
  });

  it('drops a cached id whose schema was deleted and made again, and reads the new one', async () => {
    org = await startFamilyOrg(WORKITEMS_FAMILY);
    const body = { externalId: 'claim', name: 'claim', status: 'PUBLISHED' as const };
    await org.other.create({ ...body, version: 1, fields: [summary(50)] });
    await org.other.update({ ...body, version: 2, fields: [summary(80)] });
    expect((await org.target.list()).map((schema) => schema.version)).toEqual([2]);
    await org.other.delete('claim');
    await org.other.create({ ...body, version: 1, fields: [summary(60)] });

    expect((await org.target.versions('claim')).map((v) => v.fields)).toEqual([[summary(60)]]);
    expect((await org.target.version('claim', 1))?.fields).toEqual([summary(60)]);
    expect(await org.target.version('claim', 2)).toBeUndefined();
  });
});
