import { intOption, parseArgs, parseAt, UsageError } from '../cli/args.js';
import type { CliCommand } from '../context.js';
import { formatUpcoming, upcoming } from './calendar.js';
import { skipLookup } from './store.js';

/** `cadence rituals next [--count N] [--at <ISO>]`: the coming occurrences and their steps, in local time. */
export const ritualsCli: CliCommand = {
  usage: 'rituals next [--count N] [--at <ISO>]',
  summary: 'the coming ritual occurrences and steps, in local time',
  run(argv, env) {
    const [sub, ...rest] = argv;
    if (sub !== 'next') throw new UsageError(sub ? `unknown rituals subcommand "${sub}"` : 'rituals needs "next"');
    const parsed = parseArgs(rest, ['count', 'at']);
    if (parsed.positional.length) throw new UsageError(`unexpected argument "${parsed.positional[0] ?? ''}"`);
    const count = intOption(parsed, 'count', 10, 1, 500);
    const atText = parsed.options.get('at');
    const now = atText ? parseAt(atText) : env.now;
    const zone = env.org.organisation.timezone;
    const skips = skipLookup(env.db(), env.org.organisation.holidays);
    env.stdout(formatUpcoming(upcoming(env.org.rituals, zone, now, count, skips), zone, now));
    return 0;
  },
};
