/**
 * An org for apply tests: the emulator in this process on port 0, and the real client pointed at it. Retry
 * waits are cut short (the client's sleep is injected) so that tests under faults stay fast.
 */
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../src/emulator/index.js';
import { createCustomObjectsTarget, type ClientOptions, type CustomObjectsTarget } from '../../src/genesys/index.js';
import type { CxConfig } from '../../src/model/config.js';
import { planChanges, type DesiredDocument } from '../../src/plan/plan-changes.js';
import type { Plan } from '../../src/plan/plan-types.js';
import { schemasNeedingHistory } from '../../src/plan/prepare-plan.js';
import { readSnapshot, withHistories } from '../../src/plan/snapshot.js';

export interface TestOrg {
  handle: EmulatorHandle;
  target: CustomObjectsTarget;
  /** Another client of the same org: "someone else". */
  other: CustomObjectsTarget;
  stop(): Promise<void>;
}

export const quickSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5)));

export function clientFor(handle: EmulatorHandle, options: Partial<ClientOptions> = {}): CustomObjectsTarget {
  return createCustomObjectsTarget({
    credentials: { clientId: handle.demoClient.id, clientSecret: handle.demoClient.secret, domain: handle.url },
    rateLimitPerMinute: 100_000,
    sleep: quickSleep,
    ...options,
  });
}

export async function startOrg(options: EmulatorOptions = {}, client: Partial<ClientOptions> = {}): Promise<TestOrg> {
  const handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0, ...options });
  return { handle, target: clientFor(handle, client), other: clientFor(handle), stop: () => handle.stop() };
}

export const BACKWARD: CxConfig['compatibility'] = { mode: 'BACKWARD', ignore: [] };

/** Plans as `cxschema plan` does, without the files: snapshot, histories where needed, planChanges. */
export async function planAgainst(
  target: CustomObjectsTarget,
  documents: readonly DesiredDocument[],
  options: { compatibility?: CxConfig['compatibility']; prune?: boolean } = {},
): Promise<Plan> {
  const compatibility = options.compatibility ?? BACKWARD;
  const base = await readSnapshot(target, 'emulator');
  const snapshot = await withHistories(target, base, schemasNeedingHistory(documents, base, { compatibility }));
  return planChanges({ documents, snapshot, compatibility, prune: options.prune === true, createdAt: new Date().toISOString() });
}
