import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { blockActionPayload } from '../helpers/signer.js';

/*
 * Each person's language defaults to their Slack locale (issue 14 item 3, decision 0030),
 * learnt with users.info after their first request, cached, never asked twice a day.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ learnSlackLocales: true });
});
afterAll(async () => {
  await t.stop();
});
beforeEach(() => {
  t.slack.reset();
});

const EN_HELP = 'Cadence runs your product rituals';
const FR_HELP = 'Cadence anime vos rituels produit';

async function help(user: string): Promise<string> {
  const res = await t.command({ command: '/cadence', text: 'help', user_id: user });
  return (res.json() as { text: string }).text;
}

/** Resolves once the learnt row for this person has a locale (the lookup runs after the ack). */
async function learnt(user: string): Promise<{ locale: string | null; language: string | null; fetched_at: string }> {
  const started = Date.now();
  for (;;) {
    const row = t.db.prepare('SELECT locale, language, fetched_at FROM slack_locales WHERE user_id = ?').get(user) as
      | { locale: string | null; language: string | null; fetched_at: string }
      | undefined;
    if (row?.locale) return row;
    if (Date.now() - started > 5000) throw new Error(`no locale learnt for ${user}: ${JSON.stringify(row)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const infoCallsFor = (user: string) => t.slack.callsTo('users.info').filter((c) => c.args['user'] === user);

describe('the Slack locale as the default language', () => {
  it('a new person whose Slack is in French gets French answers after their first interaction, with one users.info call', async () => {
    t.slack.locales.set('U0000FRNEW1', 'fr-FR');
    // First contact: the locale is not known yet, the organisation language answers (the ack never waits for Slack).
    expect(await help('U0000FRNEW1')).toContain(EN_HELP);
    const row = await learnt('U0000FRNEW1');
    expect(row).toMatchObject({ locale: 'fr-FR', language: 'fr' });
    const [call] = infoCallsFor('U0000FRNEW1');
    expect(call?.args).toMatchObject({ user: 'U0000FRNEW1', include_locale: 'true' });

    expect(await help('U0000FRNEW1')).toContain(FR_HELP);
    expect(await help('U0000FRNEW1')).toContain(FR_HELP);
    // Other commands neither ask Slack again within the day.
    const insightHelp = (await t.command({ command: '/insight', text: 'aide', user_id: 'U0000FRNEW1' })).json() as { text: string };
    expect(insightHelp.text).toContain('/insight');
    await new Promise((r) => setTimeout(r, 100));
    expect(infoCallsFor('U0000FRNEW1')).toHaveLength(1);
    // Nothing about it was stored as an explicit choice.
    expect(t.db.prepare('SELECT * FROM user_settings WHERE user_id = ?').get('U0000FRNEW1')).toBeUndefined();
  });

  it('an explicit choice wins over the Slack locale', async () => {
    t.slack.locales.set('U0000FRCHO1', 'fr-FR');
    await t.command({ command: '/cadence', text: 'language en', user_id: 'U0000FRCHO1' });
    expect(await learnt('U0000FRCHO1')).toMatchObject({ language: 'fr' });
    expect(await help('U0000FRCHO1')).toContain(EN_HELP);
    // Back to automatic: the Slack locale applies again.
    const auto = (await t.command({ command: '/cadence', text: 'langue auto', user_id: 'U0000FRCHO1' })).json() as { text: string };
    expect(auto.text).toContain('Slack');
    expect(await help('U0000FRCHO1')).toContain(FR_HELP);
    expect(infoCallsFor('U0000FRCHO1')).toHaveLength(1);
  });

  it('a failed lookup is not retried within the day; the organisation language applies meanwhile', async () => {
    t.slack.locales.set('U0000FRFAIL', 'fr-FR');
    t.slack.inject('users.info', { error: 'ratelimited' });
    expect(await help('U0000FRFAIL')).toContain(EN_HELP);
    await t.slack.waitForCalls('users.info', 0);
    const started = Date.now();
    while (!t.slack.calls.some((c) => c.method === 'users.info')) {
      if (Date.now() - started > 5000) throw new Error('users.info was never called');
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await help('U0000FRFAIL')).toContain(EN_HELP);
    await new Promise((r) => setTimeout(r, 100));
    expect(t.slack.calls.filter((c) => c.method === 'users.info')).toHaveLength(1);
    expect(t.db.prepare('SELECT locale, language FROM slack_locales WHERE user_id = ?').get('U0000FRFAIL')).toEqual({ locale: null, language: null });
  });
});

describe('the language select in the App Home', () => {
  const pick = (user: string, value: string) =>
    t.interact(blockActionPayload({ user, actionId: 'cadence_language', blockId: 'cadence_language', selectedOption: { value }, view: { type: 'home' } }));
  const title = (call: { args: Record<string, unknown> } | undefined) => JSON.stringify(call?.args['view']);

  it('shows the choice, saves a new one and redraws the Home in it; "Same as my Slack" forgets it; a forged value changes nothing', async () => {
    t.slack.locales.set('U0000HOMEL1', 'en-GB');
    await t.event({ type: 'app_home_opened', user: 'U0000HOMEL1', channel: 'D0000HOMEL1', tab: 'home', event_ts: '1700000000.000100' });
    const [opened] = await t.slack.waitForCalls('views.publish', 1);
    expect(title(opened)).toContain('"action_id":"cadence_language"');
    expect(title(opened)).toContain('"initial_option":{"text":{"type":"plain_text","text":"Same as my Slack"},"value":"auto"}');

    await pick('U0000HOMEL1', 'fr');
    const calls = await t.slack.waitForCalls('views.publish', 2);
    expect(t.db.prepare('SELECT language FROM user_settings WHERE user_id = ?').get('U0000HOMEL1')).toEqual({ language: 'fr' });
    expect(title(calls[1])).toContain('Votre semaine produit');
    expect(title(calls[1])).toContain('"initial_option":{"text":{"type":"plain_text","text":"Français"},"value":"fr"}');

    await pick('U0000HOMEL1', 'klingon');
    await pick('U0000HOMEL1', 'auto');
    const after = await t.slack.waitForCalls('views.publish', 3);
    expect(after).toHaveLength(3);
    expect(t.db.prepare('SELECT language FROM user_settings WHERE user_id = ?').get('U0000HOMEL1')).toEqual({ language: null });
    await learnt('U0000HOMEL1');
    expect(await help('U0000HOMEL1')).toContain(EN_HELP);
  });
});
