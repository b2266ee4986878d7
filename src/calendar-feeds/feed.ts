import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import type { OrgConfig } from '../config/org.js';
import type { Db } from '../db/open.js';
import { itemTitle, live } from '../agenda/index.js';
import { schedule } from '../agenda/index.js';
import { isLocked, itemsOf } from '../agenda/index.js';
import { isAgendaRitual } from '../agenda/index.js';
import { translator, type Translate } from '../i18n/index.js';
import type { RitualConfig } from '../rituals/index.js';
import { occurrencesBetween, type Occurrence } from '../core/recurrence/index.js';
import { skipLookup } from '../rituals/index.js';
import type { FeedScope } from './store.js';

/*
 * What a calendar feed shows, as data (feedEvents), then as iCalendar text
 * (renderFeed, with ical-generator: never string concatenation). A feed
 * covers the last month and the coming year, so calendars keep recent
 * history and see a year ahead.
 *
 * Rule 1: an occurrence's UID never changes: '<ritual>-<occurrence key>@cadence'
 *   (the occurrence key is the rule's local date and configured time), so
 *   every refresh updates the same event.
 * Rule 2: a holiday or a skipped date stays in the feed as STATUS:CANCELLED
 *   with SEQUENCE 1 (one more than the event had), so calendars that already
 *   imported it remove it.
 * Rule 3: times are the organisation's wall-clock time with its VTIMEZONE,
 *   so a 10:00 ritual stays at 10:00 across daylight-saving changes.
 */

export const FEED_PAST_DAYS = 31;
export const FEED_FUTURE_DAYS = 366;
const DAY = 86_400_000;
const MINUTE = 60_000;

export interface FeedEvent {
  uid: string;
  ritualKey: string;
  occurrenceKey: string;
  start: Date;
  end: Date;
  summary: string;
  description: string;
  location: string | undefined;
  url: string | undefined;
  cancelled: boolean;
  sequence: number;
}

/** Channels that belong to a tribe (its own and its impact teams'). */
function tribeChannels(org: OrgConfig, tribeKey?: string): Set<string> {
  const out = new Set<string>();
  for (const tribe of org.tribes) {
    if (tribeKey !== undefined && tribe.key !== tribeKey) continue;
    out.add(tribe.channel);
    for (const team of tribe.impactTeams) if (team.channel) out.add(team.channel);
  }
  return out;
}

/**
 * The rituals a feed covers. A tribe's feed has the organisation-wide rituals
 * (those not posted in any tribe's channel) and the tribe's own (posted in its
 * channel or one of its impact teams').
 */
export function ritualsOfScope(org: OrgConfig, scope: FeedScope): RitualConfig[] {
  const enabled = org.rituals.filter((r) => r.enabled);
  switch (scope.kind) {
    case 'org':
      return enabled;
    case 'ritual':
      return enabled.filter((r) => r.key === scope.key);
    case 'tribe': {
      const anyTribe = tribeChannels(org);
      const own = tribeChannels(org, scope.key);
      return enabled.filter((r) => own.has(r.channel) || !anyTribe.has(r.channel));
    }
    case 'person':
      return enabled.filter(isAgendaRitual);
  }
}

export function feedWindow(now: Date): { from: Date; to: Date } {
  return { from: new Date(now.getTime() - FEED_PAST_DAYS * DAY), to: new Date(now.getTime() + FEED_FUTURE_DAYS * DAY) };
}

function uidOf(ritualKey: string, occurrenceKey: string, suffix = ''): string {
  return `${ritualKey}-${occurrenceKey.replace(/[-:]/g, '')}${suffix}@cadence`;
}

interface Deps {
  db: Db;
  org: OrgConfig;
}

/** Every event of a feed, ordered by start. */
export function feedEvents(deps: Deps, scope: FeedScope, now: Date): FeedEvent[] {
  const { org } = deps;
  const zone = org.organisation.timezone;
  const tr = translator(org.organisation.language);
  const skips = skipLookup(deps.db, org.organisation.holidays);
  const holidays = new Set(org.organisation.holidays);
  const { from, to } = feedWindow(now);
  const out: FeedEvent[] = [];
  for (const ritual of ritualsOfScope(org, scope)) {
    const skipped = skips(ritual.key);
    const occurrences = occurrencesBetween(ritual.recurrence, zone, from, to);
    if (scope.kind === 'person') {
      out.push(...personEvents(deps, tr, ritual, occurrences, skipped, scope.userId));
      continue;
    }
    for (const occurrence of occurrences) {
      const cancelled = skipped.has(occurrence.localDate);
      const lines = cancelled
        ? [tr(holidays.has(occurrence.localDate) ? 'calfeed.holiday' : 'calfeed.skipped')]
        : describe(deps, tr, ritual, occurrence);
      if (ritual.videoUrl) lines.push(tr('calfeed.video', { url: ritual.videoUrl }));
      out.push({
        uid: uidOf(ritual.key, occurrence.key),
        ritualKey: ritual.key,
        occurrenceKey: occurrence.key,
        start: occurrence.start,
        end: new Date(occurrence.start.getTime() + ritual.durationMinutes * MINUTE),
        summary: ritual.name,
        description: lines.join('\n'),
        location: ritual.location ?? ritual.videoUrl,
        url: ritual.videoUrl,
        cancelled,
        sequence: cancelled ? 1 : 0,
      });
    }
  }
  out.sort((a, b) => a.start.getTime() - b.start.getTime() || a.uid.localeCompare(b.uid));
  return out;
}

/** The description of a ritual occurrence: its agenda once locked, the Weekly's proposed topics. */
function describe(deps: Deps, tr: Translate, ritual: RitualConfig, occurrence: Occurrence): string[] {
  const zone = deps.org.organisation.timezone;
  const hhmm = (d: Date) => DateTime.fromJSDate(d, { zone }).toFormat('HH:mm');
  if (isAgendaRitual(ritual)) {
    if (!isLocked(deps.db, ritual.key, occurrence.key)) return [tr('calfeed.agendaOpen')];
    const slots = schedule(occurrence.start, live(itemsOf(deps.db, ritual.key, occurrence.key)).slotted);
    return [tr('calfeed.agenda'), ...slots.map((s) => `${hhmm(s.startsAt)}–${hhmm(s.endsAt)}  ${itemTitle(s.item)}`)];
  }
  if (ritual.kind === 'weekly') {
    const topics = deps.db
      .prepare<[string, string], { topic: string }>('SELECT topic FROM ritual_topics WHERE ritual_key = ? AND occurrence_key = ? ORDER BY id')
      .all(ritual.key, occurrence.key);
    return topics.length ? [tr('calfeed.topics'), ...topics.map((t) => `• ${t.topic}`)] : [tr('calfeed.noTopics')];
  }
  return [];
}

/** A person's feed: one event per agenda item they present, at its slot; withdrawn or dropped items become cancellations. */
function personEvents(
  deps: Deps,
  tr: Translate,
  ritual: RitualConfig,
  occurrences: readonly Occurrence[],
  skipped: ReadonlySet<string>,
  userId: string,
): FeedEvent[] {
  const zone = deps.org.organisation.timezone;
  const mine = new Set(
    deps.db
      .prepare<[string, string], { occurrence_key: string }>('SELECT DISTINCT occurrence_key FROM agenda_items WHERE presenter_id = ? AND ritual_key = ?')
      .all(userId, ritual.key)
      .map((r) => r.occurrence_key),
  );
  const out: FeedEvent[] = [];
  for (const occurrence of occurrences) {
    if (!mine.has(occurrence.key)) continue;
    const items = itemsOf(deps.db, ritual.key, occurrence.key);
    const slots = new Map(schedule(occurrence.start, live(items).slotted).map((s) => [s.item.id, s]));
    for (const item of items) {
      if (item.presenterId !== userId || item.status === 'waitlisted') continue;
      const slot = slots.get(item.id);
      const cancelled = skipped.has(occurrence.localDate) || !slot;
      const start = slot?.startsAt ?? occurrence.start;
      const end = slot?.endsAt ?? new Date(start.getTime() + item.duration * MINUTE);
      const time = DateTime.fromJSDate(start, { zone }).toFormat('HH:mm');
      const lines = [cancelled ? tr(skipped.has(occurrence.localDate) ? 'calfeed.skipped' : 'calfeed.withdrawn') : tr('calfeed.presentingDetail', { minutes: item.duration, time })];
      if (ritual.videoUrl) lines.push(tr('calfeed.video', { url: ritual.videoUrl }));
      out.push({
        uid: uidOf(ritual.key, occurrence.key, `-item${item.id}`),
        ritualKey: ritual.key,
        occurrenceKey: occurrence.key,
        start,
        end,
        summary: tr('calfeed.presenting', { ritual: ritual.name, title: itemTitle(item) }),
        description: lines.join('\n'),
        location: ritual.location ?? ritual.videoUrl,
        url: ritual.videoUrl,
        cancelled,
        sequence: cancelled ? 1 : 0,
      });
    }
  }
  return out;
}

export function feedName(org: OrgConfig, scope: FeedScope): string {
  const tr = translator(org.organisation.language);
  const name = org.organisation.name;
  switch (scope.kind) {
    case 'org':
      return tr('calfeed.name.org', { org: name });
    case 'ritual':
      return tr('calfeed.name.ritual', { org: name, name: org.rituals.find((r) => r.key === scope.key)?.name ?? scope.key });
    case 'tribe':
      return tr('calfeed.name.tribe', { org: name, tribe: org.tribes.find((t) => t.key === scope.key)?.name ?? scope.key });
    case 'person':
      return tr('calfeed.name.person', { org: name });
  }
}

/** The feed as iCalendar text. `now` is the DTSTAMP of every event (when this copy was made). */
export function renderFeed(org: OrgConfig, scope: FeedScope, events: readonly FeedEvent[], now: Date): string {
  const zone = org.organisation.timezone;
  // A zone the VTIMEZONE database lacks falls back to UTC times: still the right instants.
  const tz = getVtimezoneComponent(zone) ? zone : null;
  const cal = ical({
    name: feedName(org, scope),
    prodId: { company: 'Cadence', product: 'Cadence', language: org.organisation.language.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
    timezone: { name: null, generator: getVtimezoneComponent },
  });
  for (const e of events) {
    const at = (d: Date) => (tz ? DateTime.fromJSDate(d, { zone: tz }) : DateTime.fromJSDate(d, { zone: 'utc' }));
    cal.createEvent({
      id: e.uid,
      sequence: e.sequence,
      stamp: now,
      start: at(e.start),
      end: at(e.end),
      timezone: tz,
      summary: e.summary,
      description: e.description || null,
      location: e.location ?? null,
      url: e.url ?? null,
      status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return cal.toString();
}
