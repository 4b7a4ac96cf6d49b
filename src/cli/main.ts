/**
 * The cxschema command's entry, bundled as dist/bin/main.cjs: src/cli/bin.cts (dist/bin/cxschema.js) runs it for
 * every run but a bare `--version`, which it answers itself. program.ts holds commander and the command modules,
 * which only declare flags; each command loads the code it runs when its action starts. No top-level await: the
 * bundle is CommonJS (docs/architecture.md, "The code cache"), and a failure still ends the process as an unhandled
 * rejection.
 */
import { runProgram } from './program.js';
import { exitWhenFlushed } from './process-exit.js';

void runProgram().then(() => exitWhenFlushed());
