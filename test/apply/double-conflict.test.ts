/**
 * Two applies of the same files, interleaved at the worst moment: the other run creates the schema just before
 * this one's create (409 exists) and publishes it just before this one's publish (409 version conflict). A
 * second conflict is not written over, but when the org already holds the desired state the step is done.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runStep, type ApplyTarget } from '../../src/apply/run-step.js';
import { writeBody } from '../../src/plan/schema-content.js';
import { definition, documents, text } from '../support/schema-builders.js';
import { startOrg, type TestOrg } from '../support/org-rig.js';
import { planAgainst } from '../support/plan-against.js';

let org: TestOrg | undefined;
afterEach(async () => {
  await org?.stop();
  org = undefined;
});

describe('a step meeting a second conflict', () => {
  it('is done when the other writer already put the org in the desired state', async () => {
    org = await startOrg();
    const plan = await planAgainst(org.target, documents(definition('solo', [text('a')])));
    const step = plan.steps.find((candidate) => candidate.externalId === 'solo')!;
    expect(step.writes.map((write) => write.method)).toEqual(['POST', 'PUT']);
    const other = org.other;
    const [create, publish] = step.writes.map((write) => writeBody(step.content, write.version, write.status));
    // The other run's create lands first.
    await other.create(create!);
    let publishedByOther = false;
    const racing: ApplyTarget = {
      family: org.target.family,
      get: (externalId) => org!.target.get(externalId),
      versions: (externalId) => org!.target.versions(externalId),
      create: (body) => org!.target.create(body),
      // ... and its publish lands just before this run's.
      update: async (body) => {
        if (!publishedByOther) {
          publishedByOther = true;
          await other.update(publish!);
        }
        return org!.target.update(body);
      },
    };
    const retries: string[] = [];
    const run = await runStep(step, {
      target: racing,
      now: () => 0,
      onWrite: async () => {},
      onRetry: async (event) => void retries.push(event.reason),
    });
    expect(publishedByOther).toBe(true);
    expect(run).toMatchObject({ writes: 0, alreadyDone: true });
    expect(retries).toEqual(['exists']);
    expect(org.emulator.versions('solo').map((version) => `v${version.version} ${version.status}`)).toEqual([
      'v1 DRAFT',
      'v2 PUBLISHED',
    ]);
  });
});
