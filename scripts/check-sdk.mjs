#!/usr/bin/env node
/**
 * Development check of the emulator's wire format against the official Genesys Cloud JavaScript SDK
 * (purecloud-platform-client-v2), which is never a dependency of cxschema:
 *
 *   npm install --prefix /tmp/sdkcheck purecloud-platform-client-v2
 *   npm run build
 *   node scripts/check-sdk.mjs /tmp/sdkcheck/node_modules/purecloud-platform-client-v2
 *
 * It starts the built emulator in-process on an ephemeral loopback port (or, with `--url URL --client-id ID
 * --client-secret SECRET`, talks to one that runs), points the SDK at it with setGateway, logs in with the SDK's
 * client credentials grant, and calls the custom objects schema endpoints through the SDK's generic callApi (the
 * SDK has no custom objects API class). Every response must come back through the SDK as the contract says;
 * the first mismatch exits 1.
 */
import { createChecks, loadSdk, pointSdkAt, readArguments, startBuiltEmulator } from './sdk-check-session.mjs';

const { sdkPath, flag } = readArguments('check-sdk.mjs', '[--url URL --client-id ID --client-secret SECRET]');
const checks = createChecks();
const { say, check, refused } = checks;
const { client, sdkVersion } = loadSdk(sdkPath);

let emulator;
let url = flag('--url');
let clientId = flag('--client-id');
let clientSecret = flag('--client-secret');
if (url === undefined) {
  emulator = await startBuiltEmulator();
  url = emulator.url;
  clientId = emulator.demoClient.id;
  clientSecret = emulator.demoClient.secret;
}
say(`SDK purecloud-platform-client-v2 ${sdkVersion} against ${url}`);

try {
  pointSdkAt(client, url);

  const auth = await client.loginClientCredentialsGrant(clientId, clientSecret);
  check(
    typeof auth.accessToken === 'string' && auth.accessToken.length > 0,
    'loginClientCredentialsGrant gives an access token',
    auth,
  );
  check(auth.tokenExpiryTime > Date.now() + 60_000, 'the token expiry is read from expires_in', auth.tokenExpiryTime);
  say('ok   loginClientCredentialsGrant');

  const call = (method, path, { pathParams = {}, query = {}, body, headers = {} } = {}) =>
    client.callApi(
      path,
      method,
      pathParams,
      query,
      headers,
      {},
      body,
      ['PureCloud OAuth'],
      ['application/json'],
      ['application/json'],
    );
  const externalId = `sdk_check_${Date.now().toString(36)}`;
  const fields = [{ name: 'title', fieldtype: 'string', required: true, constraints: { maxLength: 80 } }];

  const created = await call('POST', '/api/v2/customobjects/schemas', {
    body: { externalId, name: 'SDK check', version: 1, status: 'DRAFT', fields },
    headers: { 'ININ-Correlation-Id': 'sdk-check-1' },
  });
  check(
    created.status === 201 && created.body.version === 1 && created.body.externalId === externalId,
    'POST schemas answers 201 with version 1',
    created.body,
  );
  check(created.headers['inin-correlation-id'] === 'sdk-check-1', 'the correlation id is echoed', created.headers);
  say('ok   POST /api/v2/customobjects/schemas');

  const one = await call('GET', '/api/v2/customobjects/schemas/{externalId}', { pathParams: { externalId } });
  check(one.status === 200 && one.body.id === created.body.id, 'GET schema reads the resource', one.body);
  say('ok   GET /api/v2/customobjects/schemas/{externalId}');

  const updated = await call('PUT', '/api/v2/customobjects/schemas/{externalId}', {
    pathParams: { externalId },
    body: { externalId, name: 'SDK check', version: 2, status: 'PUBLISHED', fields },
  });
  check(
    updated.status === 200 && updated.body.version === 2 && updated.body.status === 'PUBLISHED',
    'PUT makes version 2',
    updated.body,
  );
  say('ok   PUT /api/v2/customobjects/schemas/{externalId}');

  const page = await call('GET', '/api/v2/customobjects/schemas', {
    query: { pageSize: 1, pageNumber: 1, status: 'PUBLISHED' },
  });
  check(
    page.status === 200 &&
      Array.isArray(page.body.entities) &&
      page.body.pageSize === 1 &&
      typeof page.body.total === 'number' &&
      typeof page.body.firstUri === 'string',
    'the list is a paging envelope',
    page.body,
  );
  say('ok   GET /api/v2/customobjects/schemas (paging envelope)');

  const versions = await call('GET', '/api/v2/customobjects/schemas/{externalId}/versions', {
    pathParams: { externalId },
  });
  check(
    versions.body.entities.map((v) => v.version).join() === '1,2',
    'versions are listed oldest first',
    versions.body,
  );
  const first = await call('GET', '/api/v2/customobjects/schemas/{externalId}/versions/{version}', {
    pathParams: { externalId, version: 1 },
  });
  check(first.body.version === 1 && first.body.status === 'DRAFT', 'one version reads back', first.body);
  say('ok   GET .../versions and .../versions/{version}');

  const limits = await call('GET', '/api/v2/customobjects/limits');
  check(typeof limits.body.maxFieldsPerSchema === 'number', 'limits read', limits.body);
  const systemObjects = await call('GET', '/api/v2/customobjects/systemobjects');
  check(
    systemObjects.body.entities.some((e) => e.name === 'contact'),
    'system objects read',
    systemObjects.body,
  );
  say('ok   GET /api/v2/customobjects/limits and /systemobjects');

  const missing = await refused(
    call('GET', '/api/v2/customobjects/schemas/{externalId}', { pathParams: { externalId: 'no_such_schema' } }),
  );
  check(
    missing?.status === 404 &&
      missing.body.code === 'not.found' &&
      missing.body.contextId === missing.headers['inin-correlation-id'],
    'a 404 ErrorBody reaches the SDK caller',
    missing?.body,
  );
  const conflict = await refused(
    call('PUT', '/api/v2/customobjects/schemas/{externalId}', {
      pathParams: { externalId },
      body: { externalId, name: 'SDK check', version: 2, status: 'PUBLISHED', fields },
    }),
  );
  check(
    conflict?.status === 409 &&
      conflict.body.code === 'customobjects.schema.version.conflict' &&
      conflict.body.messageParams.current === '2',
    'a 409 ErrorBody reaches the SDK caller',
    conflict?.body,
  );
  const invalid = await refused(
    call('POST', '/api/v2/customobjects/schemas', {
      body: { externalId: 'Bad', name: '', version: 1, status: 'DRAFT', fields: [] },
    }),
  );
  check(
    invalid?.status === 400 &&
      invalid.body.errors.length === 2 &&
      invalid.body.errors[0].details[0].fieldName === 'externalId',
    'a 400 ErrorBody lists its problems',
    invalid?.body,
  );
  say('ok   ErrorBody on 404, 409 and 400');

  const deprecated = await call('PUT', '/api/v2/customobjects/schemas/{externalId}', {
    pathParams: { externalId },
    body: { externalId, name: 'SDK check', version: 3, status: 'DEPRECATED', fields },
  });
  check(deprecated.body.status === 'DEPRECATED', 'the check schema is deprecated at the end', deprecated.body);

  client.setAccessToken('not-a-token');
  const unauthorized = await refused(call('GET', '/api/v2/customobjects/limits'));
  check(
    unauthorized?.status === 401 && unauthorized.body.code === 'bad.credentials',
    'a 401 reaches the SDK caller',
    unauthorized?.body,
  );
  say('ok   401 bad.credentials');
  say(`all ${checks.count} checks passed`);
} finally {
  await emulator?.stop();
}
