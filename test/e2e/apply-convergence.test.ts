/**
 * Convergence of the real CLI against an emulator in this process: killed at random points, raced by another
 * apply. Whatever happens, a rerun ends with the org equal to the files, versions contiguous, nothing twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { sameSchemaContent } from '../../src/family/custom-objects/content-equality.js';
import type { SchemaDefinition } from '../../src/model/schema.js';
import { createProject, emulatorEnv, runCli, runKilledAfterWrites, type Project } from '../support/cli-process.js';
import { definition, ref, text } from '../support/schema-builders.js';
import { seededRandom } from '../../src/emulator/seeded-random.js';

let handle: EmulatorHandle | undefined;
const projects: Project[] = [];
afterEach(async () => {
  await handle?.stop();
  handle = undefined;
  await Promise.all(projects.splice(0).map((p) => p.remove()));
});

const APPLY = ['apply', '--auto-approve', '--rate-limit', '100000'];

/** Generation g of a small shop: every schema gains one optional field per generation (BACKWARD-compatible). */
function generation(g: number): SchemaDefinition[] {
  const extra = Array.from({ length: g }, (_, i) => text(`extra_${i + 1}`));
  return [
    definition('customer', [text('email'), ...extra]),
    definition('product', [text('sku'), ...extra]),
    definition('order', [ref('buyer', 'customer'), ...extra]),
    definition('line', [ref('order', 'order'), ref('product', 'product'), ...extra]),
    definition('note', [text('body'), ...extra], { status: 'DRAFT' }),
  ];
}

/** The kill points are random, and the same on every run. */
const seeded = seededRandom;

function expectOrgIntact(h: EmulatorHandle): void {
  const ids = h.schemas().map((s) => s.externalId);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) {
    const versions = h.versions(id);
    expect(versions.map((v) => v.version)).toEqual(versions.map((_, i) => i + 1));
    // A rerun never writes what is already there: no version repeats the one before it.
    for (let i = 1; i < versions.length; i++) {
      const same = sameSchemaContent(versions[i]!, versions[i - 1]!) && versions[i]!.status === versions[i - 1]!.status;
      expect(same, `${id} v${i + 1} repeats v${i}`).toBe(false);
    }
  }
}

function expectOrgEquals(h: EmulatorHandle, definitions: readonly SchemaDefinition[]): void {
  const remote = new Map(h.schemas().map((s) => [s.externalId, s]));
  for (const wanted of definitions) {
    const there = remote.get(wanted.externalId);
    expect(there, wanted.externalId).toBeDefined();
    expect(sameSchemaContent(there!, { ...wanted, status: wanted.status ?? 'PUBLISHED' }), wanted.externalId).toBe(
      true,
    );
    expect(there!.status).toBe(wanted.status ?? 'PUBLISHED');
  }
}

async function applyUntilConverged(project: Project, env: Record<string, string>): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await runCli(APPLY, { cwd: project.dir, env });
    if (result.code === 0) return;
  }
  throw new Error('apply did not converge in three runs');
}

describe('apply convergence', () => {
  it('converges after being killed (SIGKILL) at random points, 20 times over', async () => {
    // Latency on every request spreads the writes out, so that kills land between them as well as before.
    handle = await startEmulator({
      port: 0,
      host: '127.0.0.1',
      rateLimitPerMinute: 0,
      faults: { latency: { max: 25 } },
      seed: 7,
    });
    const h = handle;
    const env = emulatorEnv(h);
    const project = await createProject();
    projects.push(project);
    const random = seeded(20240501);
    let killedMidway = 0;

    for (let round = 0; round < 20; round++) {
      await project.write(generation(round));
      // A random kill point: before the first write (during start-up or the reads), between writes, or with a
      // write in flight.
      const killAfterWrites = Math.floor(random() * 6);
      const extraMs = Math.floor(random() * (killAfterWrites === 0 ? 300 : 20));
      const { result, writesDuring } = await runKilledAfterWrites(
        h,
        APPLY,
        { cwd: project.dir, env },
        { killAfterWrites, extraMs },
      );
      if (result.signal === 'SIGKILL' && writesDuring > 0) killedMidway++;
      expectOrgIntact(h);
    }

    const final = generation(20);
    await project.write(final);
    await applyUntilConverged(project, env);
    expectOrgIntact(h);
    expectOrgEquals(h, final);
    const check = await runCli(['plan', '--detailed-exitcode'], { cwd: project.dir, env });
    expect(check.code).toBe(0);
    // The kills must have interrupted real work, not only start-up or an idle finish.
    expect(killedMidway).toBeGreaterThanOrEqual(5);
  });

  it('two applies of different desired states racing on one org: no lost update, the loser explains', async () => {
    handle = await startEmulator({
      port: 0,
      host: '127.0.0.1',
      rateLimitPerMinute: 0,
      faults: { latency: { max: 20 } },
      seed: 11,
    });
    const h = handle;
    const env = emulatorEnv(h);
    const base = [definition('customer', [text('email')]), definition('order', [ref('buyer', 'customer')])];
    const setup = await createProject();
    projects.push(setup);
    await setup.write(base);
    expect((await runCli(APPLY, { cwd: setup.dir, env })).code).toBe(0);

    let current = base[0]!.fields;
    for (let round = 1; round <= 3; round++) {
      const wantA = [definition('customer', [...current, text(`phone_${round}`)]), base[1]!];
      const wantB = [definition('customer', [...current, text(`fax_${round}`)]), base[1]!];
      const a = await createProject();
      const b = await createProject();
      projects.push(a, b);
      await a.write(wantA);
      await b.write(wantB);
      const [ra, rb] = await Promise.all([runCli(APPLY, { cwd: a.dir, env }), runCli(APPLY, { cwd: b.dir, env })]);
      // Each wants a field the other does not have: under BACKWARD only one can win; the other stops.
      expect([ra.code, rb.code].sort()).toEqual([0, 1]);
      const [winner, loser] = ra.code === 0 ? [wantA, rb] : [wantB, ra];
      expect(loser.stdout + loser.stderr).toMatch(/FIELD_REMOVED/);
      expect(loser.stdout + loser.stderr).toMatch(/someone else|blocked/);
      expectOrgIntact(h);
      // No lost update: the org holds exactly the winner's state, the loser wrote nothing over it.
      expectOrgEquals(h, winner);
      current = winner[0]!.fields;
    }
  });
});
