/**
 * Bad input never breaks the DataSchema routes: the published example with every coretype, mutated at random
 * (a value replaced by one of another type, a key dropped, a key added), is either accepted or refused with a
 * well-formed 400 whose every problem names a path into the body. A fixed seed makes a failure replayable; the
 * count fits a loaded machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { startEmulator } from '../../src/emulator/index.js';
import { seededRandom } from '../../src/emulator/seeded-random.js';
import type { Call } from './emulator-fixtures.js';
import { caller, tokenFor } from './emulator-fixtures.js';
import { BASE, everyCoretypeExample } from './dataschema-fixtures.js';

const BODIES = 120;
const STRANGE_VALUES: unknown[] = [
  null,
  -1,
  0,
  1.5,
  1e300,
  '',
  'x'.repeat(300),
  true,
  [],
  [1, 'a'],
  {},
  { $ref: '#/definitions/text' },
];

type Json = Record<string, unknown> | unknown[];

/** Every container in the body with the keys (or indexes) it holds. */
function containers(value: unknown, found: Json[] = []): Json[] {
  if (typeof value === 'object' && value !== null) {
    found.push(value as Json);
    for (const child of Object.values(value)) containers(child, found);
  }
  return found;
}

function mutate(body: Record<string, unknown>, random: () => number): void {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const target = pick(containers(body));
  const keys = Object.keys(target);
  const choice = random();
  if (choice < 0.5 && keys.length > 0)
    (target as Record<string, unknown>)[pick(keys)] = structuredClone(pick(STRANGE_VALUES));
  else if (choice < 0.8 && keys.length > 0 && !Array.isArray(target)) delete target[pick(keys)];
  else if (!Array.isArray(target)) target[`extra_${Math.floor(random() * 3)}`] = structuredClone(pick(STRANGE_VALUES));
}

let emulator: EmulatorHandle;
let call: Call;
beforeAll(async () => {
  emulator = await startEmulator({
    rateLimitPerMinute: 0,
    dataSchemaLimits: { workitems: { maxNumberOfSchemasPerOrg: 10_000, maxNumberOfFieldsPerOrg: 1_000_000 } },
  });
  call = caller(emulator, await tokenFor(emulator));
});
afterAll(() => emulator.stop());

describe('mutated bodies', () => {
  it(`${BODIES} mutations of the published example: each accepted, or a 400 whose problems name their paths`, async () => {
    const random = seededRandom(11);
    const statuses = new Map<number, number>();
    for (let n = 0; n < BODIES; n++) {
      const body = everyCoretypeExample();
      body['name'] = `Mutant ${n}`;
      const mutations = 1 + Math.floor(random() * 3);
      for (let m = 0; m < mutations; m++) mutate(body, random);
      const reply = await call('POST', BASE.workitems, body);
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      expect([200, 400, 409], `mutant ${n}: ${JSON.stringify(reply.body)}`).toContain(reply.status);
      if (reply.status === 400) {
        expect(reply.body.details.length).toBeGreaterThan(0);
        expect(reply.body.errors).toHaveLength(reply.body.details.length);
        for (const detail of reply.body.details as Array<{ errorCode: string; fieldName: string }>) {
          expect(detail.errorCode).toMatch(/^dynamic\.schema\./);
          expect(typeof detail.fieldName).toBe('string');
        }
      }
    }
    // The mutations reach both outcomes, so the check above looked at refusals as well as acceptances.
    expect(statuses.get(400) ?? 0).toBeGreaterThan(BODIES / 4);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(statuses.has(500)).toBe(false);
  });
});
