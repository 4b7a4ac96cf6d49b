/**
 * The one emulator-plus-client rig: an emulator in this process on port 0 (no rate limit unless asked) and the real
 * client pointed at it. The client's waits are cut short (its sleep is injected) so that tests under faults stay
 * fast; a test that needs real or virtual time passes its own `sleep`.
 */
import { rm } from 'node:fs/promises';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../../src/emulator/index.js';
import { createCustomObjectsTarget, type ClientOptions, type CustomObjectsTarget } from '../../src/genesys/index.js';
import { heldPerTest } from './per-test.js';

export interface TestOrg {
  emulator: EmulatorHandle;
  target: CustomObjectsTarget;
  /** Another client of the same org: "someone else". */
  other: CustomObjectsTarget;
  /** A further client of the same org, with other options (credentials default to the demo client's). */
  client(options?: Partial<ClientOptions>): CustomObjectsTarget;
  stop(): Promise<void>;
}

export const quickSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5)));

export function clientFor(emulator: EmulatorHandle, options: Partial<ClientOptions> = {}): CustomObjectsTarget {
  return createCustomObjectsTarget({
    credentials: { clientId: emulator.demoClient.id, clientSecret: emulator.demoClient.secret, domain: emulator.url },
    rateLimitPerMinute: 100_000,
    sleep: quickSleep,
    ...options,
  });
}

export async function startOrg(
  emulatorOptions: EmulatorOptions = {},
  clientOptions: Partial<ClientOptions> = {},
): Promise<TestOrg> {
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', rateLimitPerMinute: 0, ...emulatorOptions });
  const client = (options: Partial<ClientOptions> = {}): CustomObjectsTarget =>
    clientFor(emulator, { ...clientOptions, ...options });
  return { emulator, target: client(), other: clientFor(emulator), client, stop: () => emulator.stop() };
}

/** What a test of the org commands starts: an org and a folder of files, each optional. */
export interface OrgAndFolder {
  org?: TestOrg;
  dir?: string;
}

/** Holds the org and folder each test of the file starts, stopped and removed after each test. */
export function orgAndFolderPerTest(): OrgAndFolder {
  return heldPerTest<OrgAndFolder>(async ({ org, dir }) => {
    await org?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });
}
