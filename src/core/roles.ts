import type { OrgConfig } from '../config/org.js';

/*
 * Who someone is to Cadence, read from the config only: the App Home, the
 * help and the welcome DM show each person what applies to them
 * (docs/decisions/0032-home-and-first-use.md). Permissions stay with each
 * feature's own checks; these only decide what is worth showing.
 */

export function isAdmin(org: OrgConfig, userId: string): boolean {
  return org.admins.includes(userId);
}

/**
 * A product person: a member or lead of a tribe or of an impact team, an
 * approver, an admin or a pairing PM. Others (customer success, sales…) log
 * insights and bugs but are not invited to pitch.
 */
export function isProductPerson(org: OrgConfig, userId: string): boolean {
  if (org.admins.includes(userId) || org.approvers.includes(userId) || org.pairing.pms.includes(userId)) return true;
  return org.tribes.some(
    (t) => t.lead === userId || t.members.includes(userId) || t.impactTeams.some((i) => i.lead === userId || i.members.includes(userId)),
  );
}

/** The alignment meeting's name as configured (the first alignment ritual), if there is one. */
export function alignmentMeetingName(org: OrgConfig): string | undefined {
  return org.rituals.find((r) => r.kind === 'alignment')?.name;
}
