/**
 * The list endpoint keeps each page's text until the next write (src/emulator/schema-store.ts). As a property:
 * after any sequence of creates, updates, deletes, clears and restores, every page served is the page rendered
 * afresh from the store's current state, whatever was served before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMULATOR_DEFAULT_LIMITS } from '../../src/emulator/contract-facts.js';
import { pageEnvelopeJson } from '../../src/emulator/paging.js';
import type { EndpointContext } from '../../src/emulator/schema-endpoints.js';
import { createSchema, deleteSchema, listSchemas, updateSchema } from '../../src/emulator/schema-endpoints.js';
import { SCHEMAS_PATH, SchemaStore } from '../../src/emulator/schema-store.js';
import type { SchemaStatus } from '../../src/model/schema.js';
import { propertyRuns } from '../support/property-runs.js';

const IDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
const STATUSES: SchemaStatus[] = ['DRAFT', 'PUBLISHED', 'DEPRECATED'];

type Operation =
  | { kind: 'create'; id: string }
  | { kind: 'update'; id: string; status: SchemaStatus; name: string }
  | { kind: 'delete'; id: string }
  | { kind: 'clear' }
  | { kind: 'restore' }
  | { kind: 'list'; status: SchemaStatus | undefined; pageSize: number; pageNumber: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), id: fc.constantFrom(...IDS) }),
  fc.record({
    kind: fc.constant('update' as const),
    id: fc.constantFrom(...IDS),
    status: fc.constantFrom(...STATUSES),
    name: fc.string({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), id: fc.constantFrom(...IDS) }),
  fc.constant({ kind: 'clear' as const }),
  fc.constant({ kind: 'restore' as const }),
  fc.record({
    kind: fc.constant('list' as const),
    status: fc.option(fc.constantFrom(...STATUSES), { nil: undefined }),
    pageSize: fc.integer({ min: 1, max: 4 }),
    pageNumber: fc.integer({ min: 1, max: 3 }),
  }),
);

function body(id: string, version: number, status: SchemaStatus, name: string): string {
  return JSON.stringify({ externalId: id, name, version, status, fields: [{ name: 'label', fieldtype: 'string' }] });
}

/** The endpoints' context over `store`, with the default limits and no system objects. */
function contextOf(store: SchemaStore): EndpointContext {
  return {
    store,
    limits: EMULATOR_DEFAULT_LIMITS,
    systemObjects: new Set(),
    systemObjectsJson: [],
    correlationId: 'test',
  };
}

function freshPage(store: SchemaStore, status: SchemaStatus | undefined, pageSize: number, pageNumber: number): string {
  const entities = store.list(status).map((v) => v.json);
  return pageEnvelopeJson(entities, { pageSize, pageNumber }, SCHEMAS_PATH, status ? [['status', status]] : []);
}

describe('list pages kept between writes', () => {
  it('always serve the page the current state renders', () => {
    fc.assert(
      fc.property(fc.array(operation, { minLength: 1, maxLength: 40 }), (operations) => {
        let clock = 0;
        const store = new SchemaStore(() => (clock += 1000));
        const context = contextOf(store);
        // Every page is read once before each operation, so a page that a write should have dropped is there.
        const readAll = (): void => {
          for (const status of [undefined, ...STATUSES])
            for (const pageSize of [1, 2, 3, 4]) {
              const query = new URLSearchParams({ pageSize: String(pageSize) });
              if (status) query.set('status', status);
              listSchemas(context, query);
            }
        };
        for (const op of operations) {
          readAll();
          if (op.kind === 'create') createSchema(context, body(op.id, 1, 'DRAFT', op.id));
          else if (op.kind === 'update') {
            const current = store.current(op.id)?.resource.version ?? 0;
            updateSchema(context, op.id, body(op.id, current + 1, op.status, op.name));
          } else if (op.kind === 'delete') deleteSchema(context, op.id);
          else if (op.kind === 'clear') store.clear();
          else if (op.kind === 'restore') store.restore(store.snapshot());
          else {
            const query = new URLSearchParams({ pageSize: String(op.pageSize), pageNumber: String(op.pageNumber) });
            if (op.status) query.set('status', op.status);
            const served = listSchemas(context, query);
            expect(served.status).toBe(200);
            expect(served.body).toBe(freshPage(store, op.status, op.pageSize, op.pageNumber));
          }
        }
        // And once more at the end, for every page read before the last write.
        for (const status of [undefined, ...STATUSES]) {
          const query = new URLSearchParams({ pageSize: '2' });
          if (status) query.set('status', status);
          expect(listSchemas(context, query).body).toBe(freshPage(store, status, 2, 1));
        }
      }),
      { numRuns: propertyRuns(100) },
    );
  });
});

describe('the JSON text of a stored version', () => {
  it('is the text a write answered with, whether it is read before or after a later write', () => {
    let clock = 0;
    const store = new SchemaStore(() => (clock += 1000));
    const context = contextOf(store);
    const first = createSchema(context, body('alpha', 1, 'DRAFT', 'First'));
    const second = updateSchema(context, 'alpha', body('alpha', 2, 'PUBLISHED', 'Second'));
    const versions = store.get('alpha')!.versions;
    expect(versions.map((v) => v.unkeptJson())).toEqual([first.body, second.body]);
    expect(versions.map((v) => v.json)).toEqual([first.body, second.body]);
    expect(versions.map((v) => JSON.parse(v.json) as unknown)).toEqual(versions.map((v) => v.resource));
    // A read kept the text: the next answer is that same text.
    expect(versions[1]!.unkeptJson()).toBe(versions[1]!.json);
  });
});
