/** A hand-made plan covering every step kind, for tests of the saved format and of rendering. */
import type { Plan, PlanStep } from '../../src/plan/plan-types.js';

function step(partial: Partial<PlanStep> & Pick<PlanStep, 'externalId' | 'kind'>): PlanStep {
  return {
    wave: 0,
    file: `schemas/${partial.externalId}.schema.yaml`,
    managed: true,
    from: { version: 1, status: 'PUBLISHED' },
    to: { version: 2, status: 'PUBLISHED' },
    content: {
      externalId: partial.externalId,
      name: partial.externalId,
      fields: [{ name: 'title', fieldtype: 'string' }],
    },
    writes: [{ method: 'PUT', version: 2, status: 'PUBLISHED' }],
    changes: [],
    dependsOn: [],
    compatibility: { mode: 'BACKWARD', ignores: [] },
    ...partial,
  };
}

export function samplePlan(): Plan {
  const steps: PlanStep[] = [
    step({
      externalId: 'customer',
      kind: 'create',
      from: null,
      to: { version: 2, status: 'PUBLISHED' },
      content: {
        externalId: 'customer',
        name: 'Customer',
        fields: [
          { name: 'email', fieldtype: 'email', required: true },
          { name: 'owner', fieldtype: 'reference', constraints: { referencedType: 'user' } },
        ],
      },
      writes: [
        { method: 'POST', version: 1, status: 'DRAFT' },
        { method: 'PUT', version: 2, status: 'PUBLISHED' },
      ],
    }),
    step({
      externalId: 'order',
      kind: 'update',
      from: { version: 3, status: 'PUBLISHED' },
      to: { version: 4, status: 'PUBLISHED' },
      writes: [{ method: 'PUT', version: 4, status: 'PUBLISHED' }],
      changes: [
        { path: 'notes', kind: 'added', after: { name: 'notes', fieldtype: 'longText' } },
        { path: 'title', kind: 'changed', property: 'constraints.maxLength', before: 100, after: 200 },
        { path: 'legacy', kind: 'removed', before: { name: 'legacy', fieldtype: 'string' } },
      ],
    }),
    step({
      externalId: 'invoice',
      kind: 'update',
      blocked: '1 compatibility violation under BACKWARD (FIELD_TYPE_CHANGED)',
      writes: [],
    }),
    step({ externalId: 'draft_thing', kind: 'publish', from: { version: 1, status: 'DRAFT' } }),
    step({ externalId: 'quiet', kind: 'noop', writes: [], to: { version: 1, status: 'PUBLISHED' } }),
    step({
      externalId: 'line',
      kind: 'create',
      wave: 1,
      from: null,
      dependsOn: ['customer'],
      writes: [
        { method: 'POST', version: 1, status: 'DRAFT' },
        { method: 'PUT', version: 2, status: 'PUBLISHED' },
      ],
    }),
    step({
      externalId: 'old_thing',
      kind: 'deprecate',
      wave: 2,
      managed: false,
      to: { version: 2, status: 'DEPRECATED' },
      writes: [{ method: 'PUT', version: 2, status: 'DEPRECATED' }],
    }),
  ];
  delete steps[6]!.file;
  return {
    formatVersion: 1,
    createdAt: '2024-05-01T12:00:00.000Z',
    target: { kind: 'customobjects', orgDomain: 'example.test' },
    options: { prune: true },
    steps,
    waves: 3,
    unmanaged: [
      { externalId: 'old_thing', version: 1, status: 'PUBLISHED', action: 'deprecate' },
      {
        externalId: 'scratch',
        version: 1,
        status: 'DRAFT',
        action: 'keep',
        reason: 'a draft can only be deprecated after being published',
      },
    ],
    remoteVersions: {
      customer: null,
      draft_thing: 1,
      invoice: 1,
      line: null,
      old_thing: 1,
      order: 3,
      quiet: 1,
      scratch: 1,
    },
    violations: [
      {
        rule: 'FIELD_TYPE_CHANGED',
        schema: 'invoice',
        field: 'amount',
        before: 'number',
        after: 'string',
        message: 'the type of field amount changed',
        mode: 'BACKWARD',
        againstVersion: 1,
        hint: 'keep the field as it is and add a new one instead',
      },
    ],
    ignoredViolations: [
      {
        rule: 'FIELD_REMOVED',
        schema: 'order',
        field: 'legacy',
        message: 'field legacy was removed',
        mode: 'BACKWARD',
        againstVersion: 3,
        ignoredBecause: 'nobody reads it',
      },
    ],
    summary: {
      create: 2,
      update: 1,
      publish: 1,
      deprecate: 1,
      undeprecate: 0,
      unchanged: 1,
      blocked: 1,
      unmanaged: 2,
      changes: 6,
      writes: 7,
    },
  };
}
