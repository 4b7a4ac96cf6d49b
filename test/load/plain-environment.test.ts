import { describe, expect, it } from 'vitest';
import { withPlainEnvironment } from '../../src/load/plain-environment.js';
import { parseSource } from '../../src/load/source-parser.js';

describe('the parse runs on a plain copy of the environment', () => {
  it('inside, process.env is a plain object with the same variables; after, the real one is back', () => {
    const real = process.env;
    const seen = withPlainEnvironment(() => ({ env: process.env, path: process.env['PATH'] }));
    expect(seen.env).not.toBe(real);
    expect(Object.getPrototypeOf(seen.env)).toBe(Object.prototype);
    expect(seen.path).toBe(real['PATH']);
    expect(process.env).toBe(real);
  });

  it('the real environment is back when the work throws', () => {
    const real = process.env;
    expect(() =>
      withPlainEnvironment(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(process.env).toBe(real);
  });

  it('parsing a file leaves process.env as it was, writes included', () => {
    const real = process.env;
    parseSource('externalId: a\n', 'yaml');
    process.env['CXSCHEMA_TEST_WRITE'] = 'kept';
    parseSource('externalId: b\n', 'yaml');
    expect(process.env).toBe(real);
    expect(process.env['CXSCHEMA_TEST_WRITE']).toBe('kept');
    delete process.env['CXSCHEMA_TEST_WRITE'];
  });
});
