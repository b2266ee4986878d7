import { describe, expect, it } from 'vitest';
import { requestAgendaSlotButton, withdrawButton } from '../../src/agenda/listeners/actions/signup.js';
import { agendaCommand } from '../../src/agenda/listeners/commands.js';
import { onOpportunityMoved, subscribeAgenda } from '../../src/agenda/listeners/events.js';
import { emitDomainEvent } from '../../src/core/events.js';
import type { Db } from '../../src/db/open.js';
import { buttonArgs, commandArgs, handlerContext } from '../helpers/fake-args.js';
import { seedOpportunity } from './helpers.js';

/*
 * The agenda's listeners called directly with fake Bolt arguments (issue 17),
 * and its answer to an opportunity taken off the agenda (the domain event).
 * Monday 23 November 2026 08:00 UTC, before the PAM's sign-ups open.
 */
const NOW = new Date('2026-11-23T08:00:00Z');
const PM = 'U0000PMPRD1';
const items = (db: Db) => db.prepare('SELECT id, status, end_reason, ended_by FROM agenda_items ORDER BY id').all();

let week = 0;
/** An item on its own PAM occurrence (one opportunity appears once per occurrence). */
function seedItem(db: Db, opportunityId: number, status: 'slotted' | 'waitlisted' | 'withdrawn'): number {
  week++;
  const r = db
    .prepare(
      `INSERT INTO agenda_items (ritual_key, occurrence_key, presenter_id, opportunity_id, ask, duration_minutes, status, signed_up_at)
       VALUES ('pam', ?, ?, ?, 'decision', 10, ?, '2026-11-23T09:00:00.000Z')`,
    )
    .run(`2026-12-${String(week).padStart(2, '0')}T14:00`, PM, opportunityId, status);
  return Number(r.lastInsertRowid);
}

describe('agenda listeners without Bolt', () => {
  it('/agenda with an unknown first word names the rituals, acks once and writes nothing', async () => {
    const { ctx, db } = handlerContext(NOW);
    const { args, rec } = commandArgs({ user: PM, text: 'retro', command: '/agenda' });
    await agendaCommand(ctx, args);
    expect(rec.acks).toHaveLength(1);
    expect(rec.acks[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(rec.acks[0])).toContain('There is no ritual `retro` with an agenda.');
    expect(rec.calls).toEqual([]);
    expect(items(db)).toEqual([]);
  });

  it('"Request an agenda slot" on an opportunity that does not exist acks, says so and opens nothing', async () => {
    const { ctx } = handlerContext(NOW);
    const { args, rec } = buttonArgs({ user: PM, actionId: 'opp_request_slot', value: '999', channel: 'C0000OPPORT', messageTs: '1700000000.000200' });
    await requestAgendaSlotButton(ctx, args);
    expect(rec.acks).toEqual([undefined]);
    expect(rec.responds).toEqual([{ response_type: 'ephemeral', replace_original: false, text: 'Opportunity #999 does not exist.' }]);
    expect(rec.calls).toEqual([]);
  });

  it('"Withdraw" on a forged item id answers that the item is gone and changes nothing', async () => {
    const { ctx, db } = handlerContext(NOW);
    const id = seedItem(db, seedOpportunity(db, PM, 'Faster checkout'), 'slotted');
    const { args, rec } = buttonArgs({ user: PM, actionId: 'agenda_withdraw', value: 'x1' });
    await withdrawButton(ctx, args);
    expect(rec.acks).toHaveLength(1);
    expect(rec.responds).toHaveLength(1);
    expect(rec.calls).toEqual([]);
    expect(items(db)).toEqual([{ id, status: 'slotted', end_reason: null, ended_by: null }]);
  });
});

describe('an opportunity taken off the agenda (opportunity.moved)', () => {
  const moved = (opportunityId: number, from: string, to: string) => ({ opportunityId, from, to, by: 'U0000VPPRD1', at: '2026-11-24T10:00:00.000Z', note: null });

  it('on_agenda → pitched or draft ends its live items (withdrawn, opportunity_moved), not the ended ones nor other opportunities', () => {
    const { db } = handlerContext(NOW);
    const opp = seedOpportunity(db, PM, 'Faster checkout', { status: 'on_agenda' });
    const other = seedOpportunity(db, PM, 'Other', { status: 'on_agenda' });
    const slotted = seedItem(db, opp, 'slotted');
    const waitlisted = seedItem(db, opp, 'waitlisted');
    const gone = seedItem(db, opp, 'withdrawn');
    const untouched = seedItem(db, other, 'slotted');
    const off = subscribeAgenda(db);
    try {
      emitDomainEvent(db, 'opportunity.moved', moved(opp, 'on_agenda', 'pitched'));
    } finally {
      off();
    }
    expect(items(db)).toEqual([
      { id: slotted, status: 'withdrawn', end_reason: 'opportunity_moved', ended_by: 'U0000VPPRD1' },
      { id: waitlisted, status: 'withdrawn', end_reason: 'opportunity_moved', ended_by: 'U0000VPPRD1' },
      { id: gone, status: 'withdrawn', end_reason: null, ended_by: null },
      { id: untouched, status: 'slotted', end_reason: null, ended_by: null },
    ]);
    expect(db.prepare('SELECT ended_at FROM agenda_items WHERE id = ?').pluck().get(slotted)).toBe('2026-11-24T10:00:00.000Z');

    const draft = seedOpportunity(db, PM, 'Back to draft', { status: 'on_agenda' });
    const item = seedItem(db, draft, 'slotted');
    onOpportunityMoved(db, moved(draft, 'on_agenda', 'draft'));
    expect(db.prepare('SELECT status FROM agenda_items WHERE id = ?').pluck().get(item)).toBe('withdrawn');
  });

  it('other moves leave the agenda alone (an outcome, a first move onto it, a move from pitched)', () => {
    const { db } = handlerContext(NOW);
    const opp = seedOpportunity(db, PM, 'Faster checkout', { status: 'on_agenda' });
    const item = seedItem(db, opp, 'slotted');
    const off = subscribeAgenda(db);
    try {
      for (const [from, to] of [['on_agenda', 'go'], ['on_agenda', 'rework'], ['pitched', 'on_agenda'], ['pitched', 'draft']] as const) {
        emitDomainEvent(db, 'opportunity.moved', moved(opp, from, to));
      }
    } finally {
      off();
    }
    expect(items(db)).toEqual([{ id: item, status: 'slotted', end_reason: null, ended_by: null }]);
  });

  it('subscribes once per database: a second subscription adds no listener, and unsubscribing stops it', () => {
    const { db } = handlerContext(NOW);
    const opp = seedOpportunity(db, PM, 'Faster checkout', { status: 'on_agenda' });
    const off = subscribeAgenda(db);
    const again = subscribeAgenda(db);
    again();
    off();
    const item = seedItem(db, opp, 'slotted');
    emitDomainEvent(db, 'opportunity.moved', moved(opp, 'on_agenda', 'pitched'));
    expect(db.prepare('SELECT status FROM agenda_items WHERE id = ?').pluck().get(item)).toBe('slotted');
  });
});
