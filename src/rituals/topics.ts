import type { KnownBlock } from '@slack/types';
import { DateTime } from 'luxon';
import type { AppContext } from '../context.js';
import type { OutboxMessage } from '../delivery/outbox.js';
import { translator, type Translate } from '../i18n/index.js';
import { escapeTextCapped } from '../slack/cap.js';
import { occurrenceRef, slackDate, TOPIC_MAX, type Message } from './blocks.js';
import type { ScheduledStep } from './calendar.js';
import type { RitualConfig } from './config.js';

/*
 * Topics proposed for a ritual (the Product Weekly's "Propose a topic",
 * stored in ritual_topics) are shown, not only stored (issue 14 item 15):
 *  Rule 1. every reminder of the occurrence lists them, with their speakers
 *          and who proposed them (oldest first, at most TOPICS_SHOWN, the rest counted);
 *  Rule 2. the organisers get them by DM the day before, with the first
 *          reminder that falls on an earlier local day than the meeting; the
 *          outbox key is per occurrence and organiser, so a second day-before
 *          reminder, a re-run or a restart never sends it twice;
 *  Rule 3. the organisers are the ritual's `organiser` when set, else the
 *          approvers, else the admins (docs/decisions/0031);
 *  Rule 4. only rituals that call for topics (a call_for_topics step) send
 *          the DM; it says so when nobody proposed anything, so the organiser
 *          can plan the meeting either way.
 */

export const TOPICS_SHOWN = 10;

export interface ProposedTopic {
  topic: string;
  speaker: string | null;
  proposedBy: string;
}

export function topicsOf(ctx: Pick<AppContext, 'db'>, ritualKey: string, occurrenceKey: string): ProposedTopic[] {
  return ctx.db
    .prepare<[string, string], ProposedTopic>(
      'SELECT topic, speaker, proposed_by AS proposedBy FROM ritual_topics WHERE ritual_key = ? AND occurrence_key = ? ORDER BY id',
    )
    .all(ritualKey, occurrenceKey);
}

export function organisersOf(org: AppContext['org'], ritual: Pick<RitualConfig, 'organiser'>): string[] {
  if (ritual.organiser) return [ritual.organiser];
  return org.approvers.length > 0 ? [...org.approvers] : [...org.admins];
}

const isUser = (id: string | null): id is string => id !== null && /^[UW][A-Z0-9]{2,}$/.test(id);

/** One line per topic: user text escaped (no pings, no links), people as mentions. */
export function topicLines(tr: Translate, topics: readonly ProposedTopic[]): string {
  const lines = topics.slice(0, TOPICS_SHOWN).map((t) => {
    const topic = escapeTextCapped(t.topic.replace(/\s+/g, ' ').trim(), TOPIC_MAX);
    return isUser(t.speaker)
      ? tr('ritual.topics.lineWithSpeaker', { topic, speaker: t.speaker, user: t.proposedBy })
      : tr('ritual.topics.line', { topic, user: t.proposedBy });
  });
  if (topics.length > TOPICS_SHOWN) lines.push(tr('ritual.topics.more', { count: topics.length - TOPICS_SHOWN }));
  return lines.join('\n');
}

/** The reminder's "Proposed topics" section (Rule 1); nothing when none were proposed. */
export function topicsBlocks(tr: Translate, topics: readonly ProposedTopic[]): KnownBlock[] {
  if (topics.length === 0) return [];
  return [{ type: 'section', text: { type: 'mrkdwn', text: `${tr('ritual.topics.listTitle', { count: topics.length })}\n${topicLines(tr, topics)}` } }];
}

export function organiserMessage(tr: Translate, p: { name: string; when: string; topics: readonly ProposedTopic[] }): Message {
  const name = escapeTextCapped(p.name, 80);
  if (p.topics.length === 0) {
    const text = tr('ritual.topics.organiserNone', { name, when: p.when });
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const text = tr('ritual.topics.organiser', { name, when: p.when, count: p.topics.length });
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }, { type: 'section', text: { type: 'mrkdwn', text: topicLines(tr, p.topics) } }] };
}

/** Rule 2: whether this reminder falls on an earlier local day than the meeting. */
export function isDayBefore(s: ScheduledStep, zone: string): boolean {
  const day = (d: Date) => DateTime.fromJSDate(d, { zone }).toISODate();
  return (day(s.at) ?? '') < (day(s.occurrence.start) ?? '');
}

/** The organisers' DMs that go with a day-before reminder (Rules 2-4). */
export function organiserDms(ctx: AppContext, s: ScheduledStep, topics: readonly ProposedTopic[]): OutboxMessage[] {
  const zone = ctx.org.organisation.timezone;
  if (!s.ritual.steps.some((step) => step.action === 'call_for_topics') || !isDayBefore(s, zone)) return [];
  const ref = occurrenceRef(s.ritual.key, s.occurrence.key);
  return organisersOf(ctx.org, s.ritual).map((user) => {
    const lang = ctx.languageOf(user);
    const tr = translator(lang);
    const m = organiserMessage(tr, { name: s.ritual.name, when: slackDate(s.occurrence.start, zone, lang), topics });
    return {
      dedupeKey: `ritual:${ref}:topics:${user}`,
      topic: `ritual:dm:${user}`,
      method: 'chat.postMessage',
      args: { channel: user, text: m.text, blocks: m.blocks, unfurl_links: false },
      expiresAt: s.occurrence.start,
    };
  });
}
