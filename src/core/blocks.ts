import type { KnownBlock } from '@slack/types';
import type { Translate } from '../i18n/index.js';

/** The `/cadence help` answer: pure, so it can be checked against Block Kit limits in unit tests. */
export function helpMessage(tr: Translate, info: { version: string; org: string; frenchForms?: string }): { text: string; blocks: KnownBlock[] } {
  const lines = ['help.insight', 'help.pitch', 'help.bug', 'help.agenda', 'roadmap.help', 'help.cadence', 'loop.help', 'calfeed.help', 'pairing.help', 'help.shortcut'] as const;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: tr('help.title') } },
    { type: 'section', text: { type: 'mrkdwn', text: tr('help.intro') } },
    ...lines.map((key): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: tr(key) } })),
    // For French speakers: the French words `/cadence` also takes (decision 0030).
    ...(info.frenchForms ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: info.frenchForms }] } satisfies KnownBlock] : []),
    { type: 'context', elements: [{ type: 'mrkdwn', text: tr('help.footer', { version: info.version, org: info.org }) }] },
  ];
  const text = [tr('help.title'), ...lines.map((k) => tr(k))].join('\n');
  return { text, blocks };
}
