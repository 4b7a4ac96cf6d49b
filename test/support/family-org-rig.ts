/**
 * The org rig (org-rig.ts) for any family: the emulator in this process, and the real client of one family
 * pointed at it. Plans are made with test/support/plan-against.ts, which takes the target's family.
 */
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../src/emulator/index.js';
import type { Family } from '../../src/family/index.js';
import { createTarget, type ClientOptions, type HttpTarget } from '../../src/genesys/index.js';
import { quickSleep } from './org-rig.js';

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

export async function startFamilyOrg(
  family: Family,
  options: EmulatorOptions = {},
  client: Partial<ClientOptions> = {},
): Promise<FamilyOrg> {
  const handle = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0, ...options });
  return {
    handle,
    target: familyClient(family, handle, client),
    other: familyClient(family, handle),
    stop: () => handle.stop(),
  };
}
