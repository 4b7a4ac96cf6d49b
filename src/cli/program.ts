/**
 * The cxschema command line: global flags, every command, exit codes. Start-up stays light: each command module
 * registers its flags and loads the library code it needs only when its action runs. Loaded by main.ts, which
 * answers a bare `--version` without it.
 */
import { Command, CommanderError } from 'commander';
import { stopQuietlyOnClosedPipe } from './closed-pipe.js';
import { COMMANDS } from './commands/index.js';
import { EXIT_USAGE } from './exit-codes.js';
import { collectEnvironment } from './global-options.js';
import { packageVersion } from './package-version.js';

export function buildProgram(): Command {
  const program = new Command('cxschema')
    .description('Genesys Cloud custom object schemas as code')
    .version(packageVersion(), '-V, --version')
    .option('--config <file>', 'config file (default: cxschema.config.yaml, found by walking up)')
    .option('--env <name>', 'environment from the config file (diff takes two)', collectEnvironment)
    .option(
      '--format <format>',
      'output format: text | json; validate also github | sarif; plan also markdown; graph mermaid | dot | json | svg',
    )
    .option(
      '--allow-outside',
      "let the config's schemas globs read files outside its folder (each is listed on stderr)",
    )
    .option('--emulator', 'run against an in-process emulator whose state persists under .cxschema/')
    .option('--no-color', 'no colour in output')
    // Every command's --help lists the global options it takes, after its own.
    .configureHelp({ showGlobalOptions: true })
    .exitOverride();
  for (const register of COMMANDS) register(program);
  addHelpCommand(program);
  pointUsageErrorsAtHelp(program, 'cxschema');
  return program;
}

/**
 * `cxschema help [command]`, as commander's own, except for a command that does not exist: commander's printed
 * the whole help on stderr with no word of what was wrong, where `cxschema nope` says "unknown command 'nope'".
 */
function addHelpCommand(program: Command): void {
  program.helpCommand(false);
  program
    .command('help [command...]')
    .description('display help for command')
    .action((names: string[]) => {
      // `help audit verify` walks down as far as the words name commands, as commander's own help does.
      let command = program;
      for (const name of names) {
        const next = command.commands.find((each) => each.name() === name || each.aliases().includes(name));
        if (next === undefined)
          return command.error(`error: unknown command '${name}'`, { code: 'commander.unknownCommand' });
        command = next;
      }
      command.help();
    });
}

/**
 * A usage error prints the error and one line naming the --help that explains it, not the whole help: the error
 * is what the reader needs, and the help would push it off the screen.
 */
function pointUsageErrorsAtHelp(command: Command, path: string): void {
  command.showHelpAfterError(`(run '${path} --help' for usage)`);
  for (const child of command.commands) pointUsageErrorsAtHelp(child, `${path} ${child.name()}`);
}

export async function runProgram(): Promise<void> {
  stopQuietlyOnClosedPipe();
  const program = buildProgram();
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; a bad flag with commander's code 1, which is a usage error.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    throw error;
  }
}
