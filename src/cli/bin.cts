#!/usr/bin/env node
/**
 * The cxschema command's first file, and its only CommonJS one: built as dist/bin/cxschema.js (what `bin` names
 * and `npm start` runs). A bare `cxschema --version` (or `-V`) is answered here, from package.json, before Node
 * sets up its ES module loader, which alone costs more than the rest of that run (docs/architecture.md,
 * "Start-up"). Every other run imports the command's ES module entry (src/cli/main.ts, bundled beside this file).
 */
import fs = require('node:fs');
import path = require('node:path');

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
    version: string;
  };
  process.stdout.write(`${manifest.version}\n`);
} else {
  // Named by a variable: the bundle's entry exists only in dist/bin/, beside the built copy of this file.
  const bundleEntry = './main.mjs';
  void import(bundleEntry);
}
