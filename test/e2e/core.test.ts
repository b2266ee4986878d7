import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { App } from '@slack/bolt';
import { sendCommand, slashCommandBody, sendToSlackEndpoint } from '../helpers/signer.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

describe('core end to end', () => {
  it('/cadence help answers ephemerally through the real receiver', async () => {
    const res = await t.command({ command: '/cadence', text: 'help', user_id: 'U0000PMPAY1' });
    expect(res.status).toBe(200);
    const body = res.json() as { response_type: string; text: string; blocks: { type: string }[] };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('Cadence runs your product rituals');
    expect(body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Cadence runs your product rituals' } });
    // Nothing was posted to a channel for a help request.
    expect(t.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('/cadence with no text shows help; an unknown subcommand says how to get help', async () => {
    const bare = (await t.command({ command: '/cadence', text: '', user_id: 'U0000PMPAY1' })).json() as { text: string };
    expect(bare.text).toContain('Cadence runs your product rituals');
    const unknown = (await t.command({ command: '/cadence', text: 'dance now', user_id: 'U0000PMPAY1' })).json() as { text: string };
    expect(unknown.text).toBe('I do not know `/cadence dance`. Try `/cadence help`.');
  });

  it('/cadence language fr stores the choice; help then answers in French', async () => {
    const set = (await t.command({ command: '/cadence', text: 'language fr', user_id: 'U0000FRENCH' })).json() as { text: string };
    expect(set.text).toContain('en français');
    expect(t.db.prepare('SELECT language FROM user_settings WHERE user_id = ?').get('U0000FRENCH')).toEqual({ language: 'fr' });
    const help = (await t.command({ command: '/cadence', text: 'help', user_id: 'U0000FRENCH' })).json() as { text: string };
    expect(help.text).toContain('Cadence anime vos rituels produit');
  });

  it('/cadence language with a bad value explains the usage and stores nothing', async () => {
    const res = (await t.command({ command: '/cadence', text: 'language klingon', user_id: 'U0000KLINGO' })).json() as { text: string };
    // Issue 14 item 3: the usage now names `auto` (back to the Slack locale) too.
    expect(res.text).toBe('Usage: `/cadence language en`, `/cadence language fr` or `/cadence language auto` (your Slack’s language); you wrote `klingon`.');
    expect(t.db.prepare('SELECT * FROM user_settings WHERE user_id = ?').get('U0000KLINGO')).toBeUndefined();
  });

  it('a bad signature gets 401 and no handler runs', async () => {
    const spy = vi.spyOn(App.prototype, 'processEvent');
    const before = t.db.prepare('SELECT COUNT(*) AS n FROM user_settings').get();
    const res = await sendCommand(
      t.eventsUrl,
      { command: '/cadence', text: 'language fr', user_id: 'U0000FORGED' },
      { signingSecret: 'not-the-secret' },
    );
    expect(res.status).toBe(401);
    expect(spy).not.toHaveBeenCalled();
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM user_settings').get()).toEqual(before);
    // Control: the same request, correctly signed, does reach the app (so the spy can see handlers run).
    await t.command({ command: '/cadence', text: 'help', user_id: 'U0000FORGED' });
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  it('a stale timestamp (> 5 minutes) gets 401 even with a valid signature', async () => {
    const spy = vi.spyOn(App.prototype, 'processEvent');
    const res = await sendToSlackEndpoint(
      t.eventsUrl,
      slashCommandBody({ command: '/cadence', text: 'language fr', user_id: 'U0000STALE1' }),
      'application/x-www-form-urlencoded',
      { signingSecret: SIGNING_SECRET, timestampSeconds: Math.floor(Date.now() / 1000) - 6 * 60 },
    );
    expect(res.status).toBe(401);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(t.db.prepare('SELECT * FROM user_settings WHERE user_id = ?').get('U0000STALE1')).toBeUndefined();
  });

  it('every command the manifest declares is answered by its feature: /agenda shows the agenda', async () => {
    const res = (await t.command({ command: '/agenda', text: '', user_id: 'U0000PMPAY1' })).json() as { text: string; response_type: string };
    expect(res.response_type).toBe('ephemeral');
    expect(res.text).toMatch(/^Product Alignment Meeting — /);
  });

  it('GET /healthz is 200 with the database reachable, 503 when it is not', async () => {
    const ok = await fetch(`${t.baseUrl}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ status: 'ok', database: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });
});

describe('health when the store is gone', () => {
  it('answers 503', async () => {
    const app = await startTestApp();
    try {
      app.db.close();
      const res = await fetch(`${app.baseUrl}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'unavailable', database: 'unreachable' });
    } finally {
      await app.cadence.stop();
      await app.slack.close();
    }
  });
});
