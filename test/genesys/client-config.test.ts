import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/model/errors.js';
import { credentialsFromEnv, isLoopbackHost, resolveEndpoints } from '../../src/genesys/client-config.js';

describe('credentialsFromEnv', () => {
  it('reads the three variables', () => {
    const credentials = credentialsFromEnv({
      GENESYS_OAUTH_CLIENT_ID: 'id-1',
      GENESYS_OAUTH_CLIENT_SECRET: ' s3cret-value ',
      GENESYS_OAUTH_DOMAIN: 'mypurecloud.ie',
    });
    expect(credentials).toEqual({
      clientId: 'id-1',
      clientSecret: 's3cret-value',
      domain: 'mypurecloud.ie',
      sources: {
        clientId: 'GENESYS_OAUTH_CLIENT_ID',
        clientSecret: 'GENESYS_OAUTH_CLIENT_SECRET',
        domain: 'GENESYS_OAUTH_DOMAIN',
      },
    });
  });

  it("names an environment's own variables and its domain as their sources", () => {
    const names = { clientId: 'PROD_ID', clientSecret: 'PROD_SECRET', domain: 'GENESYS_OAUTH_DOMAIN' };
    const credentials = credentialsFromEnv(
      { PROD_ID: 'id-1', PROD_SECRET: 's3cret-value' },
      names,
      'mypurecloud.ie',
      'environments.prod.domain in the config',
    );
    expect(credentials.sources).toEqual({ ...names, domain: 'environments.prod.domain in the config' });
  });

  it('names every missing variable in one error', () => {
    let error: unknown;
    try {
      credentialsFromEnv({ GENESYS_OAUTH_CLIENT_SECRET: 'only-the-secret-is-set', GENESYS_OAUTH_DOMAIN: '  ' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('GENESYS_OAUTH_CLIENT_ID');
    expect(message).toContain('GENESYS_OAUTH_DOMAIN');
    expect(message).not.toContain('GENESYS_OAUTH_CLIENT_SECRET');
    expect(JSON.stringify(error) + message + String((error as ConfigError).hint)).not.toContain(
      'only-the-secret-is-set',
    );
  });

  it('names the secret when only the secret is missing', () => {
    expect(() => credentialsFromEnv({ GENESYS_OAUTH_CLIENT_ID: 'a', GENESYS_OAUTH_DOMAIN: 'mypurecloud.com' })).toThrow(
      /missing environment variable: GENESYS_OAUTH_CLIENT_SECRET$/,
    );
  });
});

describe('resolveEndpoints', () => {
  it.each([
    ['mypurecloud.com', 'https://api.mypurecloud.com', 'https://login.mypurecloud.com/oauth/token'],
    ['usw2.pure.cloud', 'https://api.usw2.pure.cloud', 'https://login.usw2.pure.cloud/oauth/token'],
    ['MyPureCloud.com.au', 'https://api.mypurecloud.com.au', 'https://login.mypurecloud.com.au/oauth/token'],
  ])('maps the region domain %s to api. and login. hosts', (domain, apiBase, tokenUrl) => {
    expect(resolveEndpoints(domain)).toEqual({ apiBase, tokenUrl });
  });

  it('serves both under a base URL', () => {
    expect(resolveEndpoints('https://proxy.example.com/genesys/')).toEqual({
      apiBase: 'https://proxy.example.com/genesys',
      tokenUrl: 'https://proxy.example.com/genesys/oauth/token',
    });
    expect(resolveEndpoints('http://127.0.0.1:8787')).toEqual({
      apiBase: 'http://127.0.0.1:8787',
      tokenUrl: 'http://127.0.0.1:8787/oauth/token',
    });
    expect(resolveEndpoints('http://localhost:9000').apiBase).toBe('http://localhost:9000');
    expect(resolveEndpoints('http://[::1]:9000').apiBase).toBe('http://[::1]:9000');
  });

  it('refuses plain http to a host that is not loopback', () => {
    expect(() => resolveEndpoints('http://proxy.example.com')).toThrow(ConfigError);
    expect(() => resolveEndpoints('http://10.0.0.5:8080')).toThrow(/not loopback/);
  });

  it('refuses what is neither a domain nor a usable URL, and never echoes a user part', () => {
    expect(() => resolveEndpoints('')).toThrow(ConfigError);
    expect(() => resolveEndpoints('not a domain')).toThrow(ConfigError);
    expect(() => resolveEndpoints('ftp://example.com')).toThrow(ConfigError);
    expect(() => resolveEndpoints('https://proxy.example.com/?a=1')).toThrow(ConfigError);
    let message = '';
    try {
      resolveEndpoints('https://user:hunter2-password@proxy.example.com');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/user name or password/);
    expect(message).not.toContain('hunter2-password');
  });

  it('refuses a user part, even in a value that is no URL or domain, naming its source and never quoting it', () => {
    for (const [domain, said] of [
      ['https://user:hunter2-password@host:99999', 'must not carry a user name or password'],
      ['user:hunter2-password@mypurecloud.com', 'must not carry a user name or password'],
      ['hunter2-password@mypurecloud.com', '(not shown: it holds an @) is neither a region domain'],
    ] as const) {
      let error: unknown;
      try {
        resolveEndpoints(domain, 'environments.prod.domain in the config');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const everything = `${(error as Error).message} ${String((error as ConfigError).hint)} ${JSON.stringify(error)} ${String((error as Error).cause)}`;
      expect(everything).not.toContain('hunter2');
      expect((error as Error).message).toContain(`environments.prod.domain in the config ${said}`);
    }
  });
});

describe('a base URL whose path holds an @', () => {
  it('is no user part: it is taken, not refused', () => {
    expect(resolveEndpoints('https://proxy.example.com/team@org').apiBase).toBe('https://proxy.example.com/team@org');
  });
});

describe('isLoopbackHost', () => {
  it('knows the loopback names and nothing else', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'api.localhost', '::1', '[::1]'])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['128.0.0.1', 'example.com', 'localhost.example.com', '10.0.0.1'])
      expect(isLoopbackHost(host)).toBe(false);
  });
});
