import type { Button, KnownBlock, View } from '@slack/types';
import type { Language } from '../config/org.js';
import type { Translate } from '../i18n/index.js';
import type { RitualConfig } from './config.js';
import { dateToken } from '../i18n/dates.js';

/*
 * Pure Block Kit builders for ritual messages. Each returns `text` (the
 * notification and accessibility fallback) with its blocks.
 */

export const ACTION_PROPOSE_TOPIC = 'ritual_propose_topic';
export const ACTION_VOLUNTEER = 'ritual_volunteer';
export const ACTION_BREAKFAST_INSIGHT = 'ritual_breakfast_insight';
export const VIEW_PROPOSE_TOPIC = 'ritual_topic_modal';
export const TOPIC_MAX = 200;

export interface Message {
  text: string;
  blocks: KnownBlock[];
}

/** Identifies an occurrence in button values and private_metadata: '<ritual>|<occurrence key>'. */
export function occurrenceRef(ritualKey: string, occurrenceKey: string): string {
  return `${ritualKey}|${occurrenceKey}`;
}

export function parseOccurrenceRef(value: string): { ritualKey: string; occurrenceKey: string } | undefined {
  const m = /^([a-z0-9][a-z0-9-]{0,39})\|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})$/.exec(value);
  return m?.[1] && m[2] ? { ritualKey: m[1], occurrenceKey: m[2] } : undefined;
}

/**
 * A date every reader sees in their own time zone (Slack's date token), with a
 * fallback in the organisation's zone for clients that cannot render it.
 */
export function slackDate(at: Date, zone: string, lang: Language): string {
  // Absolute ("le mardi 1 décembre 2026 à 9 h"): the catalogues write "le {when}", "on {when}" (src/i18n/dates.ts).
  return dateToken(at, { lang, zone }, 'dateTime');
}

/** Buttons a reminder may carry (issue 16): the ritual's calendar feed and its video call. */
export interface ReminderLinks {
  calendarUrl?: string;
  videoUrl?: string;
}
export const ACTION_ADD_TO_CALENDAR = 'ritual_add_to_calendar';
export const ACTION_JOIN = 'ritual_join';

export function reminderMessage(
  tr: Translate,
  p: { ritual: RitualConfig; start: Date; at: Date; when: string; ref: string; links?: ReminderLinks },
): Message {
  const minutes = Math.round((p.start.getTime() - p.at.getTime()) / 60_000);
  const text =
    minutes >= 0 && minutes <= 60
      ? tr('ritual.remind.soon', { name: p.ritual.name, minutes, when: p.when })
      : tr('ritual.remind.later', { name: p.ritual.name, when: p.when });
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (p.ritual.kind === 'breakfast') {
    blocks.push(
      { type: 'context', elements: [{ type: 'mrkdwn', text: tr('ritual.remind.breakfastInvite') }] },
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: ACTION_BREAKFAST_INSIGHT, value: p.ref, text: { type: 'plain_text', text: tr('ritual.remind.breakfastButton') } }],
      },
    );
  }
  const links: Button[] = [];
  if (p.links?.calendarUrl) links.push({ type: 'button', action_id: ACTION_ADD_TO_CALENDAR, url: p.links.calendarUrl, text: { type: 'plain_text', text: tr('calfeed.button.add') } });
  if (p.links?.videoUrl) links.push({ type: 'button', action_id: ACTION_JOIN, url: p.links.videoUrl, style: 'primary', text: { type: 'plain_text', text: tr('calfeed.button.join') } });
  if (links.length) blocks.push({ type: 'actions', elements: links });
  return { text, blocks };
}

export function topicsCallMessage(tr: Translate, p: { ritual: RitualConfig; when: string; ref: string }): Message {
  const text = tr('ritual.topics.call', { name: p.ritual.name, when: p.when });
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'actions',
        elements: [{ type: 'button', style: 'primary', action_id: ACTION_PROPOSE_TOPIC, value: p.ref, text: { type: 'plain_text', text: tr('ritual.topics.button') } }],
      },
    ],
  };
}

export function volunteersCallMessage(tr: Translate, p: { ritual: RitualConfig; need: number; volunteers: readonly string[]; ref: string }): Message {
  const people = p.volunteers.map((u) => `<@${u}>`).join(', ');
  const complete = p.volunteers.length >= p.need;
  if (complete) {
    const text = tr('ritual.volunteers.complete', { name: p.ritual.name, need: p.need, people });
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const text = tr('ritual.volunteers.call', { name: p.ritual.name, need: p.need });
  const progress = p.volunteers.length
    ? tr('ritual.volunteers.progress', { have: p.volunteers.length, need: p.need, people })
    : tr('ritual.volunteers.none', { have: 0, need: p.need });
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: progress }] },
      {
        type: 'actions',
        elements: [{ type: 'button', style: 'primary', action_id: ACTION_VOLUNTEER, value: p.ref, text: { type: 'plain_text', text: tr('ritual.volunteers.button') } }],
      },
    ],
  };
}

/** The Product Weekly "propose a topic" modal; private_metadata carries the occurrence and the call message. */
export function topicModal(tr: Translate, p: { ref: string; channel: string; messageTs: string }): View {
  return {
    type: 'modal',
    callback_id: VIEW_PROPOSE_TOPIC,
    private_metadata: JSON.stringify(p),
    title: { type: 'plain_text', text: tr('ritual.topics.modalTitle') },
    submit: { type: 'plain_text', text: tr('ritual.topics.submit') },
    close: { type: 'plain_text', text: tr('ritual.topics.cancel') },
    blocks: [
      {
        type: 'input',
        block_id: 'topic',
        label: { type: 'plain_text', text: tr('ritual.topics.topicLabel') },
        hint: { type: 'plain_text', text: tr('ritual.topics.topicHint') },
        element: { type: 'plain_text_input', action_id: 'value', max_length: TOPIC_MAX },
      },
      {
        type: 'input',
        block_id: 'speaker',
        optional: true,
        label: { type: 'plain_text', text: tr('ritual.topics.speakerLabel') },
        element: { type: 'users_select', action_id: 'value' },
      },
    ],
  };
}
