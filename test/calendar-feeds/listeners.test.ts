import { describe, expect, it } from 'vitest';
import { linkButton } from '../../src/calendar-feeds/listeners/actions.js';
import { calendarSubcommand } from '../../src/calendar-feeds/listeners/commands.js';
import { buttonArgs, commandArgs, handlerContext } from '../helpers/fake-args.js';

/* Calendar feeds' listeners called directly with fake Bolt arguments (issue 17). */
const NOW = new Date('2026-12-01T09:00:00Z');
const ALICE = 'U0000ALICE1';
const tokens = (db: ReturnType<typeof handlerContext>['db']) => db.prepare('SELECT COUNT(*) FROM calendar_tokens').pluck().get();

describe('calendar feed listeners without Bolt', () => {
  it('a reminder link button is only acknowledged', async () => {
    const { ctx } = handlerContext(NOW);
    const { args, rec } = buttonArgs({ user: ALICE, actionId: 'ritual_join', channel: 'C0000PRODUC', messageTs: '1700000000.000600' });
    await linkButton(ctx, args);
    expect(rec).toEqual({ acks: [undefined], responds: [], calls: [] });
  });

  it('`/cadence calendar` with an unknown word shows the usage and makes no link', async () => {
    const { ctx, db } = handlerContext(NOW);
    const { args, rec } = commandArgs({ user: ALICE, text: 'calendar please' });
    await calendarSubcommand(args, 'please', ctx);
    expect(rec.acks).toEqual([{ response_type: 'ephemeral', text: 'Usage: `/cadence calendar` (your feed links) or `/cadence calendar reset` (a new personal link).' }]);
    expect(tokens(db)).toBe(0);
  });

  it('without CADENCE_PUBLIC_URL it says so and makes no link', async () => {
    const { ctx, db } = handlerContext(NOW);
    const { args, rec } = commandArgs({ user: ALICE, text: 'calendar' });
    await calendarSubcommand(args, '', ctx);
    expect(JSON.stringify(rec.acks)).toContain('ask an admin to set CADENCE_PUBLIC_URL');
    expect(tokens(db)).toBe(0);
  });

  it('with it, gives the person their link and the organisation’s, made once', async () => {
    const { ctx, db } = handlerContext(NOW);
    const withUrl = { ...ctx, secrets: { publicUrl: 'https://cadence.example.com' } };
    for (let i = 0; i < 2; i++) {
      const { args, rec } = commandArgs({ user: ALICE, text: 'calendar' });
      await calendarSubcommand(args, '', withUrl);
      expect(JSON.stringify(rec.acks)).toMatch(/https:\/\/cadence\.example\.com\/calendar\/[^"]+\.ics/);
    }
    expect(tokens(db)).toBe(2);
  });
});
