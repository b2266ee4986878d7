import type { HomeView, KnownBlock } from '@slack/types';
import { DateTime } from 'luxon';
import type { Language, OrgConfig } from '../config/org.js';
import { bugRisk } from '../bugs/index.js';
import type { Translate } from '../i18n/index.js';
import { escapeMrkdwn, escapeText, truncate } from '../slack/text.js';
import { dateToken, deadlineShown } from '../i18n/dates.js';
import type { UpcomingOccurrence } from '../rituals/index.js';
import { statusLabel } from '../opportunities/index.js';
import type { Status } from '../opportunities/index.js';
import type { HomeBug, HomeOpportunity, HomeSlot, HomeTriage } from './queries.js';

export const ACTION_HOME_LOG_INSIGHT = 'home_log_insight';
export const ACTION_HOME_REGISTER_BUG = 'home_register_bug';
export const ACTION_HOME_PITCH = 'home_pitch';
/** Items listed per section; the rest is counted ("…and N more"), so the tab stays far under 100 blocks. */
export const HOME_LIST_LIMIT = 8;

export interface HomeData {
  userId: string;
  now: Date;
  zone: string;
  lang: Language;
  dueSoonHours: number;
  triage: HomeTriage;
  bugs: { total: number; bugs: HomeBug[] };
  opportunities: { total: number; items: HomeOpportunity[] };
  slots: HomeSlot[];
  /** The next alignment meeting, when one is configured. */
  nextMeeting: Date | undefined;
  rituals: UpcomingOccurrence[];
}

/** Relative ("Today, 14:00") where no article precedes the date; absolute after "due on" / "échéance le" (src/i18n/dates.ts). */
function slackDate(at: Date, zone: string, lang: Language, relative = true): string {
  return dateToken(at, { lang, zone }, 'shortDateTime', { relative });
}

function lines(items: readonly string[], total: number, tr: Translate): string {
  const out = items.map((l) => `• ${l}`);
  if (total > items.length) out.push(tr('home.more', { count: total - items.length }));
  return out.join('\n');
}

/** The personal App Home: pure, built from query results. */
export function homeView(tr: Translate, org: OrgConfig, d: HomeData): HomeView {
  const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: tr('home.title') } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: tr('home.intro', { user: d.userId }) }] },
    {
      type: 'actions',
      block_id: 'home_actions',
      elements: [
        { type: 'button', action_id: ACTION_HOME_LOG_INSIGHT, text: { type: 'plain_text', text: tr('home.logInsight') }, style: 'primary' },
        { type: 'button', action_id: ACTION_HOME_PITCH, text: { type: 'plain_text', text: tr('home.pitch') } },
        { type: 'button', action_id: ACTION_HOME_REGISTER_BUG, text: { type: 'plain_text', text: tr('home.registerBug') } },
      ],
    },
    { type: 'divider' },
  ];

  // Insights to triage
  let triage: string;
  if (d.triage.scopes.length === 0) triage = tr('home.triage.notTriager');
  else if (d.triage.count === 0) triage = tr('home.triage.none');
  else {
    const names = d.triage.scopes.map((s) => (s === null ? tr('home.inbox') : (org.tribes.find((t) => t.key === s)?.name ?? s)));
    const items = d.triage.oldest.map((i) =>
      tr('home.triage.item', {
        id: i.id,
        age: tr('home.daysOld', { days: Math.max(0, Math.floor((d.now.getTime() - Date.parse(i.created_at)) / 86_400_000)) }),
        text: truncate(escapeMrkdwn(i.text.replace(/\s+/g, ' ')), 140),
      }),
    );
    triage = `${tr('home.triage.count', { count: d.triage.count, scopes: names.join(', ') })}\n${lines(items, d.triage.count, tr)}`;
  }
  blocks.push(section(`${tr('home.triage.heading')}\n${triage}`));

  // My opportunities
  const oppItems = d.opportunities.items.map((o) =>
    tr('home.opps.item', { id: o.id, title: truncate(escapeText(o.title), 120), status: statusLabel(tr, o.status as Status) }),
  );
  const meeting = d.nextMeeting ? `\n${tr('home.opps.nextMeeting', { when: slackDate(d.nextMeeting, d.zone, d.lang) })}` : '';
  blocks.push(section(`${tr('home.opps.heading')}\n${oppItems.length ? lines(oppItems, d.opportunities.total, tr) : tr('home.opps.none')}${meeting}`));

  // My agenda slots
  const slotItems = d.slots.map((slot) => {
    const meeting = org.rituals.find((r) => r.key === slot.ritual_key)?.name ?? slot.ritual_key;
    const date = slackDate(DateTime.fromISO(slot.occurrence_key, { zone: d.zone }).toJSDate(), d.zone, d.lang);
    const state = [tr(slot.status === 'slotted' ? 'home.slots.slotted' : 'home.slots.waitlisted')];
    if (slot.approval) state.push(tr(slot.approval === 'approved' ? 'home.slots.approved' : 'home.slots.declined'));
    return tr('home.slots.item', { meeting, date, title: truncate(escapeText(slot.title), 120), state: state.join(', ') });
  });
  blocks.push(section(`${tr('home.slots.heading')}\n${slotItems.length ? lines(slotItems, slotItems.length, tr) : tr('home.slots.none')}`));

  // My bugs
  const bugItems = d.bugs.bugs.map((b) => {
    const deadline = new Date(b.deadline);
    const risk = bugRisk(deadline, d.now, null, d.dueSoonHours);
    return tr('home.bugs.item', {
      risk: tr(risk === 'breached' ? 'home.bugs.risk.breached' : risk === 'due_soon' ? 'home.bugs.risk.due_soon' : 'home.bugs.risk.ok'),
      bug: b.url ? `<${b.url}|${b.key}>` : `\`${b.key}\``,
      title: truncate(escapeText(b.title), 120),
      deadline: slackDate(deadlineShown(deadline, d.zone), d.zone, d.lang, false),
    });
  });
  blocks.push(section(`${tr('home.bugs.heading')}\n${bugItems.length ? lines(bugItems, d.bugs.total, tr) : tr('home.bugs.none')}`));

  // Next rituals
  const ritualItems = d.rituals.map((r) => tr('home.rituals.item', { when: slackDate(r.occurrence.start, d.zone, d.lang), name: r.ritual.name }));
  blocks.push(section(`${tr('home.rituals.heading')}\n${ritualItems.length ? lines(ritualItems, ritualItems.length, tr) : tr('home.rituals.none')}`));

  return { type: 'home', blocks };
}
