import { describe, expect, it } from 'vitest';
import { volunteerButton } from '../../src/rituals/listeners/actions.js';
import { topicSubmitted } from '../../src/rituals/listeners/views.js';
import { buttonArgs, handlerContext, viewArgs } from '../helpers/fake-args.js';

/* The ritual messages' listeners called directly with fake Bolt arguments (issue 17). */
const NOW = new Date('2026-12-01T09:00:00Z');
const ALICE = 'U0000ALICE1';
const PARTY = 'C0000PRODUC';
const volunteers = (db: ReturnType<typeof handlerContext>['db']) => db.prepare('SELECT user_id FROM ritual_volunteers ORDER BY rowid').pluck().all();

describe('ritual listeners without Bolt', () => {
  it('"Volunteer" with a forged occurrence says the ritual is unknown and records nobody', async () => {
    const { ctx, db } = handlerContext(NOW);
    const { args, rec } = buttonArgs({ user: ALICE, actionId: 'ritual_volunteer', value: 'nope', channel: PARTY, messageTs: '1700000000.000400' });
    await volunteerButton(ctx, args);
    expect(rec.acks).toEqual([undefined]);
    expect(rec.calls).toEqual([{ method: 'chat.postEphemeral', args: { channel: PARTY, user: ALICE, text: 'This ritual is no longer in the configuration.' } }]);
    expect(volunteers(db)).toEqual([]);
  });

  it('"Volunteer" records the person once, redraws the call and thanks them; a second click only says so', async () => {
    const { ctx, db } = handlerContext(NOW);
    const click = () => buttonArgs({ user: ALICE, actionId: 'ritual_volunteer', value: 'party|2026-12-17T18:00', channel: PARTY, messageTs: '1700000000.000400' });
    const first = click();
    await volunteerButton(ctx, first.args);
    expect(first.rec.calls.map((c) => c.method)).toEqual(['chat.update', 'chat.postEphemeral']);
    expect(volunteers(db)).toEqual([ALICE]);
    const second = click();
    await volunteerButton(ctx, second.args);
    expect(second.rec.calls).toEqual([{ method: 'chat.postEphemeral', args: { channel: PARTY, user: ALICE, text: 'You have already volunteered for this round, thank you.' } }]);
    expect(volunteers(db)).toEqual([ALICE]);
  });

  it('an empty topic goes back into the form and stores nothing', async () => {
    const { ctx, db } = handlerContext(NOW);
    const meta = JSON.stringify({ ref: 'weekly|2026-12-03T10:00', channel: PARTY, messageTs: '1700000000.000500' });
    const { args, rec } = viewArgs({ user: ALICE, callbackId: 'ritual_topic_modal', privateMetadata: meta, values: { topic: { value: { type: 'plain_text_input', value: '   ' } } } });
    await topicSubmitted(ctx, args);
    expect(rec.acks).toEqual([{ response_action: 'errors', errors: { topic: 'Say what the topic is.' } }]);
    expect(rec.calls).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) FROM ritual_topics').pluck().get()).toBe(0);
  });
});
