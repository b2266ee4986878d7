import type { OrgConfig } from '../config/org.js';

/*
 * The opportunity lifecycle (PRODUCT.md):
 *   draft → pitched → on agenda → go / rework / no-go → in roadmap → shipped
 * One opportunity can go through several alignment meetings, so rework leads
 * back to the agenda, and a no-go can be pitched again with new evidence.
 */

export const STATUSES = ['draft', 'pitched', 'on_agenda', 'go', 'rework', 'no_go', 'in_roadmap', 'shipped'] as const;
export type Status = (typeof STATUSES)[number];

/** The default backlog: what is alive and not a private draft. Must match OPEN_SQL in store.ts and the migration's partial indexes. */
export const OPEN_STATUSES: readonly Status[] = ['pitched', 'on_agenda', 'go', 'rework', 'in_roadmap'];

export type Role = 'owner' | 'approver' | 'admin';

interface Edge {
  roles: readonly Role[];
  /** The note is required (rework feedback). */
  noteRequired?: boolean;
}

/**
 * Who may move an opportunity from one status to another.
 * Rule 1: only the edges below exist; anything else is refused, admins included
 *         (an admin fixes a mistake by walking a legal path, which the history shows).
 * Rule 2: the owner pitches, withdraws and re-pitches their own opportunity.
 * Rule 3: approvers (and admins) put it on the agenda and record the meeting's outcome;
 *         a rework carries the feedback as a note.
 * Rule 4: after a go, the owner or an approver moves it to the roadmap and marks it shipped.
 */
export const TRANSITIONS: Readonly<Record<Status, Partial<Record<Status, Edge>>>> = {
  draft: { pitched: { roles: ['owner', 'admin'] } },
  pitched: { on_agenda: { roles: ['approver', 'admin'] }, draft: { roles: ['owner', 'admin'] } },
  on_agenda: {
    go: { roles: ['approver', 'admin'] },
    rework: { roles: ['approver', 'admin'], noteRequired: true },
    no_go: { roles: ['approver', 'admin'] },
    pitched: { roles: ['owner', 'approver', 'admin'] },
  },
  rework: { on_agenda: { roles: ['approver', 'admin'] } },
  go: { in_roadmap: { roles: ['owner', 'approver', 'admin'] } },
  no_go: { pitched: { roles: ['owner', 'admin'] } },
  in_roadmap: { shipped: { roles: ['owner', 'approver', 'admin'] } },
  shipped: {},
};

export function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}

export function rolesOf(org: Pick<OrgConfig, 'admins' | 'approvers'>, userId: string, ownerId: string): Set<Role> {
  const roles = new Set<Role>();
  if (userId === ownerId) roles.add('owner');
  if (org.approvers.includes(userId)) roles.add('approver');
  if (org.admins.includes(userId)) roles.add('admin');
  return roles;
}

export type TransitionCheck =
  | { ok: true; noteRequired: boolean }
  | { ok: false; reason: 'same' | 'illegal' | 'forbidden' | 'note_required'; allowed: readonly Status[]; roles?: readonly Role[] };

/** Whether `userId` may move an opportunity owned by `ownerId` from `from` to `to`, with this note. */
export function checkTransition(
  org: Pick<OrgConfig, 'admins' | 'approvers'>,
  input: { from: Status; to: Status; userId: string; ownerId: string; note?: string | null | undefined },
): TransitionCheck {
  const edges = TRANSITIONS[input.from];
  const allowed = Object.keys(edges) as Status[];
  if (input.from === input.to) return { ok: false, reason: 'same', allowed };
  const edge = edges[input.to];
  if (!edge) return { ok: false, reason: 'illegal', allowed };
  const roles = rolesOf(org, input.userId, input.ownerId);
  if (!edge.roles.some((r) => roles.has(r))) return { ok: false, reason: 'forbidden', allowed, roles: edge.roles };
  if (edge.noteRequired && !input.note?.trim()) return { ok: false, reason: 'note_required', allowed };
  return { ok: true, noteRequired: edge.noteRequired ?? false };
}

/** The statuses this person may move the opportunity to now (for the card's menu). */
export function nextStatusesFor(org: Pick<OrgConfig, 'admins' | 'approvers'>, from: Status, userId: string, ownerId: string): Status[] {
  const roles = rolesOf(org, userId, ownerId);
  return (Object.entries(TRANSITIONS[from]) as [Status, Edge][]).filter(([, e]) => e.roles.some((r) => roles.has(r))).map(([to]) => to);
}

/** Every status reachable in one step from `from`, whoever asks. */
export function nextStatuses(from: Status): Status[] {
  return Object.keys(TRANSITIONS[from]) as Status[];
}

export function noteRequired(from: Status, to: Status): boolean {
  return TRANSITIONS[from][to]?.noteRequired ?? false;
}
