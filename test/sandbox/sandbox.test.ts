import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { exampleOrgConfig } from '../helpers/org.js';
import { tempDir } from '../helpers/tmp.js';

const PAYMENTS = 'C0000PAYMNT';
const DIGEST = 'C0000DIGEST';
const ADMIN = 'U0000ADMIN1';
const LEAD = 'U0000PMPAY1';

let sandbox: Sandbox;
const tmp = tempDir();

beforeAll(async () => {
  sandbox = await startSandbox({ org: exampleOrgConfig(), dbPath: join(tmp.dir, 'sandbox.db'), port: 0, logger: silentLogger(), tick: false });
});
afterAll(async () => {
  await sandbox.stop();
  tmp.cleanup();
});
beforeEach(async () => {
  await sandbox.actions.reset(sandbox.ctx.db);
});

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; log: ${JSON.stringify(sandbox.workspace.snapshot(ADMIN).log)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const messagesIn = (channel: string, viewer = ADMIN) => sandbox.workspace.snapshot(viewer).messages[channel] ?? [];

describe('the sandbox workspace', () => {
  it('serves the page with the banner, and its state', async () => {
    const page = await fetch(`${sandbox.url}/`);
    expect(await page.text()).toContain('Sandbox — not connected to Slack');
    const state = (await (await fetch(`${sandbox.url}/sandbox/api/state?as=${LEAD}`)).json()) as Record<string, unknown>;
    expect(state['banner']).toBe('Sandbox — not connected to Slack');
    expect((state['personas'] as { name: string }[]).map((p) => p.name)).toEqual(expect.arrayContaining(['Admin', 'Approver (VP Product)', 'Payments tribe lead', 'Sales / CSM']));
    expect((state['commands'] as { command: string }[]).map((c) => c.command)).toEqual(['/cadence', '/insight', '/pitch', '/bug', '/agenda', '/roadmap']);
  });

  it('/insight typed in the message box goes through the signed receiver: ephemeral to its author, triage card in the tribe channel', async () => {
    await sandbox.actions.send(ADMIN, PAYMENTS, '/insight Checkout is slow on Safari tribe:payments customer:Acme');
    const card = await until('the triage card', () => messagesIn(PAYMENTS).find((m) => m.ephemeralFor === undefined && JSON.stringify(m.blocks).includes('Checkout is slow on Safari')));
    expect(card.user).toBe('UBOT');
    // The author sees the ephemeral confirmation; another person does not.
    expect(messagesIn(PAYMENTS, ADMIN).some((m) => m.ephemeralFor === ADMIN)).toBe(true);
    expect(messagesIn(PAYMENTS, LEAD).some((m) => m.ephemeralFor !== undefined)).toBe(false);
    expect(sandbox.ctx.db.prepare('SELECT count(*) AS n FROM insights').get()).toEqual({ n: 1 });
  });

  it('a global ⚡ shortcut goes through the signed receiver and opens its form; an undeclared one is refused', async () => {
    await sandbox.actions.globalShortcut(ADMIN, 'global_register_bug');
    const opened = await until('the bug form', () => sandbox.slack.calls.find((c) => c.method === 'views.open'));
    expect(opened.ok).toBe(true);
    expect((opened.args['view'] as { callback_id: string }).callback_id).toBe('bug_register');
    await expect(sandbox.actions.globalShortcut(ADMIN, 'log_insight')).rejects.toThrow('no global shortcut log_insight');
  });

  it('an unknown command is refused with a clear message and nothing is sent', async () => {
    await expect(sandbox.actions.send(ADMIN, PAYMENTS, '/nope hello')).rejects.toThrow('/nope is not a valid command');
    expect(messagesIn(PAYMENTS)).toEqual([]);
    expect(sandbox.slack.calls.filter((c) => c.method.startsWith('chat.'))).toEqual([]);
  });

  it('a plain message is a person’s message, its markup escaped as Slack does', async () => {
    await sandbox.actions.send(LEAD, PAYMENTS, 'Hello <!channel> & all');
    expect(messagesIn(PAYMENTS)).toEqual([expect.objectContaining({ user: LEAD, text: 'Hello &lt;!channel&gt; &amp; all' })]);
  });

  it('refuses what Slack would refuse given the state, and says so in the log', async () => {
    await expect(sandbox.ctx.client.chat.update({ channel: PAYMENTS, ts: '1.000001', text: 'x' })).rejects.toThrow('message_not_found');
    await expect(sandbox.ctx.client.chat.postMessage({ channel: 'C0NOWHERE', text: 'x' })).rejects.toThrow('channel_not_found');
    const log = sandbox.workspace.snapshot(ADMIN).log.map((l) => l.text);
    expect(log).toEqual(expect.arrayContaining(['Slack refused chat.update: message_not_found', 'Slack refused chat.postMessage: channel_not_found']));
  });

  it('chat.update edits in place and chat.delete removes', async () => {
    const posted = await sandbox.ctx.client.chat.postMessage({ channel: PAYMENTS, text: 'first' });
    await sandbox.ctx.client.chat.update({ channel: PAYMENTS, ts: posted.ts ?? '', text: 'second' });
    expect(messagesIn(PAYMENTS)).toEqual([expect.objectContaining({ text: 'second', edited: true })]);
    await sandbox.ctx.client.chat.delete({ channel: PAYMENTS, ts: posted.ts ?? '' });
    expect(messagesIn(PAYMENTS)).toEqual([]);
  });

  it('moving the clock to next Monday 09:00 runs the jobs it passes: the weekly digest is posted', async () => {
    const before = sandbox.clock.now();
    const result = await sandbox.actions.moveClock('next-monday');
    expect(new Date(result.now).getTime()).toBeGreaterThan(before.getTime());
    expect(messagesIn(DIGEST).length).toBeGreaterThan(0);
    expect(sandbox.workspace.snapshot(ADMIN).log.some((l) => l.kind === 'job' && l.text.startsWith('digests'))).toBe(true);
  });

  it('Reset empties the database and the workspace and brings the clock back', async () => {
    await sandbox.actions.send(ADMIN, PAYMENTS, '/insight Something tribe:payments');
    await until('the card', () => (messagesIn(PAYMENTS).length >= 2 ? true : undefined));
    await sandbox.actions.moveClock('plus-day');
    await sandbox.actions.reset(sandbox.ctx.db);
    expect(sandbox.ctx.db.prepare('SELECT count(*) AS n FROM insights').get()).toEqual({ n: 0 });
    expect(messagesIn(PAYMENTS)).toEqual([]);
    expect(Math.abs(sandbox.clock.now().getTime() - Date.now())).toBeLessThan(5000);
    // The search index followed the rows.
    expect(sandbox.ctx.db.prepare(`SELECT count(*) AS n FROM insights_fts WHERE insights_fts MATCH 'Something'`).get()).toEqual({ n: 0 });
  });

  it('the JSON interface answers bad input with 400 and a message', async () => {
    const res = await fetch(`${sandbox.url}/sandbox/api/send`, { method: 'POST', body: JSON.stringify({ as: 'U0NOBODY', channel: PAYMENTS, text: 'hi' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('unknown person U0NOBODY');
    const clock = await fetch(`${sandbox.url}/sandbox/api/clock`, { method: 'POST', body: JSON.stringify({ move: 'yesterday' }) });
    expect(clock.status).toBe(400);
    expect(messagesIn(PAYMENTS)).toEqual([]);
  });
});

describe('a sandbox restarted on the same database', () => {
  it('finds its conversations and its clock again; a corrupt state file is only a warning', async () => {
    const dir = tempDir();
    const dbPath = join(dir.dir, 'sandbox.db');
    const first = await startSandbox({ org: exampleOrgConfig(), dbPath, port: 0, logger: silentLogger(), tick: false });
    await first.actions.send(LEAD, PAYMENTS, 'Remember me');
    await first.actions.moveClock('plus-day');
    const ahead = first.clock.now().getTime() - Date.now();
    await first.stop();

    const second = await startSandbox({ org: exampleOrgConfig(), dbPath, port: 0, logger: silentLogger(), tick: false });
    try {
      expect(second.workspace.snapshot(LEAD).messages[PAYMENTS]?.filter((m) => m.user === LEAD)).toEqual([expect.objectContaining({ text: 'Remember me' })]);
      expect(second.clock.now().getTime() - Date.now()).toBeGreaterThan(ahead - 60_000);
    } finally {
      await second.stop();
    }
    writeFileSync(`${dbPath}.workspace.json`, '{ not json');
    const third = await startSandbox({ org: exampleOrgConfig(), dbPath, port: 0, logger: silentLogger(), tick: false });
    try {
      expect(third.workspace.snapshot(LEAD).messages[PAYMENTS]?.filter((m) => m.user === LEAD) ?? []).toEqual([]);
    } finally {
      await third.stop();
      dir.cleanup();
    }
  });
});
