import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';
import { stateValue, type StateValues } from '../helpers/signer.js';
import { DEFAULT_DIMENSIONS } from '../../src/health/config.js';

export const DEVS = ['U0000DEV0001', 'U0000DEV0002', 'U0000DEV0003'];
/** The checkout team: its lead and three developers. */
export const CHECKOUT = ['U0000PMPAY2', ...DEVS];

export function tribesWithCheckoutTeam() {
  const ex = exampleOrgConfig();
  return ex.tribes.map((t) => ({
    key: t.key,
    name: t.name,
    channel: t.channel,
    ...(t.lead ? { lead: t.lead } : {}),
    members: t.members,
    impactTeams: t.impactTeams.map((team) => ({
      key: team.key,
      name: team.name,
      ...(team.lead ? { lead: team.lead } : {}),
      ...(team.channel ? { channel: team.channel } : {}),
      members: team.key === 'checkout' ? DEVS : team.members,
    })),
  }));
}

export const healthRitual = {
  key: 'health',
  name: 'Team health check',
  channel: 'C0000PRODUC',
  recurrence: { rrule: 'FREQ=MONTHLY;BYDAY=1MO', dtstart: '2026-01-05', time: '10:00' },
  durationMinutes: 30,
  steps: [
    { key: 'open', at: '+0m', action: 'health_check' },
    { key: 'remind', at: '+2d@10:00', action: 'health_remind' },
    { key: 'remind-again', at: '+3d@10:00', action: 'health_remind' },
    { key: 'close', at: '+4d@17:00', action: 'health_close' },
  ],
};

export function healthOrg(extra: Record<string, unknown> = {}) {
  return buildOrgConfig({ tribes: tribesWithCheckoutTeam(), rituals: [healthRitual], ...extra });
}

/** A complete form: the same colour and trend for every default dimension, optional comments. */
export function answers(color: string, trend: string, comments: Record<string, string> = {}): StateValues {
  const values: StateValues = {};
  for (const d of DEFAULT_DIMENSIONS) {
    values[`c:${d}`] = { v: stateValue.radio(color) };
    values[`t:${d}`] = { v: stateValue.radio(trend) };
    values[`m:${d}`] = { v: stateValue.plainText(comments[d] ?? null) };
  }
  return values;
}
