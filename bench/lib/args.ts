export class UsageError extends Error {
  override name = 'UsageError';
}

export interface BenchArgs {
  quick: boolean;
  list: boolean;
  /** Suite names; empty means all. */
  only: string[];
}

/** `--quick`, `--list`, `--only a,b` / `--only=a` (repeatable). */
export function parseArgs(argv: readonly string[]): BenchArgs {
  const out: BenchArgs = { quick: false, list: false, only: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--quick') out.quick = true;
    else if (arg === '--list') out.list = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[(i += 1)] : arg.slice('--only='.length);
      if (value === undefined || value === '' || value.startsWith('--')) throw new UsageError('--only needs a suite name, e.g. --only ack-latency');
      out.only.push(...value.split(',').map((v) => v.trim()).filter(Boolean));
    } else throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
  }
  out.only = [...new Set(out.only)];
  return out;
}
