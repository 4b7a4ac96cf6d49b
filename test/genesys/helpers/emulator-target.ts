/** An emulator on port 0 and a client pointed at it, both stopped by the caller. */
import { startEmulator, type EmulatorHandle } from '../../../src/emulator/index.js';
import type { EmulatorOptions } from '../../../src/emulator/options.js';
import type { ClientOptions } from '../../../src/genesys/client-options.js';
import { createCustomObjectsTarget, type CustomObjectsTarget } from '../../../src/genesys/custom-objects-target.js';
import type { SchemaField, SchemaWriteBody } from '../../../src/model/schema.js';

export interface Rig {
  emulator: EmulatorHandle;
  target: CustomObjectsTarget;
  /** Another client of the same emulator, with other options (credentials default to the demo client's). */
  client(options?: Partial<ClientOptions>): CustomObjectsTarget;
}

export async function startRig(emulatorOptions: EmulatorOptions = {}, clientOptions: Partial<ClientOptions> = {}): Promise<Rig> {
  const emulator = await startEmulator({ rateLimitPerMinute: 0, ...emulatorOptions });
  const client = (options: Partial<ClientOptions> = {}): CustomObjectsTarget =>
    createCustomObjectsTarget({
      credentials: { clientId: emulator.demoClient.id, clientSecret: emulator.demoClient.secret, domain: emulator.url },
      rateLimitPerMinute: 6000,
      ...clientOptions,
      ...options,
    });
  return { emulator, target: client(), client };
}

export function draft(externalId: string, fields: SchemaField[] = [{ name: 'label', fieldtype: 'string' }]): SchemaWriteBody {
  return { externalId, name: `Schema ${externalId}`, version: 1, status: 'DRAFT', fields };
}
