import { DateTime } from 'luxon';
import type { OrgConfig } from '../config/org.js';
import type { SkipLookup } from '../rituals/index.js';
import type { RitualConfig, StepAction } from '../rituals/index.js';
import { occurrenceRef, parseOccurrenceRef } from '../rituals/index.js';
import { nextOccurrences, occurrencesBetween, stepInstant, type Occurrence } from '../core/recurrence/index.js';

/*
 * The agenda's calendar, as pure functions over the ritual config: which
 * occurrence people sign up for, when its sign-ups open and close, when the
 * agenda locks. Sign-up windows are computed from the clock, not from which
 * steps already ran, so a sign-up is refused at the configured time even if
 * the job has not run yet (the bot was down, or is catching up).
 */

/** Ritual kinds whose occurrences have an agenda people sign up for. */
export const AGENDA_KINDS: ReadonlySet<RitualConfig['kind']> = new Set(['alignment', 'decision']);

export function isAgendaRitual(ritual: Pick<RitualConfig, 'kind'>): boolean {
  return AGENDA_KINDS.has(ritual.kind);
}

/** Alignment items present an opportunity and need an approver; decision-session items are free topics. */
export function needsApproval(ritual: Pick<RitualConfig, 'kind'>): boolean {
  return ritual.kind === 'alignment';
}

export interface AgendaOccurrence {
  ritual: RitualConfig;
  occurrence: Occurrence;
  /** '<ritual>|<occurrence key>', for button values and private_metadata. */
  ref: string;
  start: Date;
  end: Date;
  /** The open_signups step; undefined when the ritual has none (no sign-ups at all). */
  opensAt: Date | undefined;
  /**
   * Rule 1: sign-ups close at the close_signups step, else at the lock, else
   * when the meeting starts.
   */
  closesAt: Date;
  /** The lock_agenda step (the validation deadline); undefined when there is none. */
  lockAt: Date | undefined;
}

function stepAt(ritual: RitualConfig, occurrence: Occurrence, zone: string, action: StepAction): Date | undefined {
  const step = ritual.steps.find((s) => s.action === action);
  return step ? stepInstant(occurrence.start, zone, step.at) : undefined;
}

export function agendaOccurrence(ritual: RitualConfig, occurrence: Occurrence, zone: string): AgendaOccurrence {
  const lockAt = stepAt(ritual, occurrence, zone, 'lock_agenda');
  return {
    ritual,
    occurrence,
    ref: occurrenceRef(ritual.key, occurrence.key),
    start: occurrence.start,
    end: new Date(occurrence.start.getTime() + ritual.durationMinutes * 60_000),
    opensAt: stepAt(ritual, occurrence, zone, 'open_signups'),
    closesAt: stepAt(ritual, occurrence, zone, 'close_signups') ?? lockAt ?? occurrence.start,
    lockAt,
  };
}

export type SignupState = 'none' | 'not_open' | 'open' | 'closed';

export function signupState(o: AgendaOccurrence, now: Date): SignupState {
  if (!o.opensAt) return 'none';
  if (now < o.opensAt) return 'not_open';
  return now < o.closesAt && now < o.start ? 'open' : 'closed';
}

/** The agenda rituals of the config, the alignment meeting first (what `/agenda` shows by default). */
export function agendaRituals(org: OrgConfig): RitualConfig[] {
  const list = org.rituals.filter((r) => r.enabled && isAgendaRitual(r));
  return [...list.filter((r) => r.kind === 'alignment'), ...list.filter((r) => r.kind !== 'alignment')];
}

/** The first occurrence that starts after `now` (skips honoured). */
export function nextAgendaOccurrence(org: OrgConfig, ritual: RitualConfig, now: Date, skips: SkipLookup): AgendaOccurrence | undefined {
  const zone = org.organisation.timezone;
  const [next] = nextOccurrences(ritual.recurrence, zone, now, 1, { skipDates: skips(ritual.key) });
  return next ? agendaOccurrence(ritual, next, zone) : undefined;
}

/**
 * The occurrence a sign-up made at `now` is for: the earliest not yet
 * started whose window is open, else the next one (whose window is not open
 * yet, or already closed: the caller says which).
 */
export function signupTarget(org: OrgConfig, ritual: RitualConfig, now: Date, skips: SkipLookup): AgendaOccurrence | undefined {
  const zone = org.organisation.timezone;
  const upcoming = nextOccurrences(ritual.recurrence, zone, now, 3, { skipDates: skips(ritual.key) }).map((o) => agendaOccurrence(ritual, o, zone));
  return upcoming.find((o) => signupState(o, now) === 'open') ?? upcoming[0];
}

/** The occurrence after this one, for "closed; the next meeting is …". */
export function followingOccurrence(org: OrgConfig, o: AgendaOccurrence, skips: SkipLookup): AgendaOccurrence | undefined {
  const zone = org.organisation.timezone;
  const [next] = nextOccurrences(o.ritual.recurrence, zone, o.start, 1, { skipDates: skips(o.ritual.key) });
  return next ? agendaOccurrence(o.ritual, next, zone) : undefined;
}

/**
 * Resolves a ref from a button or private_metadata. Anything forged or stale
 * (unknown ritual, not an agenda ritual, no such occurrence, a skipped date)
 * gives undefined.
 */
export function resolveAgendaRef(org: OrgConfig, ref: string, skips: SkipLookup): AgendaOccurrence | undefined {
  const parsed = parseOccurrenceRef(ref);
  if (!parsed) return undefined;
  const ritual = org.rituals.find((r) => r.key === parsed.ritualKey);
  if (!ritual || !ritual.enabled || !isAgendaRitual(ritual)) return undefined;
  const zone = org.organisation.timezone;
  const day = DateTime.fromISO(parsed.occurrenceKey.slice(0, 10), { zone });
  if (!day.isValid) return undefined;
  const found = occurrencesBetween(ritual.recurrence, zone, day.minus({ days: 1 }).toJSDate(), day.plus({ days: 2 }).toJSDate(), {
    skipDates: skips(ritual.key),
  }).find((o) => o.key === parsed.occurrenceKey);
  return found ? agendaOccurrence(ritual, found, zone) : undefined;
}
