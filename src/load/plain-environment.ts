/**
 * The yaml library checks two debug switches, `process.env.LOG_TOKENS` and `process.env.LOG_STREAM`, once for
 * every token it reads. `process.env` is not a plain object: each property read is a call into the C environment
 * (a lookup and a string copy), and in the parser's hottest function that read alone costs more than a sixth of
 * parsing (docs/architecture.md, "The YAML parser and the environment").
 *
 * So the parse runs with `process.env` pointing at a plain copy, taken once per process, and the real object is
 * put back before anything else can run: the swap spans one synchronous call, so no other code (ours, a
 * library's, a callback) ever sees the copy, and nothing written to the environment is lost.
 */

let snapshot: NodeJS.ProcessEnv | undefined;

export function withPlainEnvironment<T>(work: () => T): T {
  const real = process.env;
  snapshot ??= { ...real };
  process.env = snapshot;
  try {
    return work();
  } finally {
    process.env = real;
  }
}
