/**
 * Block Kit for the zero-bug rule: pure builders, each returning the blocks
 * and the plain-text fallback Slack shows in notifications.
 */
import { escapeTextCapped } from '../slack/cap.js';
import type { ActionsBlock, Button, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { OrgConfig } from '../config/org.js';
import type { Translate } from '../i18n/index.js';
import type { BugFigures, FiguresResult } from './figures.js';
import { NO_TEAM } from './figures.js';
import { findTeam, type LadderLevel } from './ladder.js';
import { SEVERITIES, bugRisk, type BugRisk } from './sla.js';
import type { Bug, BugNotice } from './store.js';
import { escapeText, inertText } from '../slack/text.js';
import { dateToken, deadlineShown, languageOf } from '../i18n/dates.js';

export const ACTION_RESOLVE = 'bug_resolve';
export const ACTION_REASSIGN = 'bug_reassign';
export const ACTION_OPEN = 'bug_open';
export const REGISTER_CALLBACK = 'bug_register';
/** Block id of a bug's action row: `bug_actions:<KEY>` (keys have no colon). */
export const ACTIONS_BLOCK_PREFIX = 'bug_actions:';
export const LIST_LIMIT = 25;

export interface Message {
  text: string;
  blocks: KnownBlock[];
}

/** The key, linked to the tracker when there is a URL. */
export function bugRef(bug: Pick<Bug, 'key' | 'url'>): string {
  // A link's URL counts towards a section's 3,000 characters; a very long one
  // stays reachable through the "Open in tracker" button instead.
  // In mrkdwn the & of a URL is written &amp; too (Slack decodes it once).
  const linkable = bug.url && bug.url.length <= MAX_INLINE_URL && !/[|<>]/.test(bug.url);
  return linkable ? `*<${escapeText(bug.url ?? '')}|${escapeText(bug.key)}>*` : `*${escapeText(bug.key)}*`;
}
const MAX_INLINE_URL = 1000;

/**
 * A date Slack renders in each reader's own zone and language: absolute ("on Tue 1 Dec,
 * 13:00", never "Today": the French catalogue writes "le {when}"); the fallback (old
 * clients, notifications) is written in the reader's language and the organisation's
 * zone, which it names (src/i18n/dates.ts).
 */
export function slackDate(at: Date, zone: string, tr: Translate): string {
  return dateToken(at, { lang: languageOf(tr), zone }, 'shortDateTime');
}

/** A deadline as people read it: to the hour, never later than the real one (src/i18n/dates.ts). */
export function deadlineDate(at: Date, zone: string, tr: Translate): string {
  return slackDate(deadlineShown(at, zone), zone, tr);
}

export function formatDuration(tr: Translate, ms: number): string {
  const totalHours = Math.max(0, Math.round(ms / 3_600_000));
  if (totalHours < 24) return tr('bug.duration.hours', { hours: totalHours });
  return tr('bug.duration.days', { days: Math.floor(totalHours / 24), hours: totalHours % 24 });
}

const RISK_EMOJI: Record<BugRisk, string> = { ok: ':large_green_circle:', due_soon: ':large_orange_circle:', breached: ':red_circle:', resolved: ':white_check_mark:' };

function teamName(org: OrgConfig, key: string | null): string | undefined {
  return findTeam(org, key)?.team.name;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The row of buttons on notices and cards: Mark resolved, Reassign, Open in tracker. */
export function bugActions(tr: Translate, bug: Pick<Bug, 'key' | 'url' | 'owner'>): ActionsBlock {
  const elements: ActionsBlock['elements'] = [
    { type: 'button', action_id: ACTION_RESOLVE, text: { type: 'plain_text', text: tr('bug.button.resolve') }, style: 'primary', value: bug.key },
    {
      type: 'users_select',
      action_id: ACTION_REASSIGN,
      placeholder: { type: 'plain_text', text: tr('bug.button.reassign') },
      ...(bug.owner ? { initial_user: bug.owner } : {}),
    },
  ];
  if (bug.url) {
    const open: Button = { type: 'button', action_id: ACTION_OPEN, text: { type: 'plain_text', text: tr('bug.button.open') }, url: bug.url };
    elements.push(open);
  }
  return { type: 'actions', block_id: `${ACTIONS_BLOCK_PREFIX}${bug.key}`, elements };
}

function contextLine(tr: Translate, bug: Bug, org: OrgConfig): string {
  return tr('bug.notice.context', {
    severity: tr(`bug.severity.${bug.severity}`),
    team: escapeText(teamName(org, bug.team) ?? tr('bug.notice.noTeam')),
    owner: bug.owner ? `<@${bug.owner}>` : tr('bug.notice.noOwner'),
    qualified: slackDate(bug.clockStartedAt, org.organisation.timezone, tr),
  });
}

/** One escalation notice (a level of the ladder), with its buttons. */
export function noticeMessage(tr: Translate, bug: Bug, level: LadderLevel, org: OrgConfig): Message {
  const zone = org.organisation.timezone;
  const params = { bug: bugRef(bug), title: escapeTextCapped(bug.title, 500), deadline: deadlineDate(bug.deadline, zone, tr) };
  let headline: string;
  if (level.offsetMinutes < 0) headline = tr('bug.notice.dueSoon', params);
  else if (level.offsetMinutes === 0) headline = tr('bug.notice.breached', params);
  else headline = tr('bug.notice.stillBreached', { ...params, hours: Math.round(level.offsetMinutes / 60) });
  const context = contextLine(tr, bug, org);
  return {
    text: headline,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: headline } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: context }] },
      bugActions(tr, bug),
    ],
  };
}

/** What a notice becomes once its bug is resolved: no buttons left to press. */
export function resolvedNotice(tr: Translate, bug: Bug, org: OrgConfig): Message {
  const params = {
    bug: bugRef(bug),
    title: escapeTextCapped(bug.title, 500),
    when: slackDate(bug.resolvedAt ?? bug.updatedAt, org.organisation.timezone, tr),
  };
  const text = bug.droppedAt
    ? tr('bug.notice.dropped', { ...params, reason: escapeText(truncate(bug.droppedReason ?? '', 80)) })
    : bug.resolvedBy
      ? tr('bug.notice.resolved', { ...params, who: bug.resolvedBy })
      : tr('bug.notice.resolvedByTracker', params);
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** `/bug show`, and the card that follows a registration: every field, the notices, the buttons. */
export function bugCard(tr: Translate, bug: Bug, org: OrgConfig, now: Date, opts: { intro?: string; notices?: BugNotice[] } = {}): Message {
  const zone = org.organisation.timezone;
  const risk = bugRisk(bug.deadline, now, bug.resolvedAt, org.bugs.dueSoonHours);
  const field = (label: string, value: string) => ({ type: 'mrkdwn' as const, text: `*${label}*\n${value}` });
  const fields = [
    field(
      tr('bug.field.status'),
      bug.droppedAt
        ? `:heavy_minus_sign: ${tr('bug.status.dropped', { reason: escapeText(truncate(bug.droppedReason ?? '', 80)) })}`
        : `${RISK_EMOJI[risk]} ${tr(`bug.status.${risk}`)}`,
    ),
    field(tr('bug.field.severity'), tr(`bug.severity.${bug.severity}`)),
    field(tr('bug.field.team'), escapeText(teamName(org, bug.team) ?? tr('bug.value.none'))),
    field(tr('bug.field.owner'), bug.owner ? `<@${bug.owner}>` : bug.ownerEmail ? escapeText(bug.ownerEmail) : tr('bug.value.none')),
    field(tr('bug.field.qualified'), slackDate(bug.qualifiedAt, zone, tr)),
    field(tr('bug.field.deadline'), deadlineDate(bug.deadline, zone, tr)),
  ];
  if (bug.clockId > 1) fields.push(field(tr('bug.field.clock'), tr('bug.value.clock', { clock: bug.clockId, when: slackDate(bug.clockStartedAt, zone, tr) })));
  if (bug.resolvedAt) {
    const when = slackDate(bug.resolvedAt, zone, tr);
    fields.push(field(tr(bug.droppedAt ? 'bug.field.dropped' : 'bug.field.resolved'), bug.resolvedBy ? tr('bug.value.resolvedBy', { when, who: bug.resolvedBy }) : when));
  }
  const heading = `${bugRef(bug)} ${escapeTextCapped(bug.title, 1500)}`;
  const blocks: KnownBlock[] = [];
  if (opts.intro) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: opts.intro } });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: heading } }, { type: 'section', fields });
  const sent = (opts.notices ?? []).filter((n) => n.outcome === 'enqueued');
  if (sent.length > 0) {
    const list = sent.map((n) => `${n.name} (${slackDate(n.claimedAt, zone, tr)})`).join(', ');
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(tr('bug.history.notices', { list }), 3000) }] });
  }
  if (!bug.resolvedAt) blocks.push(bugActions(tr, bug));
  const text = [opts.intro, `${escapeText(bug.key)} ${inertText(bug.title)}`].filter(Boolean).join('\n');
  return { text: truncate(text, 3000), blocks };
}

export type ListFilter = 'all' | 'breached' | 'due_soon';

/** `/bug list`: open bugs, earliest deadline first, at most LIST_LIMIT lines. */
export function listMessage(tr: Translate, bugs: readonly Bug[], opts: { filter: ListFilter; team: string | null; total: number; org: OrgConfig; now: Date }): Message {
  const zone = opts.org.organisation.timezone;
  const base =
    opts.filter === 'breached'
      ? tr('bug.list.title.breached')
      : opts.filter === 'due_soon'
        ? tr('bug.list.title.dueSoon', { hours: opts.org.bugs.dueSoonHours })
        : tr('bug.list.title.all');
  const title = opts.team ? tr('bug.list.inTeam', { title: base, team: teamName(opts.org, opts.team) ?? opts.team }) : base;
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(title, 150) } }];
  if (bugs.length === 0) {
    const empty = tr('bug.list.empty');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: empty } });
    return { text: `${title}\n${empty}`, blocks };
  }
  const lines = bugs.map((bug) =>
    tr('bug.list.line', {
      risk: RISK_EMOJI[bugRisk(bug.deadline, opts.now, bug.resolvedAt, opts.org.bugs.dueSoonHours)],
      bug: bugRef(bug),
      title: escapeTextCapped(bug.title, 80),
      deadline: deadlineDate(bug.deadline, zone, tr),
      owner: bug.owner ? tr('bug.list.owner', { owner: bug.owner }) : '',
    }),
  );
  // One section per line keeps each well under 3,000 characters whatever the titles.
  for (const line of lines) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: line } });
  if (opts.total > bugs.length) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: tr('bug.list.more', { count: opts.total - bugs.length }) }] });
  return { text: [title, ...bugs.map((b) => `${escapeText(b.key)} ${inertText(truncate(b.title, 80))}`)].join('\n'), blocks };
}

function percent(share: number | null, tr: Translate): string {
  return share === null ? tr('bug.stats.na') : `${Math.round(share * 100)} %`;
}

function statsLine(tr: Translate, scope: string, f: BugFigures, org: OrgConfig, windowDays: number): string {
  return tr('bug.stats.line', {
    scope: escapeText(scope),
    open: f.open,
    dueSoon: f.dueWithin48h,
    hours: org.bugs.dueSoonHours,
    breached: f.breached,
    share: percent(f.fixedWithinSlaShare, tr),
    resolved: f.resolvedLast30Days,
    days: windowDays,
    median: f.medianTimeToFixHours === null ? tr('bug.stats.na') : formatDuration(tr, f.medianTimeToFixHours * 3_600_000),
  }) + (f.droppedLast30Days > 0 ? tr('bug.stats.dropped', { count: f.droppedLast30Days }) : '');
}

/** `/bug stats`: the figures overall, then per team (configured teams first, in config order). */
export function statsMessage(tr: Translate, figures: FiguresResult, org: OrgConfig, windowDays: number): Message {
  const title = tr('bug.stats.title');
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: title } }];
  if (figures.byTeam.size === 0) {
    const empty = tr('bug.stats.empty');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: empty } });
    return { text: `${title}\n${empty}`, blocks };
  }
  const lines = [statsLine(tr, tr('bug.stats.overall'), figures.overall, org, windowDays)];
  const order = [...org.tribes.flatMap((t) => t.impactTeams.map((team) => team.key)), NO_TEAM];
  const keys = [...figures.byTeam.keys()].sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia === -1 ? order.length : ia) - (ib === -1 ? order.length : ib) || a.localeCompare(b);
  });
  for (const key of keys) {
    const f = figures.byTeam.get(key);
    if (f) lines.push(statsLine(tr, key === NO_TEAM ? tr('bug.stats.noTeam') : (teamName(org, key) ?? key), f, org, windowDays));
  }
  // At most 48 lines after the header: teams beyond that are in the export.
  for (const line of lines.slice(0, 48)) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(line, 3000) } });
  return { text: [title, ...lines].join('\n').slice(0, 3000), blocks };
}

function option(text: string, value: string): PlainTextOption {
  return { text: { type: 'plain_text', text: truncate(text, 75) }, value };
}

export const MODAL_BLOCKS = {
  key: 'bug_key',
  title: 'bug_title',
  severity: 'bug_severity',
  team: 'bug_team',
  owner: 'bug_owner',
  qualified: 'bug_qualified',
  url: 'bug_url',
} as const;
/** Every input's action_id is `value`. */
export const MODAL_ACTION = 'value';

/** The form `/bug` opens. The channel to answer in travels in private_metadata. */
export function registerModal(tr: Translate, org: OrgConfig, meta: { channel: string }): ModalView {
  const teams = org.tribes.flatMap((t) => t.impactTeams.map((team) => option(`${team.name} (${t.name})`, team.key))).slice(0, 100);
  const plain = (text: string) => ({ type: 'plain_text' as const, text });
  const blocks: KnownBlock[] = [
    { type: 'input', block_id: MODAL_BLOCKS.key, label: plain(tr('bug.modal.key')), hint: plain(tr('bug.modal.keyHint')), element: { type: 'plain_text_input', action_id: MODAL_ACTION, max_length: 64 } },
    { type: 'input', block_id: MODAL_BLOCKS.title, label: plain(tr('bug.modal.titleLabel')), element: { type: 'plain_text_input', action_id: MODAL_ACTION, max_length: 500 } },
    {
      type: 'input',
      block_id: MODAL_BLOCKS.severity,
      label: plain(tr('bug.modal.severity')),
      element: {
        type: 'static_select',
        action_id: MODAL_ACTION,
        options: SEVERITIES.map((s) => option(tr(`bug.severity.${s}`), s)),
        initial_option: option(tr(`bug.severity.${org.bugs.defaultSeverity}`), org.bugs.defaultSeverity),
      },
    },
  ];
  if (teams.length > 0) {
    blocks.push({ type: 'input', block_id: MODAL_BLOCKS.team, optional: true, label: plain(tr('bug.modal.team')), element: { type: 'static_select', action_id: MODAL_ACTION, options: teams } });
  }
  blocks.push(
    { type: 'input', block_id: MODAL_BLOCKS.owner, optional: true, label: plain(tr('bug.modal.owner')), element: { type: 'users_select', action_id: MODAL_ACTION } },
    {
      type: 'input',
      block_id: MODAL_BLOCKS.qualified,
      optional: true,
      label: plain(tr('bug.modal.qualified')),
      hint: plain(tr('bug.modal.qualifiedHint', { zone: org.organisation.timezone })),
      element: { type: 'datepicker', action_id: MODAL_ACTION },
    },
    { type: 'input', block_id: MODAL_BLOCKS.url, optional: true, label: plain(tr('bug.modal.url')), element: { type: 'url_text_input', action_id: MODAL_ACTION } },
  );
  return {
    type: 'modal',
    callback_id: REGISTER_CALLBACK,
    title: plain(truncate(tr('bug.modal.title'), 24)),
    submit: plain(truncate(tr('bug.modal.submit'), 24)),
    close: plain(truncate(tr('bug.modal.close'), 24)),
    private_metadata: JSON.stringify(meta),
    blocks,
  };
}
