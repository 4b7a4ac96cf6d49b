#!/usr/bin/env node
/**
 * The cxschema command's first file, CommonJS as the command's whole build is: built as dist/bin/cxschema.js (what
 * `bin` names and `npm start` runs). A bare `cxschema --version` (or `-V`) is answered here, from package.json,
 * before anything else loads (docs/architecture.md, "Start-up"). Every other run loads the command, bundled beside
 * this file as dist/bin/main.cjs (src/cli/main.ts and what it imports), with the code V8 compiled for it at build
 * time (src/cli/code-cache.cts).
 */
import fs = require('node:fs');
import path = require('node:path');
import type CodeCache = require('./code-cache.cjs');

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
    version: string;
  };
  // As every command's output (closed-pipe.ts, output-failure.ts), without loading them: a reader gone
  // (`cxschema --version | true`) is no failure, a write that failed otherwise (a full disk) is one, and neither
  // is Node's unhandled 'error' event with its stack.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return;
    process.stderr.write(`error: cannot write the output to stdout: ${error.message}\n`);
    process.exitCode = 1;
  });
  process.stdout.write(`${manifest.version}\n`);
} else {
  // Required here, not above: a bare --version needs none of node:vm and node:zlib.
  const codeCache = require('./code-cache.cjs') as typeof CodeCache;
  codeCache.runBundle(path.join(__dirname, 'main.cjs'));
}
