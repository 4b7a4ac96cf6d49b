/**
 * An org of one DataSchema family for tests: the emulator in this process, and the real client of that family
 * pointed at it. Plans are made as `cxschema plan` makes them (snapshot, histories where needed, planChanges),
 * with the target's family.
 */
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../src/emulator/index.js';
import type { Family } from '../../src/family/index.js';
import { createTarget, type ClientOptions, type HttpTarget } from '../../src/genesys/index.js';
import type { CxConfig } from '../../src/model/config.js';
import { planChanges, type DesiredDocument } from '../../src/plan/plan-changes.js';
import type { Plan } from '../../src/plan/plan-types.js';
import { schemasNeedingHistory } from '../../src/plan/prepare-plan.js';
import { readSnapshot, withHistories } from '../../src/plan/snapshot.js';
import { quickSleep } from './org.js';

export interface FamilyOrg {
  handle: EmulatorHandle;
  target: HttpTarget;
  /** Another client of the same org: "someone else". */
  other: HttpTarget;
  stop(): Promise<void>;
}

export function familyClient(family: Family, handle: EmulatorHandle, options: Partial<ClientOptions> = {}): HttpTarget {
  return createTarget(family, {
    credentials: { clientId: handle.demoClient.id, clientSecret: handle.demoClient.secret, domain: handle.url },
    rateLimitPerMinute: 100_000,
    sleep: quickSleep,
    ...options,
  });
}

export async function startFamilyOrg(family: Family, options: EmulatorOptions = {}, client: Partial<ClientOptions> = {}): Promise<FamilyOrg> {
  const handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0, ...options });
  return { handle, target: familyClient(family, handle, client), other: familyClient(family, handle), stop: () => handle.stop() };
}

export async function planFamily(
  target: HttpTarget,
  documents: readonly DesiredDocument[],
  compatibility: CxConfig['compatibility'] = { mode: 'BACKWARD', ignore: [] },
): Promise<Plan> {
  const base = await readSnapshot(target, 'emulator');
  const snapshot = await withHistories(target, base, schemasNeedingHistory(documents, base, { compatibility }, target.family));
  return planChanges({ family: target.family, documents, snapshot, compatibility, createdAt: new Date().toISOString() });
}
