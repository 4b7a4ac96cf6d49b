import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { verifyPortalSignature } from '../../src/index.js';
import { signPortalBody } from '../../src/observe/portal/portal-signature.js';

// The receiver code of docs/portal-events.md "Verifying an event" passes node:http's header values as they are;
// this file compiles it under the project's strict settings (tsc -p tsconfig.json includes test/).
const SECRET = 'portal-secret';
const NOW = 1_700_000_000_000;
const BODY = '{"type":"cxschema.schema.changed"}';
const TIMESTAMP = String(NOW / 1000);

function check(headers: IncomingHttpHeaders) {
  return verifyPortalSignature({
    body: BODY,
    timestamp: headers['x-cxschema-timestamp'],
    signature: headers['x-cxschema-signature'],
    secret: SECRET,
    now: () => NOW,
  });
}

describe("verifying a signature from node:http's headers", () => {
  it('accepts the headers of a signed request', () => {
    const headers: IncomingHttpHeaders = {
      'x-cxschema-timestamp': TIMESTAMP,
      'x-cxschema-signature': signPortalBody(BODY, Number(TIMESTAMP), SECRET),
    };
    expect(check(headers)).toEqual({ ok: true });
  });

  it('refuses a header given more than once as malformed', () => {
    const signature = signPortalBody(BODY, Number(TIMESTAMP), SECRET);
    expect(check({ 'x-cxschema-timestamp': TIMESTAMP, 'x-cxschema-signature': [signature, signature] })).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(check({ 'x-cxschema-timestamp': [TIMESTAMP], 'x-cxschema-signature': signature })).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(check({ 'x-cxschema-timestamp': TIMESTAMP, 'x-cxschema-signature': [] })).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('refuses absent headers as missing', () => {
    expect(check({})).toEqual({ ok: false, reason: 'missing' });
  });
});
