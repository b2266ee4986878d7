/**
 * From the `bugs:` config to the pure SLA policy and escalation ladder, and
 * who each level reaches. Pure: no I/O, no clock.
 */
import type { BugAudience, ImpactTeam, OrgConfig, Tribe } from '../config/org.js';
import { minutesOf, noticeTime, type NoticeHours } from './notice-hours.js';
import { levelTriggerAt, type EscalationLevel, type SlaPolicy } from './sla.js';

export interface LadderLevel extends EscalationLevel {
  notify: readonly BugAudience[];
}

export function slaPolicyOf(org: OrgConfig): SlaPolicy {
  const bySeverity = Object.fromEntries(Object.entries(org.bugs.slaDaysBySeverity).filter(([, d]) => d !== undefined));
  return {
    days: org.bugs.slaDays,
    mode: org.bugs.slaMode,
    bySeverity,
    zone: org.organisation.timezone,
    holidays: new Set(org.organisation.holidays),
  };
}

/** Levels are numbered from 1 in config order (validated to be time order). */
export function ladderOf(org: OrgConfig): LadderLevel[] {
  return org.bugs.ladder.map((l, i) => ({
    level: i + 1,
    name: l.name,
    offsetMinutes: Math.round(l.offsetHours * 60),
    notify: l.notify,
  }));
}

/** Identifies the ladder's timing: when it changes, stored next-notice times must be recomputed. */
export function ladderFingerprint(ladder: readonly EscalationLevel[], timing = ''): string {
  const levels = ladder.map((l) => `${l.level}@${l.offsetMinutes}`).join(',');
  return timing ? `${levels};${timing}` : levels;
}

/** The notice-time settings, as one string: when they change, next-notice times are recomputed too. */
export function noticeTimingFingerprint(org: OrgConfig): string {
  const h = org.bugs.noticeHours;
  const hours = h === false ? 'any' : `${h.start}-${h.end}@${org.organisation.timezone}+${org.organisation.holidays.join('.')}`;
  return `${hours};ack${org.bugs.acknowledgedGraceHours}`;
}

/** Working hours for notices (src/bugs/notice-hours.ts), or null for "any time". */
export function noticeHoursOf(org: OrgConfig): NoticeHours | null {
  const h = org.bugs.noticeHours;
  if (h === false) return null;
  return { zone: org.organisation.timezone, holidays: new Set(org.organisation.holidays), startMinutes: minutesOf(h.start), endMinutes: minutesOf(h.end) };
}

/**
 * When each level of one bug's ladder is sent:
 *  - an acknowledged bug's levels after the deadline that reach leadership
 *    wait until the deadline has passed by bugs.acknowledgedGraceHours;
 *  - then the time moves into working hours (notice-hours.ts).
 */
export function sendTimeOf(
  org: OrgConfig,
  bug: { clockStartedAt: Date },
  acknowledged: boolean,
): (deadline: Date, level: LadderLevel) => Date {
  const hours = noticeHoursOf(org);
  const graceMs = org.bugs.acknowledgedGraceHours * 3_600_000;
  return (deadline, level) => {
    let trigger = levelTriggerAt(deadline, level);
    if (acknowledged && level.offsetMinutes > 0 && level.notify.includes('leadership')) {
      trigger = new Date(Math.max(trigger.getTime(), deadline.getTime() + graceMs));
    }
    return noticeTime(trigger, level.offsetMinutes, hours, bug.clockStartedAt);
  };
}

/** The earliest send time among levels not claimed yet; null when every level is claimed. */
export function nextNoticeAt<L extends EscalationLevel>(
  deadline: Date,
  ladder: readonly L[],
  claimed: ReadonlySet<number>,
  triggerOf: (deadline: Date, level: L) => Date = levelTriggerAt,
): Date | null {
  let next: number | null = null;
  for (const level of ladder) {
    if (claimed.has(level.level)) continue;
    const at = triggerOf(deadline, level).getTime();
    if (next === null || at < next) next = at;
  }
  return next === null ? null : new Date(next);
}

export function findTeam(org: OrgConfig, key: string | null): { team: ImpactTeam; tribe: Tribe } | undefined {
  if (key === null) return undefined;
  for (const tribe of org.tribes) {
    const team = tribe.impactTeams.find((t) => t.key === key);
    if (team) return { team, tribe };
  }
  return undefined;
}

export function allTeamKeys(org: OrgConfig): string[] {
  return org.tribes.flatMap((t) => t.impactTeams.map((team) => team.key));
}

/** A DM goes to the user ID (the outbox posts it in the app's Messages tab); a channel to its ID. */
export type Recipient = { kind: 'dm'; user: string } | { kind: 'channel'; channel: string };

export function recipientId(r: Recipient): string {
  return r.kind === 'dm' ? r.user : r.channel;
}

/**
 * Who one level of the ladder reaches for one bug.
 *  Rule 1: owner → a DM to the bug's owner.
 *  Rule 2: team → the impact team's channel, else its tribe's channel.
 *  Rule 3: lead → a DM to the impact team's lead, else the tribe's lead.
 *  Rule 4: leadership → channels.bugEscalation.
 *  Rule 5: a level that would reach nobody (no owner, no team, nothing
 *          configured) falls back to the team channel, then to the
 *          leadership channel, so a warning is never silently dropped; with
 *          neither, the ledger records "no_recipient".
 *  Rule 6: each person or channel is reached once per level (an owner who is
 *          also the lead gets one DM).
 *  Rule 7: "team" for a bug without an impact team is bugs.channel, else
 *          channels.bugEscalation (issue 11 item 9).
 */
export function recipientsFor(level: LadderLevel, bug: { owner: string | null; team: string | null }, org: OrgConfig): Recipient[] {
  const where = findTeam(org, bug.team);
  const teamChannel = where ? (where.team.channel ?? where.tribe.channel) : undefined;
  const lead = where ? (where.team.lead ?? where.tribe.lead) : undefined;
  const leadership = org.channels.bugEscalation;

  const out: Recipient[] = [];
  const add = (r: Recipient | undefined) => {
    if (r && !out.some((o) => recipientId(o) === recipientId(r))) out.push(r);
  };
  for (const audience of level.notify) {
    if (audience === 'owner' && bug.owner) add({ kind: 'dm', user: bug.owner });
    if (audience === 'team' && teamChannel) add({ kind: 'channel', channel: teamChannel });
    // Rule 7: the zero-bug rule is a team commitment: a bug with no impact team
    // still reaches a channel at level "team" — bugs.channel, else leadership's.
    if (audience === 'team' && !where) {
      const channel = org.bugs.channel ?? leadership;
      if (channel) add({ kind: 'channel', channel });
    }
    if (audience === 'lead' && lead) add({ kind: 'dm', user: lead });
    if (audience === 'leadership' && leadership) add({ kind: 'channel', channel: leadership });
  }
  if (out.length === 0) {
    const fallback = teamChannel ?? leadership;
    if (fallback) add({ kind: 'channel', channel: fallback });
  }
  return out;
}

/**
 * Rule 8 (issue 14 item 9, decision 0034): one notice per person per level.
 * When a level posts in a channel, the people it would DM (owner, lead) are
 * named in that post instead, so a breach is one channel post, not a post and
 * two DMs. A level that reaches no channel keeps its DMs.
 * `bugs.dmAlsoInChannel: true` brings back the DMs as well.
 */
export function onePerPerson(recipients: readonly Recipient[], org: OrgConfig): { recipients: Recipient[]; mentioned: string[] } {
  if (org.bugs.dmAlsoInChannel || !recipients.some((r) => r.kind === 'channel')) return { recipients: [...recipients], mentioned: [] };
  return {
    recipients: recipients.filter((r) => r.kind === 'channel'),
    mentioned: recipients.flatMap((r) => (r.kind === 'dm' ? [r.user] : [])),
  };
}
