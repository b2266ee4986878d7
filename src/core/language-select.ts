import type { App, BlockStaticSelectAction } from '@slack/bolt';
import type { KnownBlock, PlainTextOption, StaticSelect } from '@slack/types';
import type { Language } from '../config/org.js';
import type { AppContext } from '../context.js';
import type { Translate } from '../i18n/index.js';
import { parseLanguageChoice } from './cadence-words.js';
import { chosenLanguage, clearUserLanguage, setUserLanguage } from './settings.js';

/*
 * The language select of the App Home (issue 14 item 3, decision 0030): the
 * same choice as `/cadence language en|fr|auto`. The Home (views layer) puts
 * `languageSelectBlocks` among its blocks and registers the handler with a
 * function that redraws the tab, so this file never imports upward.
 */

export const ACTION_LANGUAGE = 'cadence_language';
export const LANGUAGE_BLOCK = 'cadence_language';

type Choice = Language | 'auto';

function option(tr: Translate, choice: Choice): PlainTextOption {
  const label = choice === 'auto' ? tr('lang.home.auto') : choice === 'en' ? tr('lang.home.en') : tr('lang.home.fr');
  return { text: { type: 'plain_text', text: label }, value: choice };
}

/** One section: "Language — the language Cadence answers you in", with the select (the explicit choice, else "Same as my Slack"). */
export function languageSelectBlocks(tr: Translate, chosen: Language | null): KnownBlock[] {
  const select: StaticSelect = {
    type: 'static_select',
    action_id: ACTION_LANGUAGE,
    options: (['auto', 'fr', 'en'] as const).map((c) => option(tr, c)),
    initial_option: option(tr, chosen ?? 'auto'),
  };
  return [{ type: 'section', block_id: LANGUAGE_BLOCK, text: { type: 'mrkdwn', text: `*${tr('lang.home.label')}*\n${tr('lang.home.hint')}` }, accessory: select }];
}

/** The blocks for this person, from the store. */
export function languageSelectFor(ctx: Pick<AppContext, 'db' | 'tr'>, userId: string): KnownBlock[] {
  return languageSelectBlocks(ctx.tr(userId), chosenLanguage(ctx.db, userId));
}

/** Saves the choice, then lets the Home redraw itself (now in the chosen language). */
export function registerLanguageSelect(app: App, ctx: AppContext, redraw: (userId: string) => Promise<unknown>): void {
  app.action<BlockStaticSelectAction>(ACTION_LANGUAGE, async ({ ack, body, action }) => {
    await ack();
    const choice = parseLanguageChoice(action.selected_option.value);
    // A forged or stale value changes nothing.
    if (choice === undefined) return;
    const now = ctx.clock.now();
    if (choice === 'auto') clearUserLanguage(ctx.db, body.user.id, now);
    else setUserLanguage(ctx.db, body.user.id, choice, now);
    await redraw(body.user.id);
  });
}
