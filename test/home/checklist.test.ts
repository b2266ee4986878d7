import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { translator } from '../../src/i18n/index.js';
import { channelStates, configuredChannels, setupProblems, type ChannelState } from '../../src/home/checklist.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';

const en = translator('en');
const fr = translator('fr');
const NB = '\u202f';
const ADMIN = 'U0000ADMIN1';

function allMember(org = exampleOrgConfig()): Map<string, ChannelState> {
  return new Map(configuredChannels(org).map((c) => [c.id, 'member' as const]));
}

describe('the admin checklist, check by check', () => {
  it('the example config with every channel reachable has nothing to fix', () => {
    expect(setupProblems(en, exampleOrgConfig(), allMember())).toEqual([]);
  });

  it('lists every configured channel once: tribes, the channels section, rituals', () => {
    const ids = configuredChannels(exampleOrgConfig()).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['C0000PAYMNT', 'C0000DISCOV', 'C0000PAMEET', 'C0000PRODUC', 'C0000GENERL']));
  });

  it('a channel the bot is not in names the channel, what it is for, and the fix', () => {
    const states = allMember();
    states.set('C0000PAYMNT', 'not_member');
    expect(setupProblems(en, exampleOrgConfig(), states)).toEqual(['⚠️ I am not in <#C0000PAYMNT> (tribe Payments): `/invite @Cadence` there.']);
    expect(setupProblems(fr, exampleOrgConfig(), states)).toEqual([`⚠️ Je ne suis pas dans <#C0000PAYMNT> (tribu Payments)${NB}: \`/invite @Cadence\` dans ce canal.`]);
  });

  it('a channel Slack does not show (wrong ID, private) and an archived one', () => {
    const states = allMember();
    states.set('C0000PAMEET', 'not_found');
    states.set('C0000GENERL', 'archived');
    const lines = setupProblems(en, exampleOrgConfig(), states);
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).toContain('I cannot see the channel `C0000PAMEET` (ritual Product Alignment Meeting)');
    expect(lines.join('\n')).toContain('<#C0000GENERL>');
    expect(lines.join('\n')).toContain('is archived');
  });

  it('no approvers, no admins, a tribe nobody triages, no commitments', () => {
    const org = buildOrgConfig({
      approvers: [],
      admins: [],
      commitments: [],
      tribes: [{ key: 'ghost', name: 'Ghost', channel: 'C0000GHOSTT' }],
      rituals: [],
    });
    const lines = setupProblems(en, org, allMember(org));
    expect(lines).toEqual([
      expect.stringContaining('No approvers'),
      expect.stringContaining('No admins'),
      expect.stringContaining('Tribe Ghost has no members and no lead'),
      expect.stringContaining('No commitments'),
    ]);
  });

  it('a channel Slack did not answer for is said once, not taken for a problem', () => {
    const states = allMember();
    states.delete('C0000PAYMNT');
    expect(setupProblems(en, exampleOrgConfig(), states)).toEqual([expect.stringContaining('could not check the channels')]);
  });

  it('reads conversations.info: is_member false, archived, channel_not_found, another error', async () => {
    const org = exampleOrgConfig();
    const answers: Record<string, () => Promise<{ channel?: { is_member?: boolean; is_archived?: boolean } }>> = {
      C0000PAYMNT: async () => ({ channel: { is_member: false } }),
      C0000DISCOV: async () => ({ channel: { is_member: true, is_archived: true } }),
      C0000PAMEET: async () => Promise.reject(Object.assign(new Error('x'), { data: { error: 'channel_not_found' } })),
      C0000PRODUC: async () => Promise.reject(new Error('timeout')),
    };
    const states = await channelStates({ conversations: { info: ({ channel }) => (answers[channel] ?? (async () => ({ channel: { is_member: true } })))() } }, org);
    expect(states.get('C0000PAYMNT')).toBe('not_member');
    expect(states.get('C0000DISCOV')).toBe('archived');
    expect(states.get('C0000PAMEET')).toBe('not_found');
    expect(states.get('C0000PRODUC')).toBe('unknown');
    expect(states.get('C0000GENERL')).toBe('member');
  });
});

describe('the admin checklist through Slack', () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.stop();
  });

  it('an admin’s Home lists the channels the bot is not in (as the stand-in models them); others see no checklist', async () => {
    const t = await startTestApp({ clock: fixedClock(new Date('2026-11-23T08:00:00Z')) });
    apps.push(t);
    t.slack.conversations.add({ id: 'C0000PAYMNT', kind: 'public', botMember: false });
    t.slack.conversations.add({ id: 'C0000PAMEET', kind: 'private', botMember: false });
    await t.event({ type: 'app_home_opened', user: ADMIN, channel: `D${ADMIN}`, tab: 'home', event_ts: '1.1' });
    const [home] = await t.slack.waitForCalls('views.publish', 1);
    const json = JSON.stringify(home?.args.view);
    expect(json).toContain('*Setup checklist* (admins only)');
    expect(json).toContain('I am not in <#C0000PAYMNT> (tribe Payments)');
    expect(json).toContain('I cannot see the channel `C0000PAMEET`');
    // One conversations.info per configured channel the stand-in shows (the hidden private one is refused before it is recorded).
    expect(t.slack.callsTo('conversations.info').map((c) => c.args.channel)).toEqual(configuredChannels(exampleOrgConfig()).map((c) => c.id).filter((id) => id !== 'C0000PAMEET'));
    await t.event({ type: 'app_home_opened', user: 'U0000PMPAY1', channel: 'DU0000PMPAY1', tab: 'home', event_ts: '1.2' });
    const calls = await t.slack.waitForCalls('views.publish', 2);
    expect(JSON.stringify(calls[1]?.args.view)).not.toContain('Setup checklist');
  });

  it('/cadence check answers an admin privately with the same lines; anyone else is told it is for admins, in French too', async () => {
    const t = await startTestApp({ clock: fixedClock(new Date('2026-11-23T08:00:00Z')) });
    apps.push(t);
    t.slack.conversations.add({ id: 'C0000DISCOV', kind: 'public', botMember: false });
    const res = await t.command({ command: '/cadence', text: 'check', user_id: ADMIN });
    expect(res.status).toBe(200);
    const [answer] = await t.slack.waitForCalls('response_url', 1);
    expect(answer?.args.response_type).toBe('ephemeral');
    expect(String(answer?.args.text)).toContain('I am not in <#C0000DISCOV> (tribe Discovery)');
    const refused = (await t.command({ command: '/cadence', text: 'check', user_id: 'U0000PMPAY1' })).json() as { text: string };
    expect(refused.text).toContain('is for Cadence admins');
    await t.command({ command: '/cadence', text: 'langue fr', user_id: 'U0000PMPAY1' });
    const fr = (await t.command({ command: '/cadence', text: 'vérifier', user_id: 'U0000PMPAY1' })).json() as { text: string };
    expect(fr.text).toBe(`\`/cadence check\` est réservé aux admins Cadence${NB}: il vérifie l’installation (canaux, validateurs, trieurs). Demandez à l’un d’eux.`);
  });
});
