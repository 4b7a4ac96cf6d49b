import { describe, expect, it } from 'vitest';
import { CxError } from '../../src/model/errors.js';
import { planChanges, type PlanInput } from '../../src/plan/plan-changes.js';
import type { PlanStep } from '../../src/plan/plan-types.js';
import { CREATED_AT, definition, documents, ref, remote, snapshot, text } from '../support/schema-builders.js';

const BACKWARD: PlanInput['compatibility'] = { mode: 'BACKWARD', ignore: [] };

function plan(input: Partial<PlanInput> & Pick<PlanInput, 'documents' | 'snapshot'>) {
  return planChanges({ compatibility: BACKWARD, createdAt: CREATED_AT, ...input });
}

const stepOf = (steps: PlanStep[], id: string): PlanStep => {
  const found = steps.find((s) => s.externalId === id);
  if (found === undefined) throw new Error(`no step for ${id}`);
  return found;
};

describe('planChanges', () => {
  it('creates new schemas in reference order: a create waits for the publish of what it references', () => {
    const result = plan({
      documents: documents(
        definition('order', [ref('buyer', 'customer'), text('title')]),
        definition('customer', [text('email')]),
      ),
      snapshot: snapshot([]),
    });
    expect(result.steps.map((s) => [s.externalId, s.kind, s.wave])).toEqual([
      ['customer', 'create', 0],
      ['order', 'create', 1],
    ]);
    expect(stepOf(result.steps, 'order').dependsOn).toEqual(['customer']);
    expect(stepOf(result.steps, 'customer').writes).toEqual([
      { method: 'POST', version: 1, status: 'DRAFT' },
      { method: 'PUT', version: 2, status: 'PUBLISHED' },
    ]);
    expect(result.remoteVersions).toEqual({ customer: null, order: null });
    expect(result.summary).toMatchObject({ create: 2, unchanged: 0, changes: 2, writes: 4, blocked: 0 });
    expect(result.waves).toBe(2);
    expect(result.target).toEqual({ kind: 'customobjects', orgDomain: 'example.test' });
    expect(result.formatVersion).toBe(1);
  });

  it('sees no change through key order, server-owned properties and defaults', () => {
    const local = definition('customer', [{ fieldtype: 'string', name: 'email', required: false, constraints: {} }], {
      description: 'People',
    });
    const there = remote('customer', [{ name: 'email', fieldtype: 'string' }], 4, 'PUBLISHED', {
      description: 'People',
    });
    const result = plan({ documents: documents(local), snapshot: snapshot([there]) });
    expect(result.steps).toHaveLength(1);
    expect(result.steps[0]).toMatchObject({
      kind: 'noop',
      writes: [],
      from: { version: 4 },
      to: { version: 4, status: 'PUBLISHED' },
    });
    expect(result.summary).toMatchObject({ unchanged: 1, changes: 0, writes: 0 });
    expect(result.waves).toBe(0);
  });

  it('updates changed contents at current + 1, with the field-level diff', () => {
    const result = plan({
      documents: documents(
        definition('customer', [text('email', { constraints: { maxLength: 300 } }), text('nickname')]),
      ),
      snapshot: snapshot([remote('customer', [text('email', { constraints: { maxLength: 200 } })], 3)]),
    });
    const step = stepOf(result.steps, 'customer');
    expect(step).toMatchObject({
      kind: 'update',
      from: { version: 3 },
      to: { version: 4, status: 'PUBLISHED' },
      writes: [{ method: 'PUT', version: 4, status: 'PUBLISHED' }],
    });
    expect(step.blocked).toBeUndefined();
    expect(step.changes.map((c) => `${c.kind} ${c.path}`)).toEqual(
      expect.arrayContaining(['added nickname', 'changed email']),
    );
    expect(result.violations).toEqual([]);
  });

  it('blocks a change that breaks compatibility, reporting rule, schema, field and old -> new', () => {
    const result = plan({
      documents: documents(
        definition('customer', [{ name: 'age', fieldtype: 'string' }]),
        definition('note', [text('body')]),
      ),
      snapshot: snapshot([remote('customer', [{ name: 'age', fieldtype: 'number' }], 2)]),
    });
    const step = stepOf(result.steps, 'customer');
    expect(step.kind).toBe('update');
    expect(step.blocked).toMatch(/compatibility violation.*BACKWARD.*FIELD_TYPE_CHANGED/);
    expect(result.violations).toEqual([
      expect.objectContaining({
        rule: 'FIELD_TYPE_CHANGED',
        schema: 'customer',
        field: 'age',
        before: 'number',
        after: 'string',
        mode: 'BACKWARD',
        againstVersion: 2,
      }),
    ]);
    expect(result.summary).toMatchObject({ blocked: 1, create: 1, changes: 2, writes: 2 });
  });

  it('lets a config ignore with its reason accept a violation, and a schema file choose its own mode', () => {
    const ignoring = plan({
      documents: documents(definition('customer', [text('email')])),
      snapshot: snapshot([remote('customer', [text('email'), text('fax')], 2)]),
      compatibility: {
        mode: 'BACKWARD',
        ignore: [{ rule: 'FIELD_REMOVED', schema: 'customer', reason: 'nobody sends faxes' }],
      },
    });
    expect(stepOf(ignoring.steps, 'customer').blocked).toBeUndefined();
    expect(ignoring.violations).toEqual([]);
    expect(ignoring.ignoredViolations).toEqual([
      expect.objectContaining({ rule: 'FIELD_REMOVED', field: 'fax', ignoredBecause: 'nobody sends faxes' }),
    ]);
    expect(stepOf(ignoring.steps, 'customer').compatibility.ignores).toHaveLength(1);

    const none = plan({
      documents: documents(definition('customer', [text('email')], { compatibility: 'NONE' })),
      snapshot: snapshot([remote('customer', [text('email'), text('fax')], 2)]),
    });
    expect(stepOf(none.steps, 'customer')).toMatchObject({ kind: 'update', compatibility: { mode: 'NONE' } });
    expect(stepOf(none.steps, 'customer').blocked).toBeUndefined();
  });

  it('blocks a change the platform refuses in every mode, NONE and a config ignore included', () => {
    // Custom objects refuse a field's type change whatever the mode (docs/api-contract.md).
    const typeChanged = {
      documents: documents(definition('customer', [{ name: 'age', fieldtype: 'string' }], { compatibility: 'NONE' })),
      snapshot: snapshot([remote('customer', [{ name: 'age', fieldtype: 'number' }], 2)]),
    };
    expect(stepOf(plan(typeChanged).steps, 'customer').blocked).toContain('FIELD_TYPE_CHANGED');
    const ignoring = plan({
      ...typeChanged,
      compatibility: { mode: 'BACKWARD', ignore: [{ rule: 'FIELD_TYPE_CHANGED', reason: 'no ages stored yet' }] },
    });
    expect(ignoring.ignoredViolations).toEqual([]);
    expect(ignoring.violations.map((v) => v.rule)).toEqual(['FIELD_TYPE_CHANGED']);
  });

  it('checks a transitive mode against every earlier version, and insists on having them', () => {
    const docs = documents(
      definition('customer', [text('email'), { name: 'age', fieldtype: 'string' }], {
        compatibility: 'BACKWARD_TRANSITIVE',
      }),
    );
    const current = remote('customer', [text('email')], 2);
    expect(() => plan({ documents: docs, snapshot: snapshot([current]) })).toThrow(/version history of customer/);
    const withHistory = plan({
      documents: docs,
      snapshot: snapshot([current], {
        customer: [
          { version: 1, fields: [text('email'), { name: 'age', fieldtype: 'number' }] },
          { version: 2, fields: [text('email')] },
        ],
      }),
    });
    expect(withHistory.violations).toEqual([
      expect.objectContaining({ rule: 'FIELD_TYPE_CHANGED', field: 'age', againstVersion: 1 }),
    ]);
  });

  it('plans only what is left after an interrupted create: a DRAFT version 1 becomes a publish', () => {
    const result = plan({
      documents: documents(definition('customer', [text('email')])),
      snapshot: snapshot([remote('customer', [text('email')], 1, 'DRAFT')]),
    });
    expect(stepOf(result.steps, 'customer')).toMatchObject({
      kind: 'publish',
      writes: [{ method: 'PUT', version: 2, status: 'PUBLISHED' }],
    });
  });

  it('plans status changes: deprecate last, undeprecate, and refuses a way back to DRAFT', () => {
    const result = plan({
      documents: documents(
        definition('old', [text('a')], { status: 'DEPRECATED' }),
        definition('back', [text('a')]),
        definition('draft', [text('a')], { status: 'DRAFT' }),
        definition('user_of_back', [ref('b', 'back')]),
      ),
      snapshot: snapshot([
        remote('old', [text('a')], 2),
        remote('back', [text('a')], 5, 'DEPRECATED'),
        remote('draft', [text('a')], 2),
      ]),
    });
    expect(stepOf(result.steps, 'old')).toMatchObject({
      kind: 'deprecate',
      wave: 2,
      writes: [{ version: 3, status: 'DEPRECATED' }],
    });
    expect(stepOf(result.steps, 'back')).toMatchObject({
      kind: 'undeprecate',
      wave: 0,
      writes: [{ version: 6, status: 'PUBLISHED' }],
    });
    expect(stepOf(result.steps, 'user_of_back')).toMatchObject({ kind: 'create', wave: 1 });
    expect(stepOf(result.steps, 'draft').blocked).toMatch(/cannot go back to DRAFT/);
    expect(result.summary).toMatchObject({ deprecate: 1, undeprecate: 1, create: 1, blocked: 1 });
  });

  it('lists unmanaged schemas and leaves them alone unless --prune, which deprecates only what is safe to', () => {
    const docs = documents(definition('order', [ref('buyer', 'shared')]));
    const org = snapshot([
      remote('stale', [text('a')], 3),
      remote('shared', [text('a')], 1),
      remote('scratch', [text('a')], 1, 'DRAFT'),
      remote('gone', [text('a')], 4, 'DEPRECATED'),
    ]);
    const kept = plan({ documents: docs, snapshot: org });
    expect(kept.unmanaged.map((u) => [u.externalId, u.action])).toEqual([
      ['gone', 'keep'],
      ['scratch', 'keep'],
      ['shared', 'keep'],
      ['stale', 'keep'],
    ]);
    expect(kept.steps.map((s) => s.externalId)).toEqual(['order']);

    const pruned = plan({ documents: docs, snapshot: org, prune: true });
    expect(pruned.options.prune).toBe(true);
    expect(pruned.unmanaged).toEqual([
      { externalId: 'gone', version: 4, status: 'DEPRECATED', action: 'keep', reason: 'already deprecated' },
      expect.objectContaining({
        externalId: 'scratch',
        action: 'keep',
        reason: expect.stringMatching(/draft/) as unknown,
      }),
      { externalId: 'shared', version: 1, status: 'PUBLISHED', action: 'keep', reason: 'still referenced by order' },
      { externalId: 'stale', version: 3, status: 'PUBLISHED', action: 'deprecate' },
    ]);
    const prune = stepOf(pruned.steps, 'stale');
    expect(prune).toMatchObject({
      kind: 'deprecate',
      managed: false,
      writes: [{ method: 'PUT', version: 4, status: 'DEPRECATED' }],
      content: { fields: [text('a')] },
    });
    expect(prune.file).toBeUndefined();
    expect(prune.wave).toBe(pruned.waves - 1);
    expect(pruned.remoteVersions).toEqual({ gone: 4, order: null, scratch: 1, shared: 1, stale: 3 });
  });

  it('--prune keeps a schema it could not write a version of without loss, or could not tell from another', () => {
    const docs = documents(definition('order', [text('a')]));
    const org = snapshot([
      { ...remote('holds_more', [text('a')], 3), unread: ['mobile_phone ($ref #/definitions/phone)'] },
      { ...remote('twice', [text('a')], 1), sharedWith: ['Twice!'] },
    ]);
    const pruned = plan({ documents: docs, snapshot: org, prune: true });
    expect(pruned.unmanaged.map((u) => [u.externalId, u.action, u.reason])).toEqual([
      [
        'holds_more',
        'keep',
        "the org's v3 holds what cxschema cannot read, which a new version written from the file would remove: mobile_phone ($ref #/definitions/phone)",
      ],
      [
        'twice',
        'keep',
        'the org holds schemas named "The twice", "Twice!", which are all twice to cxschema: which one is meant cannot be told',
      ],
    ]);
    expect(pruned.steps.map((s) => s.externalId)).toEqual(['order']);
  });

  it('refuses two files for one externalId, and skips documents that did not load', () => {
    const twice = [
      ...documents(definition('a', [text('x')])),
      { file: 'other.yaml', definition: definition('a', [text('y')]) },
    ];
    expect(() => plan({ documents: twice, snapshot: snapshot([]) })).toThrow(CxError);
    const result = plan({
      documents: [{ file: 'broken.yaml' }, ...documents(definition('a', [text('x')]))],
      snapshot: snapshot([]),
    });
    expect(result.steps.map((s) => s.externalId)).toEqual(['a']);
  });

  it('is a pure value: JSON round trip, same inputs same plan, inputs untouched', () => {
    const docs = documents(definition('order', [ref('buyer', 'customer')]), definition('customer', [text('email')]));
    const org = snapshot([remote('customer', [text('email', { constraints: { maxLength: 10 } })], 2)]);
    const before = JSON.stringify({ docs, org });
    const first = plan({ documents: docs, snapshot: org });
    const second = plan({ documents: docs, snapshot: org });
    expect(second).toEqual(first);
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
    expect(JSON.stringify({ docs, org })).toBe(before);
    first.steps[0]!.content.fields.push(text('mutated'));
    expect(JSON.stringify({ docs, org })).toBe(before);
  });
});
