import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

const ADMIN = 'U0000ADMIN1';
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock(new Date('2026-11-21T10:00:00Z')) });
});
afterAll(async () => {
  await t.stop();
});

const skips = () => t.db.prepare('SELECT ritual_key, local_date, skipped_by FROM ritual_skips ORDER BY local_date').all();
const skip = async (text: string, user = ADMIN) => ((await t.command({ command: '/cadence', text: `skip ${text}`, user_id: user })).json() as { text: string; response_type: string });

describe('/cadence skip (admins)', () => {
  it('refuses non-admins and writes nothing', async () => {
    const res = await skip('pam 2026-12-24', 'U0000PMPAY1');
    expect(res.response_type).toBe('ephemeral');
    expect(res.text).toBe('Only Cadence admins can skip a ritual. Ask one of: <@U0000ADMIN1>.');
    expect(skips()).toEqual([]);
  });

  it('explains every bad input and writes nothing', async () => {
    expect((await skip('')).text).toMatch(/^Usage: `\/cadence skip <ritual> <YYYY-MM-DD>`.*Rituals: `pam`, `decision`/);
    expect((await skip('pam')).text).toMatch(/^Usage:/);
    expect((await skip('pam 2026-12-24 extra')).text).toMatch(/^Usage:/);
    expect((await skip('standup 2026-12-24')).text).toMatch(/^There is no ritual `standup`\. Rituals: `pam`/);
    expect((await skip('pam 24/12/2026')).text).toBe('`24/12/2026` is not a date written YYYY-MM-DD (for example 2026-12-24).');
    expect((await skip('pam 2026-02-30')).text).toBe('`2026-02-30` is not a date written YYYY-MM-DD (for example 2026-12-24).');
    expect((await skip('pam 2026-12-23')).text).toBe(
      'Product Alignment Meeting does not happen on 2026-12-23. Next dates: 2026-11-26, 2026-12-03, 2026-12-10.',
    );
    expect((await skip('pam 2026-11-19')).text).toBe('2026-11-19 is already past: nothing to skip.');
    expect(skips()).toEqual([]);
  });

  it('skips one occurrence once; a repeat says so', async () => {
    expect((await skip('pam 2026-12-24')).text).toBe('Done: Product Alignment Meeting on 2026-12-24 is skipped, with all its reminders and steps.');
    expect((await skip('PAM 2026-12-24')).text).toBe('Product Alignment Meeting on 2026-12-24 was already skipped.');
    expect(skips()).toEqual([{ ritual_key: 'pam', local_date: '2026-12-24', skipped_by: ADMIN }]);
  });
});
