import { describe, expect, it } from 'vitest';
import { REDACTED, redactUrlCredentials } from '../../src/model/redaction.js';

describe('redactUrlCredentials', () => {
  it("drops a URL's user part, password and user name alike", () => {
    expect(redactUrlCredentials('ftp://user:pw-SECRET-9@host/x')).toBe(`ftp://${REDACTED}@host/x`);
    expect(redactUrlCredentials('HTTPS://token-only@host')).toBe(`HTTPS://${REDACTED}@host`);
    expect(redactUrlCredentials('https://user:@host')).toBe(`https://${REDACTED}@host`);
  });

  it('drops it up to the last @, whatever the password holds', () => {
    expect(redactUrlCredentials('https://user:p@ss/wo?rd#x@host/path')).toBe(`https://${REDACTED}@host/path`);
  });

  it('drops the user part of a URL whose scheme was left out, or that stands after other text', () => {
    expect(redactUrlCredentials('user:pw-SECRET-9@host/x')).toBe(`${REDACTED}@host/x`);
    expect(redactUrlCredentials(' https://user:pw-SECRET-9@host')).toBe(`${REDACTED}@host`);
  });

  it('leaves a value with no user part as it is', () => {
    for (const value of ['https://host:8443/x?y=1', 'mypurecloud.com', 'team@example.com', 'order_line', ''])
      expect(redactUrlCredentials(value)).toBe(value);
  });
});
