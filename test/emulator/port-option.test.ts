import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { UsageError } from '../../src/model/errors.js';

// node:http throws a RangeError (ERR_SOCKET_BAD_PORT) for a port out of range: the library refuses it as the
// documented usage error instead, naming the port.
describe('the emulator library option port', () => {
  for (const port of [70000, 65536, -1, 1.5, Number.NaN]) {
    it(`refuses ${port} with a UsageError`, async () => {
      const refused = startEmulator({ port });
      await expect(refused).rejects.toBeInstanceOf(UsageError);
      await expect(refused).rejects.toThrow(`port ${port} is not a port: pass a whole number from 0 to 65535`);
    });
  }

  it('takes 0 and picks a free port', async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await emulator.stop();
    }
  });
});
