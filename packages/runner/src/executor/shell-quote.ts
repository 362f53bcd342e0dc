/** Quotes one argument for POSIX `sh` so it reaches the script as exactly one word. */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** The command line a script runs as: its package.json text plus the quoted extra arguments. */
export function scriptCommandLine(command: string, args: readonly string[]): string {
  return args.length === 0 ? command : `${command} ${args.map(shellQuote).join(' ')}`;
}
