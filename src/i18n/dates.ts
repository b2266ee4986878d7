import { DateTime } from 'luxon';
import type { Language } from '../config/org.js';
import { slackDateToken } from '../slack/text.js';
import type { Translate } from './index.js';

/*
 * One way to write a date, for every feature (issue 14, item 5; docs/decisions/0028).
 *
 * - `dateToken` is what messages show: a `<!date>` token Slack renders in each
 *   reader's zone and language, whose fallback (old clients, notifications) is the
 *   same date written in the organisation's zone, naming that zone.
 * - `localDate` is for text that cannot hold a token (plain_text fields, modal
 *   errors, option labels): the organisation's zone, named whenever a time is shown.
 * - Relative words ("Today", "Tomorrow") only with `relative: true`, for places
 *   where no article or preposition comes before the date: Slack capitalises them,
 *   and "avant le Demain" or "jusqu’au Aujourd’hui" is broken French. Catalogue
 *   strings write "le {when}", "du {when}", "avant le {when}" around an absolute date.
 * - French: "mardi 1 décembre 2026 à 9 h", "9 h 30"; English: "Tuesday 1 December
 *   2026 at 09:00". Never ISO dates in text people read.
 */
export type DateStyle =
  /** Tuesday 1 December 2026 at 09:00 · mardi 1 décembre 2026 à 9 h */
  | 'dateTime'
  /** Tuesday 1 December 2026 · mardi 1 décembre 2026 */
  | 'date'
  /** Tue 1 Dec, 09:00 · mar. 1 déc., 9 h: lists and compact lines */
  | 'shortDateTime'
  /** Tue 1 Dec 2026 · mar. 1 déc. 2026 */
  | 'shortDate'
  /** 09:00 · 9 h */
  | 'time';

export interface DateLocale {
  lang: Language;
  /** The organisation's IANA zone (organisation.timezone). */
  zone: string;
}

const NNBSP = '\u202f';
const AT: Record<Language, string> = { en: 'at', fr: 'à' };

function local(at: Date, l: DateLocale): DateTime {
  return DateTime.fromJSDate(at, { zone: l.zone }).setLocale(l.lang === 'fr' ? 'fr-FR' : 'en-GB');
}

/** "09:00" / "9 h", "9 h 30": French writes hours with "h", without a leading zero. */
export function localTime(at: Date, l: DateLocale): string {
  const d = local(at, l);
  if (l.lang === 'fr') return d.minute === 0 ? `${d.hour}${NNBSP}h` : `${d.hour}${NNBSP}h${NNBSP}${d.toFormat('mm')}`;
  return d.toFormat('HH:mm');
}

/** "Paris time" / "heure de Paris"; "UTC" for UTC. */
export function zoneLabel(l: DateLocale): string {
  if (/^(?:Etc\/)?(?:UTC|GMT|Universal|Zulu)$/i.test(l.zone)) return 'UTC';
  const city = (l.zone.split('/').pop() ?? l.zone).replace(/_/g, ' ');
  return l.lang === 'fr' ? `heure de ${city}` : `${city} time`;
}

function dayPart(at: Date, l: DateLocale, style: DateStyle): string {
  const d = local(at, l);
  if (style === 'dateTime' || style === 'date') return d.toFormat('cccc d LLLL yyyy');
  if (style === 'shortDate') return d.toFormat('ccc d LLL yyyy');
  return d.toFormat('ccc d LLL');
}

/**
 * The date in the organisation's zone as plain text. With a time, the zone is named
 * ("mardi 1 décembre 2026 à 9 h (heure de Paris)") unless `zone: false` (the zone is
 * already said nearby).
 */
export function localDate(at: Date, l: DateLocale, style: DateStyle, opts: { zone?: boolean } = {}): string {
  const withTime = style === 'dateTime' || style === 'shortDateTime' || style === 'time';
  let text: string;
  if (style === 'time') text = localTime(at, l);
  else if (style === 'dateTime') text = `${dayPart(at, l, style)} ${AT[l.lang]} ${localTime(at, l)}`;
  else if (style === 'shortDateTime') text = `${dayPart(at, l, style)}, ${localTime(at, l)}`;
  else text = dayPart(at, l, style);
  return withTime && opts.zone !== false ? `${text} (${zoneLabel(l)})` : text;
}

/**
 * A `<!date>` token: each reader sees the date in their own zone and language; the
 * fallback is `localDate` in the organisation's zone, naming it. `relative` allows
 * "Today"/"Tomorrow" (Slack's `_pretty` formats): only where no article precedes.
 */
export function dateToken(at: Date, l: DateLocale, style: DateStyle, opts: { relative?: boolean } = {}): string {
  const pretty = opts.relative ? '_pretty' : '';
  const format =
    style === 'dateTime'
      ? `{date_long${pretty}} ${AT[l.lang]} {time}`
      : style === 'date'
        ? `{date_long${pretty}}`
        : style === 'shortDateTime'
          ? `{date_short${pretty}}, {time}`
          : style === 'shortDate'
            ? `{date_short${pretty}}`
            : '{time}';
  return slackDateToken(at, format, localDate(at, l, style));
}

/** A deadline as people read it: to the hour in the organisation's zone, never later than the real one (13:13 → 13 h). */
export function deadlineShown(at: Date, zone: string): Date {
  return DateTime.fromJSDate(at, { zone }).startOf('hour').toJSDate();
}

/**
 * The language a translator writes (its catalogue's `i18n.language`), for builders
 * that receive only `tr` and must still write a date or an amount the reader's way.
 */
export function languageOf(tr: Translate): Language {
  return tr('i18n.language') === 'fr' ? 'fr' : 'en';
}
