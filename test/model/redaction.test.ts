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

  it('finds no user part after an authority that is plainly a host: an @ in a path, or in a file URL', () => {
    for (const value of [
      'https://host.example/a@b',
      'https://api.mypurecloud.com/api/v2/users/jane@example.com',
      'https://host.example:8443/scoped/@org/pkg',
      'https://localhost:8443/@org/pkg',
      'https://[::1]:8080/x@y',
      'file:///home/u/p/node_modules/.pnpm/cxschema@1.4.0/node_modules/cxschema/lib/x.js:1:2',
      'file://files.example/share/a@b',
      'host.example:443/a@b',
    ]) {
      expect(redactUrlCredentials(value)).toBe(value);
      expect(hasUrlUserPart(value)).toBe(false);
    }
  });

  it('reads any authority that is not plainly a host as holding a user part, up to the last @', () => {
    // A password typed by hand may hold what ends an authority, or look like a port; a token may hold a /.
    for (const [value, kept] of [
      ['https://admin:2024/secret@host.example/x', '@host.example/x'],
      ['https://user:/secret@host.example', '@host.example'],
      ['https://user:12?34@host.example', '@host.example'],
      ['https://user:12#34@host.example', '@host.example'],
      ['https://ghp_Tok/en+Ab==@github.com/o/r', '@github.com/o/r'],
      ['https://user#frag:pw@host.example', '@host.example'],
      ['http://proxy/https://user:pw@host.example', '@host.example'],
      ['https://host/a@b', '@b'],
    ]) {
      expect(redactUrlCredentials(value!)).toBe(`${value!.slice(0, value!.indexOf('://') + 3)}${REDACTED}${kept}`);
      expect(hasUrlUserPart(value!)).toBe(true);
    }
  });

  it('drops the user part of a URL nested after a plain host', () => {
    expect(redactUrlCredentials('https://host.example/?next=https://user:pw@evil.example/x')).toBe(
      `https://host.example/?next=https://${REDACTED}@evil.example/x`,
    );
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

  it('finds a URL nested in or joined to another, each user part dropped', () => {
    for (const [text, expected] of [
      [
        `go https://host.example/?next=https://user:${SECRET}@evil.example/x now`,
        `go https://host.example/?next=https://${REDACTED}@evil.example/x now`,
      ],
      [`urls=https://a.example,https://user:${SECRET}@b.example`, `urls=https://${REDACTED}@b.example`],
      [`file:///tmp/x,https://user:${SECRET}@host.example`, `file:///tmp/x,https://${REDACTED}@host.example`],
      [
        `http://proxy.example/https://user:${SECRET}@host.example`,
        `http://proxy.example/https://${REDACTED}@host.example`,
      ],
    ]) {
      expect(redactUrlUserParts(text!)).toBe(expected);
      expect(redactUrlUserParts(text!)).not.toContain(SECRET);
    }
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
