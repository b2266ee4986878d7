import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { Translate } from '../i18n/index.js';

/**
 * The three things anyone can start from anywhere: the App Home's buttons, the
 * help's and the welcome DM's. Core names the action ids; src/home answers them
 * (and the matching global ⚡ shortcuts), so core never imports a feature.
 */
export const QUICK_ACTIONS = {
  logInsight: 'home_log_insight',
  pitch: 'home_pitch',
  registerBug: 'home_register_bug',
} as const;

/** The global (⚡) shortcuts' callback ids, as declared in manifest.yml. */
export const GLOBAL_SHORTCUTS = {
  logInsight: 'global_log_insight',
  pitch: 'global_pitch',
  registerBug: 'global_register_bug',
} as const;

export type QuickAction = keyof typeof QUICK_ACTIONS;

export function quickActionButton(tr: Translate, which: QuickAction, primary = false): Button {
  const label = which === 'logInsight' ? tr('quick.logInsight') : which === 'pitch' ? tr('quick.pitch') : tr('quick.registerBug');
  return {
    type: 'button',
    action_id: QUICK_ACTIONS[which],
    text: { type: 'plain_text', text: label },
    value: which,
    ...(primary ? { style: 'primary' as const } : {}),
  };
}

export function quickActions(tr: Translate, blockId: string, which: readonly QuickAction[]): ActionsBlock {
  return { type: 'actions', block_id: blockId, elements: which.map((w, i) => quickActionButton(tr, w, i === 0)) };
}

export interface HelpInfo {
  version: string;
  org: string;
  frenchForms?: string;
  /** The alignment meeting's configured name; absent when none is configured. */
  meeting?: string | undefined;
  /** Product people also see pitching, the agenda and the roadmap. */
  product?: boolean;
  admin?: boolean;
}

/** The `/cadence help` answer: sections per role, each with its buttons; pure, so it can be checked against Block Kit limits. */
export function helpMessage(tr: Translate, info: HelpInfo): { text: string; blocks: KnownBlock[] } {
  const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
  const agenda = info.meeting ? tr('help.agenda', { meeting: info.meeting }) : tr('help.agendaNoMeeting');
  const everyone = [tr('help.insight'), tr('help.bug'), tr('help.shortcut')];
  const product = [tr('help.pitch'), agenda, tr('roadmap.help')];
  const more = [tr('help.cadence'), tr('loop.help'), tr('calfeed.help'), tr('pairing.help')];
  const admin = [tr('help.admin')];
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: tr('help.title') } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: tr('help.intro') }] },
    section(`${tr('help.section.everyone')}\n${everyone.join('\n')}`),
    quickActions(tr, 'help_everyone', ['logInsight', 'registerBug']),
  ];
  const text = [tr('help.title'), tr('help.section.everyone'), ...everyone];
  if (info.product) {
    blocks.push({ type: 'divider' }, section(`${tr('help.section.product')}\n${product.join('\n')}`), quickActions(tr, 'help_product', ['pitch']));
    text.push(tr('help.section.product'), ...product);
  }
  blocks.push({ type: 'divider' }, section(`${tr('help.section.more')}\n${more.join('\n')}`));
  text.push(tr('help.section.more'), ...more);
  if (info.admin) {
    blocks.push(section(`${tr('help.section.admin')}\n${admin.join('\n')}`));
    text.push(tr('help.section.admin'), ...admin);
  }
  // For French speakers: the French words `/cadence` also takes (decision 0030).
  if (info.frenchForms) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: info.frenchForms }] });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: tr('help.footer', { version: info.version, org: info.org }) }] });
  return { text: text.join('\n'), blocks };
}
