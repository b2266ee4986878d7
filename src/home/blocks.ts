import type { Button, HomeView, KnownBlock } from '@slack/types';
import { DateTime } from 'luxon';
import type { Language, OrgConfig } from '../config/org.js';
import { bugRisk } from '../bugs/index.js';
import { QUICK_ACTIONS, quickActions, type QuickAction } from '../core/blocks.js';
import type { Translate } from '../i18n/index.js';
import { dateToken, deadlineShown } from '../i18n/dates.js';
import { ACTION_INSIGHT_DETAILS } from '../insights/index.js';
import type { MyInsight } from '../notifications/index.js';
import { ACTION_OPPORTUNITY_DETAILS, isStatus, statusLabel } from '../opportunities/index.js';
import type { Status } from '../opportunities/index.js';
import type { UpcomingOccurrence } from '../rituals/index.js';
import { escapeMrkdwn, escapeText, truncate } from '../slack/text.js';
import type { HomeBug, HomeOpportunity, HomeSlot, HomeTriage } from './queries.js';

export const ACTION_HOME_LOG_INSIGHT = QUICK_ACTIONS.logInsight;
export const ACTION_HOME_REGISTER_BUG = QUICK_ACTIONS.registerBug;
export const ACTION_HOME_PITCH = QUICK_ACTIONS.pitch;
/** "Mark PAY-1 resolved" on a row of My bugs: answered by the Home (it redraws the tab). */
export const ACTION_HOME_RESOLVE_BUG = 'home_resolve_bug';
/** Items listed per section; the rest is counted ("…and N more"), so the tab stays far under 100 blocks. */
export const HOME_LIST_LIMIT = 8;

/** What applies to this person (docs/decisions/0032): a section that does not apply is not drawn. */
export interface HomeRoles {
  /** A product person (src/core/roles.ts): pitching, opportunities and agenda slots apply. */
  product: boolean;
  admin: boolean;
}

export interface HomeData {
  userId: string;
  now: Date;
  zone: string;
  lang: Language;
  dueSoonHours: number;
  roles: HomeRoles;
  triage: HomeTriage;
  bugs: { total: number; bugs: HomeBug[] };
  opportunities: { total: number; items: HomeOpportunity[] };
  mine: { total: number; linked: number; items: readonly MyInsight[]; reported: ReadonlySet<number> };
  slots: HomeSlot[];
  /** The next alignment meeting and its configured name, when one is configured. */
  nextMeeting: { at: Date; name: string } | undefined;
  rituals: UpcomingOccurrence[];
  /** The admin checklist's problem lines (admins only; undefined for others). */
  checklist?: readonly string[] | undefined;
}

/** Relative ("Today, 14:00") where no article precedes the date; absolute after "due on" / "échéance le" (src/i18n/dates.ts). */
function slackDate(at: Date, zone: string, lang: Language, relative = true): string {
  return dateToken(at, { lang, zone }, 'shortDateTime', { relative });
}

const mrkdwn = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });

/** One row: its text and the one thing to do with it, the button named after its object ("Details #13"). */
function row(text: string, button?: Button): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(`• ${text}`, 3000) }, ...(button ? { accessory: button } : {}) };
}

function button(actionId: string, label: string, value: string): Button {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text: truncate(label, 75) }, value };
}

function more(tr: Translate, shown: number, total: number): KnownBlock[] {
  return total > shown ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: tr('home.more', { count: total - shown }) }] }] : [];
}

function insightState(tr: Translate, i: MyInsight): string {
  const o = i.opportunity;
  if (o && o.status === 'shipped') return tr('loop.home.state.shipped', { id: o.id });
  if (o) return tr('loop.home.state.linked', { id: o.id, status: isStatus(o.status) ? statusLabel(tr, o.status) : o.status });
  return tr(i.status === 'new' ? 'loop.home.state.new' : i.status === 'triaged' ? 'loop.home.state.triaged' : 'loop.home.state.archived');
}

/**
 * The personal App Home: pure, built from query results. Role-aware
 * (decision 0032): the checklist for admins, the triage queue for triagers,
 * opportunities and slots for product people or whoever has some, bugs only
 * when some are assigned; every row carries its action.
 */
export function homeView(tr: Translate, org: OrgConfig, d: HomeData): HomeView {
  const quick: QuickAction[] = d.roles.product ? ['logInsight', 'pitch', 'registerBug'] : ['logInsight', 'registerBug'];
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: tr('home.title') } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: tr('home.intro', { user: d.userId }) }] },
    quickActions(tr, 'home_actions', quick),
  ];

  // Admins: what is missing in the setup.
  if (d.roles.admin && d.checklist) {
    blocks.push({ type: 'divider' }, mrkdwn(`${tr('home.check.heading')}\n${d.checklist.length ? d.checklist.join('\n') : tr('home.check.ok')}`));
  }

  // Triagers: insights waiting for their triage.
  if (d.triage.scopes.length > 0) {
    const names = d.triage.scopes.map((s) => (s === null ? tr('home.inbox') : (org.tribes.find((t) => t.key === s)?.name ?? s)));
    blocks.push({ type: 'divider' }, mrkdwn(tr('home.triage.heading', { count: d.triage.count, scopes: names.join(', ') })));
    if (d.triage.count === 0) blocks.push(mrkdwn(tr('home.triage.none')));
    for (const i of d.triage.oldest) {
      const text = tr('home.triage.item', {
        id: i.id,
        age: tr('home.daysOld', { days: Math.max(0, Math.floor((d.now.getTime() - Date.parse(i.created_at)) / 86_400_000)) }),
        text: truncate(escapeMrkdwn(i.text.replace(/\s+/g, ' ')), 140),
      });
      blocks.push(row(text, button(ACTION_INSIGHT_DETAILS, tr('home.triage.button', { id: i.id }), String(i.id))));
    }
    blocks.push(...more(tr, d.triage.oldest.length, d.triage.count));
  }

  // Everyone: what became of my insights.
  const heading =
    d.mine.linked > 0
      ? tr('home.mine.headingLinked', { count: d.mine.total, linked: d.mine.linked })
      : tr('home.mine.heading', { count: d.mine.total });
  blocks.push({ type: 'divider' }, mrkdwn(heading));
  if (d.mine.items.length === 0) blocks.push(mrkdwn(tr('home.mine.none')));
  for (const i of d.mine.items) {
    const text = tr('loop.home.item', {
      id: i.id,
      customer: i.customer ? `${truncate(escapeText(i.customer), 40)} · ` : '',
      text: truncate(escapeMrkdwn(i.text.replace(/\s+/g, ' ')), 100),
      state: insightState(tr, i),
    });
    // Only what the viewer may open: their own insight's form, else the opportunity it supports.
    const action = d.mine.reported.has(i.id)
      ? button(ACTION_INSIGHT_DETAILS, tr('home.mine.details', { id: i.id }), String(i.id))
      : i.opportunity
        ? button(ACTION_OPPORTUNITY_DETAILS, tr('home.opps.details', { id: i.opportunity.id }), String(i.opportunity.id))
        : undefined;
    blocks.push(row(text, action));
  }
  blocks.push(...more(tr, d.mine.items.length, d.mine.total));

  // Product people, or anyone who owns one: my opportunities.
  if (d.roles.product || d.opportunities.total > 0) {
    const meeting = d.nextMeeting ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: tr('home.opps.nextMeeting', { meeting: escapeText(d.nextMeeting.name), when: slackDate(d.nextMeeting.at, d.zone, d.lang) }) }] } satisfies KnownBlock] : [];
    blocks.push({ type: 'divider' }, mrkdwn(tr('home.opps.heading', { count: d.opportunities.total })));
    if (d.opportunities.items.length === 0) blocks.push(mrkdwn(tr('home.opps.none')));
    for (const o of d.opportunities.items) {
      const text = tr('home.opps.item', { id: o.id, title: truncate(escapeText(o.title), 120), status: statusLabel(tr, o.status as Status) });
      blocks.push(row(text, button(ACTION_OPPORTUNITY_DETAILS, tr('home.opps.details', { id: o.id }), String(o.id))));
    }
    blocks.push(...more(tr, d.opportunities.items.length, d.opportunities.total), ...meeting);
  }

  // Product people, or anyone signed up: my agenda slots.
  if (d.roles.product || d.slots.length > 0) {
    const slotItems = d.slots.map((slot) => {
      const meeting = org.rituals.find((r) => r.key === slot.ritual_key)?.name ?? slot.ritual_key;
      const date = slackDate(DateTime.fromISO(slot.occurrence_key, { zone: d.zone }).toJSDate(), d.zone, d.lang);
      const state = [tr(slot.status === 'slotted' ? 'home.slots.slotted' : 'home.slots.waitlisted')];
      if (slot.approval) state.push(tr(slot.approval === 'approved' ? 'home.slots.approved' : 'home.slots.declined'));
      return `• ${tr('home.slots.item', { meeting, date, title: truncate(escapeText(slot.title), 120), state: state.join(', ') })}`;
    });
    blocks.push({ type: 'divider' }, mrkdwn(`${tr('home.slots.heading')}\n${slotItems.length ? slotItems.join('\n') : tr('home.slots.none')}`));
  }

  // Only when some are assigned: my bugs, each with Mark resolved (an owner may always resolve their bug).
  if (d.bugs.total > 0) {
    blocks.push({ type: 'divider' }, mrkdwn(tr('home.bugs.heading', { count: d.bugs.total })));
    for (const b of d.bugs.bugs) {
      const deadline = new Date(b.deadline);
      const risk = bugRisk(deadline, d.now, null, d.dueSoonHours);
      const text = tr('home.bugs.item', {
        risk: tr(risk === 'breached' ? 'home.bugs.risk.breached' : risk === 'due_soon' ? 'home.bugs.risk.due_soon' : 'home.bugs.risk.ok'),
        bug: b.url ? `<${b.url}|${b.key}>` : `\`${b.key}\``,
        title: truncate(escapeText(b.title), 120),
        deadline: slackDate(deadlineShown(deadline, d.zone), d.zone, d.lang, false),
      });
      blocks.push(row(text, button(ACTION_HOME_RESOLVE_BUG, tr('home.bugs.resolve', { key: b.key }), b.key)));
    }
    blocks.push(...more(tr, d.bugs.bugs.length, d.bugs.total));
  }

  // Next rituals (when any is configured).
  if (d.rituals.length > 0) {
    const items = d.rituals.map((r) => `• ${tr('home.rituals.item', { when: slackDate(r.occurrence.start, d.zone, d.lang), name: r.ritual.name })}`);
    blocks.push({ type: 'divider' }, mrkdwn(`${tr('home.rituals.heading')}\n${items.join('\n')}`));
  }

  return { type: 'home', blocks };
}
