/**
 * What the two SDK checks (check-sdk.mjs for custom objects, check-sdk-dataschema.mjs for the DataSchema families)
 * share: their arguments (the SDK's folder, and `--url ... --client-id ...` for an emulator that already runs),
 * loading the SDK from that folder, the built emulator started in-process on an ephemeral loopback port when no
 * `--url` is given, the SDK pointed at it, and the count of checks that ends at the first mismatch (exit 1).
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const here = import.meta.dirname ?? new URL('.', import.meta.url).pathname;

/**
 * The SDK's folder (the one argument that is no flag nor a flag's value) and a reader of `--name value` flags.
 * Without the folder, the usage line goes to stderr and the process exits 64.
 */
export function readArguments(script, usageFlags, argv = process.argv.slice(2)) {
  const sdkPath = argv.find((a, i) => !a.startsWith('--') && !(argv[i - 1] ?? '').startsWith('--'));
  const flag = (name) => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  if (!sdkPath) {
    process.stderr.write(`usage: node scripts/${script} <path to purecloud-platform-client-v2> ${usageFlags}\n`);
    process.exit(64);
  }
  return { sdkPath, flag };
}

/** `check` counts each check and exits 1 at the first that fails, naming it and what came back. */
export function createChecks() {
  let count = 0;
  return {
    say: (text) => process.stdout.write(`${text}\n`),
    check(condition, what, detail) {
      count++;
      if (!condition) {
        process.stderr.write(`MISMATCH: ${what}${detail === undefined ? '' : `\n  got: ${JSON.stringify(detail)}`}\n`);
        process.exit(1);
      }
    },
    /** The error a promise rejects with, or undefined when it resolves. */
    async refused(promise) {
      try {
        await promise;
      } catch (error) {
        return error;
      }
      return undefined;
    },
    get count() {
      return count;
    },
  };
}

/** The SDK from its folder (it is never a dependency of cxschema), its API client and its version. */
export function loadSdk(sdkPath) {
  const require = createRequire(import.meta.url);
  const platformClient = require(resolve(sdkPath));
  return {
    platformClient,
    client: platformClient.ApiClient.instance,
    sdkVersion: require(resolve(sdkPath, 'package.json')).version,
  };
}

/** The built emulator (run `npm run build` first), unpaced, on an ephemeral loopback port. */
export async function startBuiltEmulator(options = {}) {
  const { startEmulator } = await import(pathToFileURL(resolve(here, '../dist/emulator/index.js')).href);
  return startEmulator({ port: 0, rateLimitPerMinute: 0, ...options });
}

/** Sends the SDK's requests, login included, to `url`, and has it return status and headers with each body. */
export function pointSdkAt(client, url) {
  const base = new URL(url);
  client.setGateway({
    host: base.hostname,
    protocol: base.protocol.replace(':', ''),
    port: Number(base.port),
    path_params_login: '',
    path_params_api: '',
  });
  client.setReturnExtendedResponses(true);
}
