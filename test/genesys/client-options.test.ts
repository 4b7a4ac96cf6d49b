import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/model/errors.js';
import { resolveClientOptions } from '../../src/genesys/client-options.js';

const credentials = { clientId: 'id-1', clientSecret: 'secret-1', domain: 'mypurecloud.com' };

describe('resolveClientOptions', () => {
  it.each(['maxAttempts', 'concurrency'] as const)('refuses a %s below 1, which would leave no attempt', (name) => {
    // 0.5 is a positive number, but whole attempts (or slots) are counted: it would make none.
    expect(() => resolveClientOptions({ credentials, [name]: 0.5 })).toThrow(ConfigError);
    expect(() => resolveClientOptions({ credentials, [name]: 0.5 })).toThrow(`${name} must be at least 1, got 0.5`);
  });

  it('counts whole attempts and slots', () => {
    expect(resolveClientOptions({ credentials, maxAttempts: 2.5, concurrency: 1 })).toMatchObject({
      maxAttempts: 2,
      concurrency: 1,
    });
  });
});
