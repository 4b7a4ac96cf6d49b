/**
 * Convergence of the real CLI on each DataSchema family: killed (SIGKILL) at random points while it creates and
 * updates schemas, then run again. The org ends equal to the files, with no schema twice (a create whose
 * answer was lost is found by its name), contiguous versions, and a plan with no changes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { seededRandom } from '../../src/emulator/seeded-random.js';
import { CONTACTS_FAMILY, ORGANIZATIONS_FAMILY, WORKITEMS_FAMILY, type Family } from '../../src/family/index.js';
import type { SchemaDefinition, SchemaField } from '../../src/model/schema.js';
import { createProject, emulatorEnv, runCli, runKilledAfterWrites, type Project } from '../support/cli-process.js';
import { familyClient } from '../support/family-org-rig.js';

let handle: EmulatorHandle | undefined;
const projects: Project[] = [];
afterEach(async () => {
  await handle?.stop();
  handle = undefined;
  await Promise.all(projects.splice(0).map((p) => p.remove()));
});

const APPLY = ['apply', '--auto-approve', '--rate-limit', '100000'];
const ROUNDS = 8;

/** Generation g: three schemas, each gaining one optional field per generation. */
function generation(g: number): SchemaDefinition[] {
  const extra: SchemaField[] = Array.from({ length: g }, (_, i) => ({ name: `extra_${i + 1}`, fieldtype: 'string' }));
  return [
    { externalId: 'loyalty', name: 'Loyalty', fields: [{ name: 'member_id', fieldtype: 'identifier' }, ...extra] },
    {
      externalId: 'preferences',
      name: 'Preferences',
      fields: [{ name: 'channel', fieldtype: 'string', constraints: { enum: ['email', 'sms'] } }, ...extra],
    },
    {
      externalId: 'risk_profile',
      name: 'Risk profile',
      fields: [{ name: 'score', fieldtype: 'integer', constraints: { min: 0, max: 100 } }, ...extra],
    },
  ];
}

function dataSchemas(h: EmulatorHandle, family: Family): Array<Record<string, unknown>> {
  if (family.name === 'customobjects') throw new TypeError('a DataSchema family is needed');
  return h.dataSchemas(family.name).filter((schema) => schema['deleted'] !== true);
}

describe.each(
  [CONTACTS_FAMILY, ORGANIZATIONS_FAMILY, WORKITEMS_FAMILY].map((family) => [family.name, family] as const),
)('apply convergence on %s', (_name, family) => {
  it(`converges after being killed at random points, ${ROUNDS} times over`, async () => {
    handle = await startEmulator({
      port: 0,
      host: '127.0.0.1',
      rateLimitPerMinute: 0,
      faults: { latency: { max: 25 } },
      seed: 5,
    });
    const h = handle;
    const env = emulatorEnv(h);
    const project = await createProject(`target: ${family.name}\nschemas:\n  - "schemas/*.schema.json"\n`);
    projects.push(project);
    const random = seededRandom(20261202);
    const reader = familyClient(family, h);
    let killedMidway = 0;

    const expectIntact = async (): Promise<void> => {
      const names = dataSchemas(h, family).map((schema) => schema['name']);
      expect(new Set(names).size, `duplicate schemas: ${names.join(', ')}`).toBe(names.length);
      for (const schema of await reader.list()) {
        const versions = (await reader.versions(schema.externalId)).map((v) => v.version);
        expect(versions).toEqual(versions.map((_, i) => i + 1));
        // A rerun never writes what is already there: no version repeats the one before it.
        const all = await reader.versions(schema.externalId);
        for (let i = 1; i < all.length; i++)
          expect(family.sameContent(all[i]!, all[i - 1]!), `${schema.externalId} v${i + 1} repeats v${i}`).toBe(false);
      }
    };

    for (let round = 0; round < ROUNDS; round++) {
      await project.write(generation(round));
      const killAfterWrites = Math.floor(random() * 3);
      const extraMs = Math.floor(random() * (killAfterWrites === 0 ? 300 : 20));
      const { result, writesDuring } = await runKilledAfterWrites(
        h,
        APPLY,
        { cwd: project.dir, env },
        { killAfterWrites, extraMs },
      );
      if (result.signal === 'SIGKILL' && writesDuring > 0) killedMidway++;
      await expectIntact();
    }

    const final = generation(ROUNDS);
    await project.write(final);
    let converged = false;
    for (let attempt = 0; attempt < 3 && !converged; attempt++)
      converged = (await runCli(APPLY, { cwd: project.dir, env })).code === 0;
    expect(converged).toBe(true);
    await expectIntact();
    const remote = new Map((await reader.list()).map((schema) => [schema.externalId, schema]));
    for (const wanted of final)
      expect(
        family.sameContent(remote.get(wanted.externalId)!, { ...wanted, status: 'PUBLISHED' }),
        wanted.externalId,
      ).toBe(true);
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd: project.dir, env })).code).toBe(0);
    expect(killedMidway).toBeGreaterThanOrEqual(2);

    // The audit log's chain holds across the killed runs.
    expect((await runCli(['audit', 'verify'], { cwd: project.dir, env })).code).toBe(0);
    // Every entry names the family the runs deployed to.
    const shown = await runCli(['audit', 'show', '--format', 'json'], { cwd: project.dir, env });
    const { entries } = JSON.parse(shown.stdout) as { entries: Array<{ family?: string }> };
    expect(entries.length).toBeGreaterThan(0);
    expect(new Set(entries.map((entry) => entry.family))).toEqual(new Set([family.name]));
  });
});
