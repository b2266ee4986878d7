import { parseArgs, UsageError } from '../cli/args.js';
import type { CliCommand } from '../context.js';
import { createToken, feedUrl, listTokens, parseScope, revokeToken } from './store.js';

const USAGE = 'calendar tokens list | create <scope> [--note <text>] | revoke <id|token>';

/**
 * `cadence calendar tokens …`: the secret feed links. A scope is `org`,
 * `ritual:<key>`, `tribe:<key>` or `person:<user id>`. With
 * CADENCE_PUBLIC_URL set the full link is printed, otherwise its path.
 */
export const calendarCli: CliCommand = {
  usage: USAGE,
  summary: 'calendar feed links: list, create, revoke',
  run(argv, env) {
    const [group, sub, ...rest] = argv;
    if (group !== 'tokens') throw new UsageError(group ? `unknown calendar subcommand "${group}" (expected: ${USAGE})` : `calendar needs "tokens": ${USAGE}`);
    const link = (token: string) => (env.publicUrl ? feedUrl(env.publicUrl, token) : `/calendar/${token}.ics (set CADENCE_PUBLIC_URL to print the full link)`);
    switch (sub) {
      case 'list': {
        const parsed = parseArgs(rest, []);
        if (parsed.positional.length) throw new UsageError(`unexpected argument "${parsed.positional[0] ?? ''}"`);
        const tokens = listTokens(env.db());
        if (tokens.length === 0) {
          env.stdout('No calendar feed tokens yet. Create one with `cadence calendar tokens create org`.\n');
          return 0;
        }
        for (const t of tokens) {
          const state = t.revokedAt ? `revoked ${t.revokedAt}` : 'live';
          env.stdout(`${String(t.id).padStart(4)}  ${t.scope.padEnd(24)} ${state.padEnd(12)} created ${t.createdAt} by ${t.createdBy}${t.note ? ` (${t.note})` : ''}\n`);
          if (!t.revokedAt) env.stdout(`      ${link(t.token)}\n`);
        }
        return 0;
      }
      case 'create': {
        const parsed = parseArgs(rest, ['note']);
        const [scopeArg, extra] = parsed.positional;
        if (!scopeArg) throw new UsageError('tokens create needs a scope: org, ritual:<key>, tribe:<key> or person:<user id>');
        if (extra) throw new UsageError(`unexpected argument "${extra}"`);
        const scope = parseScope(scopeArg, env.org);
        if (!scope.ok) throw new UsageError(scope.error);
        const note = parsed.options.get('note')?.slice(0, 200) ?? null;
        const t = createToken(env.db(), scope.scope, 'cli', note, env.now);
        env.stdout(`Created token ${t.id} for ${t.scope}:\n${link(t.token)}\nAnyone with this link can read the feed; revoke it with \`cadence calendar tokens revoke ${t.id}\`.\n`);
        return 0;
      }
      case 'revoke': {
        const parsed = parseArgs(rest, []);
        const [which, extra] = parsed.positional;
        if (!which) throw new UsageError('tokens revoke needs a token id (see `cadence calendar tokens list`) or the token itself');
        if (extra) throw new UsageError(`unexpected argument "${extra}"`);
        const result = revokeToken(env.db(), which, env.now);
        if (result === 'unknown') throw new UsageError(`no calendar token "${which}" (see \`cadence calendar tokens list\`)`);
        env.stdout(result === 'revoked' ? `Revoked: the link now answers 404.\n` : `Already revoked.\n`);
        return 0;
      }
      default:
        throw new UsageError(sub ? `unknown tokens subcommand "${sub}" (expected: ${USAGE})` : `calendar tokens needs list, create or revoke`);
    }
  },
};
