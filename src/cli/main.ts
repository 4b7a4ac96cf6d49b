/**
 * The cxschema command's ES module entry, bundled as dist/bin/main.mjs: src/cli/bin.cts (dist/bin/cxschema.js)
 * imports it for every run but a bare `--version`, which it answers itself. program.ts holds commander and the
 * command modules, which only declare flags; each command loads the code it runs when its action starts.
 */
import { runProgram } from './program.js';
import { exitWhenFlushed } from './process-exit.js';

await runProgram();
await exitWhenFlushed();
