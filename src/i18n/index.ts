import type { Language } from '../config/org.js';
import { ritualMessages } from '../rituals/messages.js';
import { insightMessages } from '../insights/messages.js';
import { bugMessages } from '../bugs/messages.js';
import { digestMessages } from '../digests/messages.js';
import { homeMessages } from '../home/messages.js';
import { opportunityMessages } from '../opportunities/messages.js';
import { agendaMessages } from '../agenda/messages.js';
import { notificationMessages } from '../notifications/messages.js';
import { roadmapMessages } from '../roadmap/messages.js';
import { calendarFeedMessages } from '../calendar-feeds/messages.js';
import { healthMessages } from '../health/messages.js';
import { pairingMessages } from '../pairing/messages.js';
import { coreMessages } from './core.js';
import { speakingMessages } from './speaking.js';
import type { MessageCatalogue } from './define.js';
import { formatMessage, type MessageParams } from './format.js';

export { defineMessages } from './define.js';
export type { MessageCatalogue } from './define.js';

/*
 * Every feature's catalogue is listed here once. Keys are namespaced by
 * feature ("insight.logged", "bug.breached") so catalogues never collide.
 */
export const catalogues = {
  core: coreMessages,
  rituals: ritualMessages,
  insights: insightMessages,
  bugs: bugMessages,
  digests: digestMessages,
  home: homeMessages,
  opportunities: opportunityMessages,
  agenda: agendaMessages,
  notifications: notificationMessages,
  roadmap: roadmapMessages,
  calendarFeeds: calendarFeedMessages,
  health: healthMessages,
  pairing: pairingMessages,
  speaking: speakingMessages,
} as const;

type Catalogues = typeof catalogues;
type KeysOf<C> = C extends MessageCatalogue<infer K> ? K : never;
export type MessageKey = { [F in keyof Catalogues]: KeysOf<Catalogues[F]> }[keyof Catalogues];
export type { MessageParams } from './format.js';

function merge(lang: Language): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [feature, catalogue] of Object.entries(catalogues)) {
    for (const [key, text] of Object.entries(catalogue[lang])) {
      if (key in out) throw new Error(`i18n: key "${key}" of ${feature} is defined twice`);
      out[key] = text;
    }
  }
  return out;
}

const merged: Record<Language, Record<string, string>> = { en: merge('en'), fr: merge('fr') };

/** Replaces {name} placeholders and chooses {count, plural, …} forms (src/i18n/format.ts); a missing parameter stays visible. */
export function interpolate(template: string, params: MessageParams = {}, lang: Language = 'en'): string {
  return formatMessage(template, params, lang);
}

export function t(lang: Language, key: MessageKey, params?: MessageParams): string {
  const text = merged[lang][key] ?? merged.en[key];
  return text === undefined ? key : interpolate(text, params, merged[lang][key] === undefined ? 'en' : lang);
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function translator(lang: Language): Translate {
  return (key, params) => t(lang, key, params);
}

/** Exposed for the catalogue-parity test. */
export function catalogueKeys(lang: Language): string[] {
  return Object.keys(merged[lang]);
}
export function rawMessage(lang: Language, key: string): string | undefined {
  return merged[lang][key];
}
