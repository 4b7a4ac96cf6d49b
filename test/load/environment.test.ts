import { describe, expect, it } from 'vitest';
import { configForEnvironment, environmentSettings } from '../../src/load/environment.js';
import type { CxConfig } from '../../src/model/config.js';
import { ConfigError } from '../../src/model/errors.js';

const base: CxConfig = {
  schemas: ['**/*.schema.yaml'],
  rules: {},
  systemObjects: [],
  limits: {},
  compatibility: { mode: 'BACKWARD', ignore: [{ rule: 'FIELD_REMOVED', reason: 'nobody reads it' }] },
  portal: { url: 'https://portal.example.com/hooks', secretEnv: 'PORTAL_SECRET' },
  audit: { path: '.cxschema/audit.jsonl' },
  environments: {
    dev: { domain: 'http://127.0.0.1:8787', portal: false, compatibility: { mode: 'NONE' } },
    prod: {
      domain: 'mypurecloud.ie',
      portal: { url: 'https://portal.example.com/prod' },
      audit: { path: 'audit/prod.jsonl' },
    },
    test: { domain: 'mypurecloud.de' },
  },
  path: '/project/cxschema.config.yaml',
  root: '/project',
};

describe('configForEnvironment', () => {
  it('replaces the mode, the portal and the audit log where the environment names them, and keeps the rest', () => {
    const prod = configForEnvironment(base, 'prod');
    expect(prod.portal).toEqual({ url: 'https://portal.example.com/prod' });
    expect(prod.audit).toEqual({ path: 'audit/prod.jsonl' });
    expect(prod.compatibility).toEqual(base.compatibility);

    const dev = configForEnvironment(base, 'dev');
    expect(dev.portal).toBeUndefined();
    expect(dev.compatibility).toEqual({ mode: 'NONE', ignore: base.compatibility.ignore });
    expect(dev.audit).toEqual(base.audit);
    // The loaded config is not changed.
    expect(base.compatibility.mode).toBe('BACKWARD');
    expect(base.portal).toBeDefined();
  });

  it('is the config itself without --env, and the top-level settings for an environment that overrides nothing', () => {
    expect(configForEnvironment(base, undefined)).toBe(base);
    const test = configForEnvironment(base, 'test');
    expect({ ...test, environments: undefined }).toEqual({ ...base, environments: undefined });
  });

  it('refuses an unknown name with the names that exist, at the config file', () => {
    let error: unknown;
    try {
      environmentSettings(base, 'staging');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe('unknown environment "staging"');
    expect((error as ConfigError).hint).toBe('environments in the config: dev, prod, test');
    expect((error as ConfigError).file).toBe('/project/cxschema.config.yaml');
    const { environments: _environments, path: _path, ...bare } = base;
    expect(() => configForEnvironment(bare, 'prod')).toThrow(/unknown environment "prod" \(no config file was found\)/);
  });
});
