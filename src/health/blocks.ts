import type { KnownBlock, View } from '@slack/types';
import type { Language, OrgConfig } from '../config/org.js';
import type { MessageKey, Translate } from '../i18n/index.js';
import { escapeText, truncate } from '../slack/text.js';
import { DEFAULT_DIMENSIONS, dimensionKeyOf, type DefaultDimension } from './config.js';
import { changeOf, COLORS, TRENDS, type Distribution } from './model.js';

/* Pure Block Kit builders for the health check: the DM, the survey form, the results grid. */

export const ACTION_HEALTH_ANSWER = 'health_answer';
export const VIEW_HEALTH_SURVEY = 'health_survey';
export const COMMENT_MAX = 300;
const COMMENTS_SHOWN = 10;

export interface Message {
  text: string;
  blocks: KnownBlock[];
}

const isDefault = (key: string): key is DefaultDimension => (DEFAULT_DIMENSIONS as readonly string[]).includes(key);

/** A dimension's label in a language: the catalogue's for the defaults, the config's otherwise (the key if it left the config). */
export function dimensionLabel(org: OrgConfig, key: string, lang: Language, tr: Translate): string {
  const custom = org.healthCheck.dimensions.find((d) => typeof d !== 'string' && d.key === key);
  if (custom && typeof custom !== 'string') return lang === 'fr' ? (custom.nameFr ?? custom.name) : custom.name;
  if (isDefault(key)) return tr(`health.dim.${key}` as MessageKey);
  return key;
}

export function configuredDimensions(org: OrgConfig): string[] {
  return org.healthCheck.dimensions.map(dimensionKeyOf);
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

export function askMessage(tr: Translate, p: { ritual: string; unit: string; count: number; min: number; surveyId: number }): Message {
  const text = tr('health.ask.text', { ritual: escapeText(p.ritual), unit: escapeText(p.unit), count: p.count, min: p.min });
  return {
    text,
    blocks: [
      section(text),
      { type: 'actions', elements: [{ type: 'button', style: 'primary', action_id: ACTION_HEALTH_ANSWER, value: String(p.surveyId), text: { type: 'plain_text', text: tr('health.ask.button') } }] },
    ],
  };
}

export function remindMessage(tr: Translate, p: { unit: string; surveyId: number }): Message {
  const text = tr('health.remind.text', { unit: escapeText(p.unit) });
  return {
    text,
    blocks: [
      section(text),
      { type: 'actions', elements: [{ type: 'button', style: 'primary', action_id: ACTION_HEALTH_ANSWER, value: String(p.surveyId), text: { type: 'plain_text', text: tr('health.ask.button') } }] },
    ],
  };
}

/** Block ids: `c:<dim>`, `t:<dim>`, `m:<dim>` (colour, trend, comment); each input's action_id is 'v'. */
export function surveyModal(tr: Translate, p: { surveyId: number; unit: string; min: number; dimensions: { key: string; label: string }[] }): View {
  const blocks: KnownBlock[] = [section(tr('health.modal.intro', { unit: escapeText(p.unit), min: p.min }))];
  for (const d of p.dimensions) {
    blocks.push(
      { type: 'divider' },
      {
        type: 'input',
        block_id: `c:${d.key}`,
        label: { type: 'plain_text', text: truncate(d.label, 150) },
        element: { type: 'radio_buttons', action_id: 'v', options: COLORS.map((c) => ({ value: c, text: { type: 'plain_text', text: tr(`health.color.${c}`) } })) },
      },
      {
        type: 'input',
        block_id: `t:${d.key}`,
        label: { type: 'plain_text', text: tr('health.modal.trend') },
        element: { type: 'radio_buttons', action_id: 'v', options: TRENDS.map((t) => ({ value: t, text: { type: 'plain_text', text: tr(`health.trend.${t}`) } })) },
      },
      {
        type: 'input',
        block_id: `m:${d.key}`,
        optional: true,
        label: { type: 'plain_text', text: tr('health.modal.comment') },
        element: { type: 'plain_text_input', action_id: 'v', max_length: COMMENT_MAX },
      },
    );
  }
  return {
    type: 'modal',
    callback_id: VIEW_HEALTH_SURVEY,
    private_metadata: String(p.surveyId),
    title: { type: 'plain_text', text: tr('health.modal.title') },
    submit: { type: 'plain_text', text: tr('health.modal.submit') },
    close: { type: 'plain_text', text: tr('health.modal.close') },
    blocks,
  };
}

export function thanksModal(tr: Translate, text: string): View {
  return { type: 'modal', title: { type: 'plain_text', text: tr('health.modal.thanksTitle') }, close: { type: 'plain_text', text: tr('health.modal.ok') }, blocks: [section(text)] };
}

export function changeLabel(tr: Translate, now: Distribution, before: Distribution | undefined): string {
  return tr(`health.change.${changeOf(now, before)}`);
}

/** The results grid posted at close: one line per dimension, the change since the last check, unattributed comments. */
export function resultsMessage(
  tr: Translate,
  p: {
    unit: string;
    answers: number;
    invited: number;
    min: number;
    shown: boolean;
    rows: { label: string; now: Distribution; before: Distribution | undefined }[];
    comments: readonly string[];
  },
): Message {
  if (!p.shown) {
    const text = tr('health.result.tooFew', { unit: escapeText(p.unit), answers: p.answers, invited: p.invited, min: p.min });
    return { text, blocks: [section(text)] };
  }
  const title = tr('health.result.title', { unit: escapeText(p.unit), answers: p.answers, invited: p.invited });
  const lines = p.rows.map((r) =>
    tr('health.result.line', {
      dimension: escapeText(r.label),
      green: r.now.green,
      amber: r.now.amber,
      red: r.now.red,
      change: changeLabel(tr, r.now, r.before),
      trend: tr('health.result.trend', { better: r.now.better, same: r.now.same, worse: r.now.worse }),
    }),
  );
  const blocks: KnownBlock[] = [section(title), section(truncate(lines.join('\n'), 3000))];
  if (p.comments.length) {
    const shown = p.comments.slice(0, COMMENTS_SHOWN).map((c) => `• ${truncate(escapeText(c.replace(/\s+/g, ' ').trim()), 280)}`);
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(`${tr('health.result.comments')}\n${shown.join('\n')}`, 3000) }] });
  }
  return { text: title, blocks };
}
