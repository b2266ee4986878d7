import type { KnownBlock } from '@slack/types';
import type { Language } from '../config/org.js';
import type { Translate } from '../i18n/index.js';
import { escapeText } from '../slack/text.js';

export const ACTION_PAIRING_DONE = 'pairing_done';
export const ACTION_PAIRING_SKIP = 'pairing_skip';
export const ACTION_PAIRING_INSIGHT = 'pairing_insight';

export interface Message {
  text: string;
  blocks: KnownBlock[];
}

/** "2 hours", "90 minutes", "2 heures": Intl does the plural. */
export function sessionLength(minutes: number, lang: Language): string {
  const whole = minutes % 60 === 0;
  return new Intl.NumberFormat(lang, { style: 'unit', unit: whole ? 'hour' : 'minute', unitDisplay: 'long' }).format(whole ? minutes / 60 : minutes);
}

/** The group DM's introduction; `status` replaces Done / Skip once marked. */
export function introMessage(
  tr: Translate,
  lang: Language,
  p: { pairId: number; pm: string; csm: string; ritual: string; minutes: number; status?: { kind: 'done' | 'skipped'; by: string } },
): Message {
  const text = tr('pairing.intro', { pm: p.pm, csm: p.csm, ritual: escapeText(p.ritual), hours: sessionLength(p.minutes, lang) });
  const value = String(p.pairId);
  const insight = { type: 'button' as const, action_id: ACTION_PAIRING_INSIGHT, value, text: { type: 'plain_text' as const, text: tr('pairing.button.insight') } };
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }, { type: 'context', elements: [{ type: 'mrkdwn', text: tr('pairing.introLog') }] }];
  if (p.status) {
    blocks.push(
      { type: 'section', text: { type: 'mrkdwn', text: tr(p.status.kind === 'done' ? 'pairing.status.done' : 'pairing.status.skipped', { user: p.status.by }) } },
      { type: 'actions', elements: [insight] },
    );
  } else {
    blocks.push({
      type: 'actions',
      elements: [
        { type: 'button', style: 'primary', action_id: ACTION_PAIRING_DONE, value, text: { type: 'plain_text', text: tr('pairing.button.done') } },
        { type: 'button', action_id: ACTION_PAIRING_SKIP, value, text: { type: 'plain_text', text: tr('pairing.button.skip') } },
        insight,
      ],
    });
  }
  return { text, blocks };
}
