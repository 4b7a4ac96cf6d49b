#!/usr/bin/env node
/**
 * The cxschema command's entry. `cxschema --version` (or `-V`) on its own is answered here, before the
 * command-line parser and the command modules load: an ES module loads every static import before it runs a
 * line, and those modules are most of what a bare `--version` would cost. Everything else goes to program.ts,
 * which prints the same version for `--version` among other arguments.
 */
import { packageVersion } from './package-version.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${packageVersion()}\n`);
} else {
  const { runProgram } = await import('./program.js');
  await runProgram();
}
