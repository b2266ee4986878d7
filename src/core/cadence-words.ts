import type { Language } from '../config/org.js';
import type { CadenceSubcommand } from '../context.js';
import type { Translate } from '../i18n/index.js';
import { canonical, closest, frenchForms, normalised, type AliasTable } from './aliases.js';
import { clearUserLanguage, setUserLanguage } from './settings.js';

/**
 * `/cadence` subcommands as French speakers type them (decision 0030). The
 * keys are the names features register (`cadenceSubcommands`); an alias of a
 * subcommand no feature registered is answered like any unknown word.
 */
export const CADENCE_WORDS: AliasTable<'help' | 'language' | 'digest' | 'skip' | 'calendar' | 'notify' | 'pairing' | 'check'> = {
  help: ['aide'],
  language: ['langue'],
  digest: ['récap', 'résumé'],
  skip: ['sauter'],
  calendar: ['calendrier'],
  notify: ['notifications', 'notifier'],
  pairing: ['binômes', 'binôme'],
  check: ['vérifier', 'vérification'],
};

/** `/cadence langue français`: the language words people type, and `auto` (back to the Slack locale). */
export const LANGUAGE_WORDS: AliasTable<Language | 'auto'> = {
  en: ['english', 'anglais'],
  fr: ['french', 'français'],
  auto: ['automatique', 'slack'],
};

/** The subcommand a word stands for: `aide` → `help`; unknown words are returned as typed (lower-cased). */
export function cadenceSubcommandOf(sub: string): string {
  return normalised(CADENCE_WORDS, sub);
}

export function parseLanguageChoice(text: string): Language | 'auto' | undefined {
  return canonical(LANGUAGE_WORDS, text.trim());
}

/** The line `/cadence aide` adds for French speakers. */
export function cadenceFormsLine(tr: Translate): string {
  return tr('lang.forms', { forms: `${frenchForms(CADENCE_WORDS)}\u202f; \`/cadence langue fr|en|auto\`` });
}

/** `/cadence language en|fr|auto` (and `langue français`…): an explicit choice, or back to the Slack locale. */
export const languageSubcommand: CadenceSubcommand = async ({ ack, command }, rest, ctx) => {
  const wanted = parseLanguageChoice(rest);
  const now = ctx.clock.now();
  if (wanted === undefined) {
    await ack({ response_type: 'ephemeral', text: ctx.tr(command.user_id)('lang.language.usage', { given: rest.slice(0, 40) || ' ' }) });
    return;
  }
  if (wanted === 'auto') {
    clearUserLanguage(ctx.db, command.user_id, now);
    await ack({ response_type: 'ephemeral', text: ctx.tr(command.user_id)('lang.language.auto') });
    return;
  }
  setUserLanguage(ctx.db, command.user_id, wanted, now);
  await ack({ response_type: 'ephemeral', text: ctx.tr(command.user_id)('language.set') });
};

/** The answer to an unknown `/cadence` word: the closest subcommand (in any language) when one is close, else how to get help. */
export function unknownCadenceAnswer(tr: Translate, sub: string, registered: readonly string[]): string {
  const forms = registered.flatMap((name) => [name, ...((CADENCE_WORDS as Record<string, readonly string[]>)[name] ?? [])]);
  const suggestion = closest(sub, forms);
  return suggestion ? tr('lang.cadence.unknownClose', { sub, suggestion }) : tr('cadence.unknown', { sub });
}
