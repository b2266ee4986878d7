import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { blockActionPayload } from '../helpers/signer.js';

/*
 * Issue 14 items 3 and 4 (decision 0030), end to end through the real receiver:
 * French words for every command, unknown `word:value` options refused with the
 * closest key and nothing written, and "/insight Search is slow…" logged with
 * a *Search instead* button.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});
beforeEach(() => {
  t.slack.reset();
});

const FR = 'U0000FRLEA1';
const EN = 'U0000ENBOB1';
const NNBSP = '\u202f';

interface Answer {
  text: string;
  blocks?: unknown[];
}

async function say(command: string, text: string, user = FR, channel = 'C0GENERAL'): Promise<Answer> {
  const res = await t.command({ command, text, user_id: user, channel_id: channel });
  expect(res.status).toBe(200);
  return res.json() as Answer;
}
const count = (table: string) => t.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

async function triageTs(id: number): Promise<{ channel: string; ts: string }> {
  for (let i = 0; i < 200; i++) {
    const r = t.db.prepare('SELECT triage_channel, triage_ts FROM insights WHERE id = ?').get(id) as { triage_channel: string | null; triage_ts: string | null } | undefined;
    if (r?.triage_ts && r.triage_channel) return { channel: r.triage_channel, ts: r.triage_ts };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no triage card for #${id}`);
}

describe('French words', () => {
  beforeAll(async () => {
    expect((await say('/cadence', 'langue français')).text).toContain('en français');
  });

  it('/cadence aide answers in French and lists the French forms', async () => {
    const help = await say('/cadence', 'aide');
    expect(help.text).toContain('Cadence anime vos rituels produit');
    expect(JSON.stringify(help.blocks)).toContain(`En français aussi${NNBSP}: \`aide\` (help), \`langue\` (language)`);
    // An English speaker does not get the French line.
    expect(JSON.stringify((await say('/cadence', 'help', EN)).blocks)).not.toContain('En français aussi');
  });

  it('/insight: aide, liste, and French keys and values are stored as their English meaning', async () => {
    expect((await say('/insight', 'aide')).text).toContain(`Consigner un insight${NNBSP}:`);
    const before = count('insights');
    const logged = await say('/insight', 'Export lent pour les gros comptes client:"Société Générale" tribu:payments source:appel #export', FR, 'C0GENERAL');
    expect(logged.text).toContain('Export lent pour les gros comptes');
    expect(count('insights')).toBe(before + 1);
    expect(t.db.prepare('SELECT text, customer, tribe, source, tags FROM insights ORDER BY id DESC LIMIT 1').get()).toEqual({
      text: 'Export lent pour les gros comptes',
      customer: 'Société Générale',
      tribe: 'payments',
      source: 'call',
      tags: 'export',
    });
    const list = await say('/insight', 'liste mes tribu:payments');
    expect(list.text).toContain('Export lent pour les gros comptes');
    expect(count('insights')).toBe(before + 1);
  });

  it('/pitch, /bug and /agenda take their French subcommands', async () => {
    expect((await say('/pitch', 'aide')).text).toContain('/pitch liste');
    expect((await say('/pitch', 'liste statut:toutes')).text).not.toContain('Je ne comprends pas');
    const bugHelp = await say('/bug', 'aide');
    expect(bugHelp.text).toContain('sévérité:critique|haute|moyenne|basse');
    expect((await say('/bug', 'liste dépassés')).text).not.toContain('Usage');
    expect((await say('/agenda', 'aide')).text).toContain('/agenda inscription');
    // A French severity is stored as its meaning.
    await say('/bug', 'PAY-4242 Le paiement échoue sur Safari sévérité:critique équipe:checkout');
    expect(t.db.prepare('SELECT severity, team, title FROM bugs WHERE key = ?').get('PAY-4242')).toEqual({
      severity: 'critical',
      team: 'checkout',
      title: 'Le paiement échoue sur Safari',
    });
  });

  it('an unknown option is refused with the closest key, in the person’s language, and nothing is written', async () => {
    const insights = count('insights');
    const bugs = count('bugs');
    const fr = await say('/insight', 'Export lent clients:Acme', FR, 'C0000PAYMNT');
    expect(fr.text).toBe(
      `\`clients:\`${NNBSP}? Vouliez-vous dire \`client:\`${NNBSP}? Rien n’a été enregistré. Pour le garder dans le texte, mettez une espace après les deux-points.`,
    );
    const en = await say('/insight', 'Slow export custmer:Acme', EN, 'C0000PAYMNT');
    expect(en.text).toContain('`custmer:`? Did you mean `customer:`? Nothing was saved.');
    const bug = await say('/bug', 'PAY-4343 Le paiement échoue sevrit:haute');
    expect(bug.text).toContain('Vouliez-vous dire `severity:`');
    expect(count('insights')).toBe(insights);
    expect(count('bugs')).toBe(bugs);
    expect(t.slack.callsTo('chat.postMessage')).toEqual([]);
  });

  it('times, links and "Note: …" stay in the text', async () => {
    const logged = await say('/insight', 'Note: le call de 10:30 a montré <https://x.io/a> ratio 3:1', EN, 'C0000PAYMNT');
    expect(logged.text).toContain('Note: le call de 10:30');
  });
});

describe('/insight first word (item 4)', () => {
  it('"Search is slow on tablets" is logged, with Search instead; the button removes it and searches', async () => {
    const before = count('insights');
    const answer = await say('/insight', 'Search is slow on tablets', EN, 'C0000PAYMNT');
    expect(count('insights')).toBe(before + 1);
    const id = t.db.prepare('SELECT MAX(id) FROM insights').pluck().get() as number;
    expect(answer.text).toContain(`Logged insight #${id}. Search is slow on tablets`);
    const json = JSON.stringify(answer.blocks);
    expect(json).toContain('"action_id":"insight_search_instead"');
    expect(json).toContain(`"value":"${id}:is slow on tablets"`);
    expect(json).toContain('/insight ? is slow on tablets');
    const card = await triageTs(id);

    await t.interact(blockActionPayload({ user: EN, actionId: 'insight_search_instead', value: `${id}:is slow on tablets`, channel: 'C0000PAYMNT', responseUrl: t.slack.responseUrl() }));
    const [reply] = await t.slack.waitForCalls('response_url', 1);
    expect(reply?.args).toMatchObject({ replace_original: true });
    expect(String(reply?.args['text'])).toContain(`Insight #${id} was removed: you wanted to search for “is slow on tablets”.`);
    expect(count('insights')).toBe(before);
    await t.slack.waitForCalls('chat.delete', 1);
    expect(t.slack.callsTo('chat.delete')[0]?.args).toMatchObject(card);
    // Slack accepted every answer (the ack with its extra button, the replaced message).
    expect(t.slack.calls.filter((c) => !c.ok)).toEqual([]);
  });

  it('someone else’s click searches but leaves the insight', async () => {
    await say('/insight', 'search results ignore accents', EN, 'C0000PAYMNT');
    const id = t.db.prepare('SELECT MAX(id) FROM insights').pluck().get() as number;
    await t.interact(blockActionPayload({ user: FR, actionId: 'insight_search_instead', value: `${id}:results ignore accents`, channel: 'C0000PAYMNT', responseUrl: t.slack.responseUrl() }));
    const [reply] = await t.slack.waitForCalls('response_url', 1);
    expect(String(reply?.args['text'])).toContain(`L’insight #${id} reste consigné`);
    expect(t.db.prepare('SELECT id FROM insights WHERE id = ?').get(id)).toEqual({ id });
    expect(t.slack.calls.filter((c) => !c.ok)).toEqual([]);
  });

  it.each([
    ['List view crashes on iPad', 'List view crashes on iPad'],
    ['Help center links are broken', 'Help center links are broken'],
    ['Recherche trop lente sur tablette', 'Recherche trop lente sur tablette'],
  ])('"%s" is logged as written', async (text, stored) => {
    await say('/insight', text, EN, 'C0000PAYMNT');
    expect(t.db.prepare('SELECT text FROM insights ORDER BY id DESC LIMIT 1').pluck().get()).toBe(stored);
  });

  it('"? words" and "recherche : mots" search, and write nothing', async () => {
    const before = count('insights');
    expect((await say('/insight', '? tablets', EN)).text).toContain('tablets');
    expect((await say('/insight', `recherche${NNBSP}: tablette`, FR)).text).toContain('tablette');
    expect(count('insights')).toBe(before);
  });
});
