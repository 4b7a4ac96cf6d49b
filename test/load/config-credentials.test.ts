/**
 * A config value is quoted back in the error that refuses it; a URL's user part in it is not (docs/config.md,
 * docs/portal-events.md). Every path that refuses a config value: the file's check (the top level and an
 * environment, an environment's domain), and the checks made when a run starts (the portal's URL and
 * GENESYS_OAUTH_DOMAIN).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { connectTarget } from '../../src/cli/connect-target.js';
import { loadConfig } from '../../src/load/config-loader.js';
import { validateConfigFile } from '../../src/load/generated/file-format-validators.js';
import { describeAjvErrors } from '../../src/load/json-schema-problems.js';
import { ConfigError, CxError } from '../../src/model/errors.js';
import { startRunObservability } from '../../src/observe/run-observability.js';

const SECRET = 'pw-SECRET-9';

let root: string;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cxschema-config-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

async function configError(text: string): Promise<ConfigError> {
  writeFileSync(path.join(root, 'cxschema.config.yaml'), text);
  const error: unknown = await loadConfig({ cwd: root }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

/** Everything an error could show: its message, its hint, its own properties and its cause. */
function everything(error: unknown): string {
  return `${(error as Error).message} ${String((error as CxError).hint)} ${JSON.stringify(error)} ${String((error as Error).cause)}`;
}

describe('config errors quote no URL credentials', () => {
  it('never quotes the value of a key that names a secret variable: the secret itself may be there', async () => {
    for (const [key, text] of [
      ['portal.secretEnv', `schemas: [a.yaml]\nportal:\n  url: https://portal.example\n  secretEnv: "${SECRET}"\n`],
      ['environments.prod.clientSecretEnv', `environments:\n  prod:\n    clientSecretEnv: "${SECRET}"\n`],
      ['environments.prod.clientIdEnv', `environments:\n  prod:\n    clientIdEnv: "${SECRET}"\n`],
    ] as const) {
      const error = await configError(text);
      expect(error.message).toBe(
        `${key} is not an environment variable name (the value is not shown: it may be the secret itself)`,
      );
      expect(everything(error)).not.toContain(SECRET);
    }
  });

  it("quotes portal.url without its user part, at the value's line and column", async () => {
    const error = await configError(`schemas: [a.yaml]\nportal:\n  url: "ftp://user:${SECRET}@host/x"\n`);
    expect(error.message).toBe("portal.url 'ftp://[REDACTED]@host/x' must be an http:// or https:// URL");
    expect(error).toMatchObject({ line: 3, column: 8 });
    expect(everything(error)).not.toContain(SECRET);
  });

  it('drops the user part before a long value is cut short', async () => {
    const user = 'a-user-name-long-enough-to-push-the-password-past-the-cut';
    const error = await configError(`portal:\n  url: "ftp://${user}:${SECRET}-and-more@host/x"\n`);
    expect(error.message).toBe("portal.url 'ftp://[REDACTED]@host/x' must be an http:// or https:// URL");
  });

  it('quotes portal.url without a user part when its scheme was left out', async () => {
    const error = await configError(`portal:\n  url: "user:${SECRET}@host/x"\n`);
    expect(error.message).toBe("portal.url '[REDACTED]@host/x' must be an http:// or https:// URL");
  });

  it("says nothing of an environment's portal.url user part, in any problem found", async () => {
    const text = `environments:\n  prod:\n    portal:\n      url: "ftp://user:${SECRET}@host/x"\n`;
    const error = await configError(text);
    expect(error).toMatchObject({
      message: "environments.prod.portal.url 'ftp://[REDACTED]@host/x' must be an http:// or https:// URL",
      line: 4,
      column: 12,
    });
    expect(everything(error)).not.toContain(SECRET);
    expect(validateConfigFile(parse(text))).toBe(false);
    const problems = describeAjvErrors(validateConfigFile.errors);
    expect(problems.map((problem) => problem.message)).toContain(
      "environments.prod.portal.url 'ftp://[REDACTED]@host/x' must be an http:// or https:// URL",
    );
    expect(JSON.stringify(problems)).not.toContain(SECRET);
  });

  it('quotes no user part of a URL given where a mode belongs', async () => {
    const url = `https://user:${SECRET}@host/x`;
    for (const [text, shown] of [
      [`target: "${url}"\n`, 'target must be one of'],
      [`compatibility:\n  mode: "${url}"\n`, 'compatibility.mode must be one of'],
      [`environments:\n  prod:\n    target: "${url}"\n`, 'environments.prod.target must be one of'],
      [`environments:\n  prod:\n    compatibility: { mode: "${url}" }\n`, 'environments.prod.compatibility.mode'],
    ] as const) {
      const error = await configError(text);
      expect(error.message).toContain(shown);
      expect(error.message).toContain("'https://[REDACTED]@host/x'");
      expect(everything(error)).not.toContain(SECRET);
    }
  });

  it('quotes no user part of a URL given as a key', async () => {
    const url = `https://user:${SECRET}@host/x`;
    const unknown = await configError(`portal:\n  url: https://example.com\n  "${url}": 1\n`);
    expect(unknown.message).toBe("unknown property 'https://[REDACTED]@host/x' in portal");
    const environment = await configError(`environments:\n  "${url}": { domain: mypurecloud.com }\n`);
    expect(environment.message).toContain("environments 'https://[REDACTED]@host/x' does not match");
    for (const error of [unknown, environment]) expect(everything(error)).not.toContain(SECRET);
    const text = `environments:\n  "${url}": { domain: mypurecloud.com }\n`;
    expect(validateConfigFile(parse(text))).toBe(false);
    const problems = describeAjvErrors(validateConfigFile.errors);
    expect(problems.map((problem) => problem.message)).toContain(
      "environments has an invalid key 'https://[REDACTED]@host/x'",
    );
    expect(JSON.stringify(problems.map((problem) => [problem.message, problem.hint]))).not.toContain(SECRET);
  });

  it('quotes no user part when the portal is refused as the run starts', async () => {
    for (const url of [`http://user:${SECRET}@example.com/x`, `https://user:${SECRET}@host:99999/x`]) {
      const error: unknown = await startRunObservability({
        config: { root, portal: { url } },
        context: { environment: 'default', orgDomain: 'emulator', actor: 'client' },
        cwd: root,
      }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(CxError);
      expect((error as CxError).code).toBe('CONFIG');
      expect(everything(error)).not.toContain(SECRET);
    }
  });

  it("refuses an environment's domain with a user part at its line and column, without quoting it", async () => {
    for (const domain of [
      `https://user:${SECRET}@x.example.com`,
      `https://${SECRET}@x.example.com:99999`,
      `user:${SECRET}@x.example.com`,
    ]) {
      const error = await configError(`schemas: [a.yaml]\nenvironments:\n  prod:\n    domain: "${domain}"\n`);
      expect(error.message).toBe(
        'environments.prod.domain must not carry a user name or password (the value is not shown)',
      );
      expect(error).toMatchObject({ file: 'cxschema.config.yaml', line: 4, column: 13 });
      expect(error.hint).toContain('environments.prod.clientIdEnv and clientSecretEnv');
      expect(everything(error)).not.toContain(SECRET);
    }
    // An environment the run does not pick is refused all the same: a password in the file is the mistake.
    const other = await configError(
      `environments:\n  prod: { domain: mypurecloud.ie }\n  test: { domain: "https://u:${SECRET}@h" }\n`,
    );
    expect(other).toMatchObject({ line: 3, column: 19 });
    expect(other.message).toContain('environments.test.domain');
  });

  it('refuses a GENESYS_OAUTH_DOMAIN with a user part when the run starts, without quoting it', async () => {
    const config = await loadConfig({ cwd: root });
    const error: unknown = await connectTarget({
      emulator: false,
      config,
      env: {
        GENESYS_OAUTH_CLIENT_ID: 'client',
        GENESYS_OAUTH_CLIENT_SECRET: 'client-secret',
        GENESYS_OAUTH_DOMAIN: `https://user:${SECRET}@x.example.com`,
      },
    }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('GENESYS_OAUTH_DOMAIN must not carry a user name or password');
    expect(everything(error)).not.toContain(SECRET);
  });
});
