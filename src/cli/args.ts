/** A mistake in how the CLI was called: printed with the usage, exit code 2. */
export class UsageError extends Error {}

export interface Parsed {
  positional: string[];
  options: Map<string, string>;
}

/** Splits argv into positional arguments and `--name value` / `--name=value` options; unknown options are usage errors. */
export function parseArgs(argv: readonly string[], allowed: readonly string[]): Parsed {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      if (!allowed.includes(name)) throw new UsageError(`unknown option --${name}`);
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      options.set(name, value);
    } else positional.push(arg);
  }
  return { positional, options };
}

/** A whole number option within bounds, e.g. --count. */
export function intOption(parsed: Parsed, name: string, fallback: number, min: number, max: number): number {
  const text = parsed.options.get(name);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${text}")`);
  }
  return Number(text);
}

/** Strict ISO 8601 with a date, a time and an offset or Z: an operator's --at must not be ambiguous. */
export function parseAt(text: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    throw new UsageError(`--at must be an ISO time with a zone, e.g. 2026-11-23T09:00:00+01:00 or 2026-11-23T08:00:00Z (got "${text}")`);
  }
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new UsageError(`--at "${text}" is not a real date and time`);
  return at;
}
