import { describe, expect, it } from 'vitest';
import { hasUrlUserPart, REDACTED, redactUrlCredentials, redactUrlUserParts } from '../../src/model/redaction.js';

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

  it('finds a user part in the authority only: an @ in a path, or in a file URL, is none', () => {
    for (const value of [
      'https://host/a@b',
      'https://host:8443/scoped/@org/pkg',
      'https://[::1]:8080/x@y',
      'file:///home/u/p/node_modules/.pnpm/cxschema@1.4.0/node_modules/cxschema/lib/x.js:1:2',
      'file://host/share/a@b',
      'host:443/a@b',
    ]) {
      expect(redactUrlCredentials(value)).toBe(value);
      expect(hasUrlUserPart(value)).toBe(false);
    }
  });

  it('reads an authority that is no host and port as a password cut by a /, up to the last @', () => {
    expect(redactUrlCredentials('https://user:pa/ss@host/x')).toBe(`https://${REDACTED}@host/x`);
    expect(redactUrlCredentials('user:pa/ss@host')).toBe(`${REDACTED}@host`);
  });

  it('leaves a value with no user part as it is', () => {
    for (const value of ['https://host:8443/x?y=1', 'mypurecloud.com', 'team@example.com', 'order_line', ''])
      expect(redactUrlCredentials(value)).toBe(value);
  });
});

describe('redactUrlUserParts', () => {
  const SECRET = 'pw-SECRET-9';

  it('drops the user part of every URL in a text, and leaves the rest of the text', () => {
    const text = `fetch https://user:${SECRET}@host/x failed; then ftp://token-only@other:21/y?q=1 too`;
    expect(redactUrlUserParts(text)).toBe(
      `fetch https://${REDACTED}@host/x failed; then ftp://${REDACTED}@other:21/y?q=1 too`,
    );
  });

  it('finds a URL whose scheme is glued to a word or a number', () => {
    expect(redactUrlUserParts(`proxy_https://user:${SECRET}@host/x and 2https://u:${SECRET}@h/y`)).toBe(
      `proxy_https://${REDACTED}@host/x and 2https://${REDACTED}@h/y`,
    );
  });

  it('ends a URL at whitespace, a double quote, an angle bracket or a backtick, and nowhere else', () => {
    expect(redactUrlUserParts(`{"url":"https://u:${SECRET}@h/x","owner":"team@example.com"}`)).toBe(
      `{"url":"https://${REDACTED}@h/x","owner":"team@example.com"}`,
    );
    expect(redactUrlUserParts(`<https://u:${SECRET}@h> and \`http://u:${SECRET}@h\``)).toBe(
      `<https://${REDACTED}@h> and \`http://${REDACTED}@h\``,
    );
    // A password holding characters a URL may end with in prose is dropped whole, up to the last @.
    for (const password of ["it's,(x)", 'p@ss/wo?rd#x'])
      expect(redactUrlUserParts(`portal.url 'https://u:${password}@h/x' refused`)).toBe(
        `portal.url 'https://${REDACTED}@h/x' refused`,
      );
  });

  it('keeps the path of a file URL and of a URL whose path holds an @, as a debug stack shows them', () => {
    const text = [
      'at run (file:///home/u/p/node_modules/.pnpm/cxschema@1.4.0/node_modules/cxschema/lib/main.js:10:5)',
      'see https://mirror.example.test/@scope/pkg and https://u:pw-SECRET-9@h/x',
    ].join('\n');
    expect(redactUrlUserParts(text)).toBe(text.replace('u:pw-SECRET-9', REDACTED));
  });

  it('drops a user part as redactUrlCredentials does for a value, and leaves a redacted one as it is', () => {
    const url = `HTTPS://user:${SECRET}@host/path`;
    expect(redactUrlUserParts(url)).toBe(redactUrlCredentials(url));
    expect(redactUrlUserParts(`x ${redactUrlCredentials(url)}`)).toBe(`x HTTPS://${REDACTED}@host/path`);
  });

  it('leaves text with no URL user part as it is: addresses, URLs without one, a user part with no scheme', () => {
    for (const text of [
      'mail team@example.com about https://host:8443/x?y=1',
      'order_line v2 PUBLISHED',
      `user:${SECRET}@host is no URL in text`,
      '',
    ])
      expect(redactUrlUserParts(text)).toBe(text);
  });
});
