import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/genesys/secret-redactor.js';

describe('redactSecrets', () => {
  it('removes known secrets as is, URL-encoded and base64-encoded', () => {
    const secret = 'p@ss/word+1';
    const text = `raw ${secret} url ${encodeURIComponent(secret)} b64 ${Buffer.from(secret).toString('base64')}`;
    expect(redactSecrets(text, [secret])).toBe('raw [REDACTED] url [REDACTED] b64 [REDACTED]');
  });

  it('removes the longer of two overlapping secrets whole', () => {
    expect(redactSecrets('key abcdef', ['abc', 'abcdef'])).toBe('key [REDACTED]');
  });

  it('removes bearer and basic credentials, token properties and token parameters it was not told about', () => {
    expect(redactSecrets('Authorization: Bearer eyJhbGciOi.J9.sig')).toBe('Authorization: Bearer [REDACTED]');
    expect(redactSecrets('authorization: basic Y2xpZW50OnNlY3JldA==')).toBe('authorization: basic [REDACTED]');
    expect(redactSecrets('{"access_token":"tok\\"en","token_type":"bearer","expires_in":86400}')).toBe(
      '{"access_token":"[REDACTED]","token_type":"bearer","expires_in":86400}',
    );
    expect(redactSecrets('{"client_secret": "xyz"}')).toBe('{"client_secret": "[REDACTED]"}');
    expect(redactSecrets('grant_type=client_credentials&client_secret=xyz&x=1')).toBe(
      'grant_type=client_credentials&client_secret=[REDACTED]&x=1',
    );
    expect(redactSecrets('https://h/cb?access_token=abc123 next')).toBe('https://h/cb?access_token=[REDACTED] next');
  });

  it('removes the user part of a URL it was not told about, as docs/config.md shows it', () => {
    const text = 'no answer from https://deployer:pw-SECRET-9@portal.example.com/hooks: ECONNRESET';
    const redacted = redactSecrets(text);
    expect(redacted).toBe('no answer from https://[REDACTED]@portal.example.com/hooks: ECONNRESET');
    expect(redacted).not.toContain('pw-SECRET-9');
    expect(redactSecrets('proxy http://u:pw-SECRET-9@proxy:3128 and Bearer abc.def', ['nothing-known'])).toBe(
      'proxy http://[REDACTED]@proxy:3128 and Bearer [REDACTED]',
    );
  });

  it('leaves ordinary text, and ignores empty or missing secrets', () => {
    const text = 'HTTP 409 customobjects.schema.version.conflict: version 3 does not follow 4 (token bucket empty)';
    expect(redactSecrets(text, ['', undefined])).toBe(text);
  });
});
