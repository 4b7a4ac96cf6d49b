/**
 * Shell completion scripts, generated from the command tree itself so that they can never list a command or
 * an option the program does not have. Each script completes command names after `cxschema`, sub-command names
 * (`audit verify`), and the long options of the command being typed, global ones included.
 */
import type { Command, Option } from 'commander';

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

interface CommandWords {
  /** `audit verify` for a sub-command. */
  path: string;
  subcommands: string[];
  options: string[];
}

function longFlags(options: readonly Option[]): string[] {
  return options.flatMap((option) => (option.long === undefined || option.hidden ? [] : [option.long]));
}

function collect(command: Command, prefix: string, globals: readonly string[], out: CommandWords[]): void {
  for (const child of command.commands) {
    if ((child as Command & { _hidden?: boolean })._hidden === true) continue;
    const path = prefix === '' ? child.name() : `${prefix} ${child.name()}`;
    out.push({
      path,
      subcommands: child.commands.map((c) => c.name()),
      options: [...longFlags(child.options), ...globals, '--help'],
    });
    collect(child, path, globals, out);
  }
}

function wordsOf(program: Command): { top: string[]; globals: string[]; commands: CommandWords[] } {
  const globals = longFlags(program.options);
  const commands: CommandWords[] = [];
  collect(program, '', globals, commands);
  return { top: program.commands.map((c) => c.name()), globals, commands };
}

export function completionScript(program: Command, shell: CompletionShell): string {
  const words = wordsOf(program);
  if (shell === 'bash') return bashScript(words);
  if (shell === 'zsh') return zshScript(words);
  return fishScript(words);
}

function bashScript({ top, globals, commands }: ReturnType<typeof wordsOf>): string {
  const cases = commands
    .map((c) => `    '${c.path}') words='${[...c.subcommands, ...c.options].join(' ')}' ;;`)
    .join('\n');
  return `# cxschema completion for bash: eval "$(cxschema completion bash)", or save it under bash-completion's folder.
_cxschema() {
  local cur path="" word words i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    case "$word" in -*) continue ;; esac
    if [ -z "$path" ]; then path="$word"; else
      case "$path $word" in ${
        commands
          .filter((c) => c.path.includes(' '))
          .map((c) => `'${c.path}'`)
          .join('|') || "''"
      }) path="$path $word" ;; esac
    fi
  done
  case "$path" in
    '') words='${[...top, ...globals, '--help', '--version'].join(' ')}' ;;
${cases}
    *) words='${globals.join(' ')}' ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _cxschema cxschema
`;
}

function zshScript(words: ReturnType<typeof wordsOf>): string {
  return `#compdef cxschema
# cxschema completion for zsh: save as _cxschema in a folder of $fpath, or source it after compinit.
${bashScript(words).replace(/^# .*\n/, '')}`.replace(
    'complete -o default -F _cxschema cxschema',
    'autoload -U +X bashcompinit && bashcompinit\ncomplete -o default -F _cxschema cxschema',
  );
}

function fishScript({ top, globals, commands }: ReturnType<typeof wordsOf>): string {
  const lines = [
    '# cxschema completion for fish: cxschema completion fish > ~/.config/fish/completions/cxschema.fish',
    'complete -c cxschema -f',
  ];
  lines.push(`complete -c cxschema -n __fish_use_subcommand -a '${top.join(' ')}'`);
  for (const flag of [...globals, '--help', '--version'])
    lines.push(`complete -c cxschema -n __fish_use_subcommand -l ${flag.slice(2)}`);
  for (const command of commands) {
    const condition = command.path.includes(' ')
      ? `__fish_seen_subcommand_from ${command.path.split(' ').at(-1)}`
      : `__fish_seen_subcommand_from ${command.path}`;
    if (command.subcommands.length > 0)
      lines.push(`complete -c cxschema -n '${condition}' -a '${command.subcommands.join(' ')}'`);
    for (const flag of command.options) lines.push(`complete -c cxschema -n '${condition}' -l ${flag.slice(2)}`);
  }
  return `${lines.join('\n')}\n`;
}
