/** The flags of `cxschema emulator` and the --faults syntax, turned into options. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorOptionsFromFlags, parseFaultSpec, parseLimits, parseRateLimit } from '../../src/emulator/index.js';
import { ConfigError, UsageError } from '../../src/model/errors.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cxschema-emulator-flags-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('--faults', () => {
  it('reads every key of the documented syntax', () => {
    expect(parseFaultSpec('503=0.1,429=0.05,reset=0.02,latency=50,slow=0.02')).toEqual({
      status: { 503: 0.1 },
      rateLimit: 0.05,
      reset: 0.02,
      latency: 50,
      slowSuccess: 0.02,
    });
    expect(parseFaultSpec(' 500=0.1, 502=0.1 ,504=0.2,latency=max:200,slow-ms=5000,retry-after=3 ')).toEqual({
      status: { 500: 0.1, 502: 0.1, 504: 0.2 },
      latency: { max: 200 },
      slowSuccessMs: 5000,
      retryAfterSeconds: 3,
    });
    expect(parseFaultSpec('')).toEqual({});
  });

  it('refuses what it cannot read, with a usage error and the syntax as a hint', () => {
    for (const text of [
      '503',
      '503=lots',
      '418=0.1',
      'reset=1.5',
      'latency=max:',
      'retry-after=0.5',
      '500=0.7,503=0.7',
      '503=0x1',
      '503=1e-1',
      'latency=-1',
      'slow-ms=99999999999',
      'latency=max:2147483648',
    ]) {
      let caught: unknown;
      try {
        parseFaultSpec(text);
      } catch (error) {
        caught = error;
      }
      expect(caught, text).toBeInstanceOf(UsageError);
      expect((caught as UsageError).message, text).toMatch(/^--faults: /);
      expect((caught as UsageError).hint).toMatch(/503=0\.1/);
    }
  });
});

describe('--rate-limit and --limits', () => {
  it('reads N, N/min and off', () => {
    expect(parseRateLimit('300/min')).toBe(300);
    expect(parseRateLimit('120')).toBe(120);
    expect(parseRateLimit('0')).toBe(0);
    expect(parseRateLimit('OFF')).toBe(0);
    expect(() => parseRateLimit('5/s')).toThrow(UsageError);
    expect(() => parseRateLimit('-1')).toThrow(UsageError);
  });

  it('reads key=value limits and refuses unknown ones', () => {
    expect(parseLimits('maxFieldsPerSchema=20, maxNestingDepth=2')).toEqual({
      maxFieldsPerSchema: 20,
      maxNestingDepth: 2,
    });
    expect(() => parseLimits('maxFields=20')).toThrow(/unknown limit/);
    expect(() => parseLimits('maxNestingDepth=two')).toThrow(UsageError);
  });
});

describe('emulatorOptionsFromFlags', () => {
  it('defaults to port 8787 on loopback, and maps every flag', async () => {
    expect(await emulatorOptionsFromFlags({})).toEqual({ port: 8787, host: '127.0.0.1' });
    const clientsFile = join(folder, 'clients.json');
    await writeFile(clientsFile, JSON.stringify({ clients: [{ id: 'ci', secret: 'ci-secret' }] }));
    expect(
      await emulatorOptionsFromFlags({
        port: '0',
        host: '::1',
        data: 'state.json',
        clients: clientsFile,
        rateLimit: 'off',
        faults: '503=0.5',
        seed: '9',
        tokenLifetime: '30',
        limits: 'maxSchemasPerOrg=3',
        systemObjects: 'contact, account',
        admin: true,
        legacyRateLimitHeaders: true,
      }),
    ).toEqual({
      port: 0,
      host: '::1',
      dataPath: 'state.json',
      clients: [{ id: 'ci', secret: 'ci-secret', scopes: ['customobjects:schema:read', 'customobjects:schema:write'] }],
      rateLimitPerMinute: 0,
      faults: { status: { 503: 0.5 } },
      seed: 9,
      tokenLifetimeSeconds: 30,
      limits: { maxSchemasPerOrg: 3 },
      systemObjects: ['contact', 'account'],
      admin: true,
      legacyRateLimitHeaders: true,
    });
  });

  it('refuses a bad port or seed', async () => {
    await expect(emulatorOptionsFromFlags({ port: '70000' })).rejects.toThrow(UsageError);
    await expect(emulatorOptionsFromFlags({ seed: 'abc' })).rejects.toThrow(UsageError);
  });

  it('refuses a clients file that is not JSON without quoting it, and one with bad entries', async () => {
    const broken = join(folder, 'broken.json');
    await writeFile(broken, '[{"id": "ci", "secret": "hunter2-very-secret"');
    const error = await emulatorOptionsFromFlags({ clients: broken }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).not.toContain('hunter2');
    const bad = join(folder, 'bad.json');
    await writeFile(bad, JSON.stringify([{ id: 'ci', secret: 'x', scopes: ['admin'] }]));
    await expect(emulatorOptionsFromFlags({ clients: bad })).rejects.toThrow(/scopes/);
    await expect(emulatorOptionsFromFlags({ clients: join(folder, 'missing.json') })).rejects.toThrow(ConfigError);
    const twice = join(folder, 'twice.json');
    await writeFile(
      twice,
      JSON.stringify([
        { id: 'ci', secret: 'one-secret' },
        { id: 'ci', secret: 'two-secret' },
      ]),
    );
    await expect(emulatorOptionsFromFlags({ clients: twice })).rejects.toThrow(
      /clients\[1\] has the id of clients\[0\]/,
    );
  });
});
