import type { OrgConfig } from '../config/org.js';
import type { Translate } from '../i18n/index.js';

/*
 * The admin checklist (issue 14 item 16): what in the setup stops Cadence from
 * doing its job, said as the fix. Pure checks over the config and what Slack
 * answered for each configured channel (conversations.info), so each check is
 * unit-tested; the Home and `/cadence check` show the same lines.
 */

/** What conversations.info said of a channel: the bot is in it, is not, cannot see it, it is archived; unknown when Slack did not answer. */
export type ChannelState = 'member' | 'not_member' | 'not_found' | 'archived' | 'unknown';

/** Where a configured channel comes from, to say what breaks without it. */
export type ChannelUse =
  | { kind: 'tribe'; tribe: string }
  | { kind: 'ritual'; ritual: string }
  | { kind: 'opportunities' | 'insightsInbox' | 'bugEscalation' | 'digest' | 'companyWide' };

export interface ConfiguredChannel {
  id: string;
  use: ChannelUse;
}

/** Every channel the config names, once each (the first use names it). */
export function configuredChannels(org: OrgConfig): ConfiguredChannel[] {
  const out: ConfiguredChannel[] = [];
  const seen = new Set<string>();
  const add = (id: string | undefined, use: ChannelUse) => {
    if (!id || seen.has(id)) return;
    seen.add(id);
    out.push({ id, use });
  };
  for (const t of org.tribes) add(t.channel, { kind: 'tribe', tribe: t.name });
  for (const kind of ['opportunities', 'insightsInbox', 'bugEscalation', 'digest', 'companyWide'] as const) add(org.channels[kind], { kind });
  for (const r of org.rituals) add(r.channel, { kind: 'ritual', ritual: r.name });
  return out;
}

function useLabel(tr: Translate, use: ChannelUse): string {
  switch (use.kind) {
    case 'tribe':
      return tr('home.check.what.tribe', { tribe: use.tribe });
    case 'ritual':
      return tr('home.check.what.ritual', { ritual: use.ritual });
    case 'opportunities':
      return tr('home.check.what.opportunities');
    case 'insightsInbox':
      return tr('home.check.what.insightsInbox');
    case 'bugEscalation':
      return tr('home.check.what.bugEscalation');
    case 'digest':
      return tr('home.check.what.digest');
    case 'companyWide':
      return tr('home.check.what.companyWide');
  }
}

/** The checklist's problem lines, in the reader's language; empty when all is in place. */
export function setupProblems(tr: Translate, org: OrgConfig, states: ReadonlyMap<string, ChannelState>): string[] {
  const out: string[] = [];
  let unknown = false;
  for (const c of configuredChannels(org)) {
    const state = states.get(c.id) ?? 'unknown';
    const what = useLabel(tr, c.use);
    if (state === 'not_member') out.push(tr('home.check.notMember', { channel: c.id, what }));
    else if (state === 'not_found') out.push(tr('home.check.notFound', { channel: c.id, what }));
    else if (state === 'archived') out.push(tr('home.check.archived', { channel: c.id, what }));
    else if (state === 'unknown') unknown = true;
  }
  if (org.approvers.length === 0) out.push(tr('home.check.noApprovers'));
  if (org.admins.length === 0) out.push(tr('home.check.noAdmins'));
  for (const t of org.tribes) if (t.members.length === 0 && !t.lead) out.push(tr('home.check.noTriagers', { tribe: t.name }));
  if (org.commitments.length === 0) out.push(tr('home.check.noCommitments'));
  if (unknown) out.push(tr('home.check.unreachable'));
  return out;
}

/** What the checklist needs of the Web API client. */
export interface ConversationsInfoClient {
  conversations: { info(args: { channel: string }): Promise<{ channel?: { is_member?: boolean; is_archived?: boolean } }> };
}

/** Asks Slack about each configured channel (in parallel); a failed call is 'not_found' when Slack says so, else 'unknown'. */
export async function channelStates(client: ConversationsInfoClient, org: OrgConfig): Promise<Map<string, ChannelState>> {
  const channels = configuredChannels(org);
  const states = await Promise.all(
    channels.map(async (c): Promise<ChannelState> => {
      try {
        const res = await client.conversations.info({ channel: c.id });
        if (res.channel?.is_archived) return 'archived';
        return res.channel?.is_member === false ? 'not_member' : 'member';
      } catch (err) {
        const code = (err as { data?: { error?: string } }).data?.error;
        return code === 'channel_not_found' ? 'not_found' : 'unknown';
      }
    }),
  );
  return new Map(channels.map((c, i) => [c.id, states[i] ?? 'unknown']));
}
