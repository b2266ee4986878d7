// `npm run gallery`: every message, modal and Home view Cadence produces, in English
// and French, from representative data, as one HTML page and one PNG per item
// (gallery/ by default; `npm run gallery -- <dir>`). A sandbox per language is played
// through a PAM week, insights, pitches and a bug by the same actions a person uses
// in the page; the gallery page renders what the app showed with the page's renderer,
// in headless Chromium.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { parseOrgConfig, type OrgConfig } from '../config/org.js';
import { silentLogger } from '../logger.js';
import { exampleConfigPath } from '../paths.js';
import { findChromium, launchChromium, MISSING_BROWSER } from './browser.js';
import { STYLES } from './page-html.js';
import { startSandbox, type Sandbox } from './server.js';
import type { ViewEntry } from './workspace.js';

type Json = Record<string, unknown>;

const ADMIN = 'U0000ADMIN1';
const APPROVER = 'U0000VPPRD1';
const LEAD = 'U0000PMPAY1';
const PM = 'U0000PMPAY2';
const CSM = 'U0SANDBOXCSM';
const GENERAL = 'C0000GENERL';
const PAYMENTS = 'C0000PAYMNT';
const OPPORTUNITIES = 'C0000OPPORT';

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function records(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** view.state.values for a modal, from answers by block_id (option values for selects and radios). */
export function fillValues(view: Json, answers: Record<string, string>): Json {
  const values: Json = {};
  for (const block of records(view['blocks'])) {
    const element = block['element'];
    if (block['type'] !== 'input' || !isRecord(element)) continue;
    const blockId = String(block['block_id']);
    const actionId = String(element['action_id']);
    const type = String(element['type']);
    const answer = answers[blockId];
    const option = (value: string | undefined) => {
      const found = [...records(element['options']), ...records(element['option_groups']).flatMap((g) => records(g['options']))].find((o) => o['value'] === value);
      return found ? { text: found['text'], value: found['value'] } : (isRecord(element['initial_option']) ? element['initial_option'] : null);
    };
    let value: Json;
    if (type === 'static_select' || type === 'radio_buttons' || type === 'external_select') value = { type, selected_option: option(answer) };
    else if (type.startsWith('multi_') || type === 'checkboxes') value = { type, selected_options: [] };
    else if (type === 'users_select') value = { type, selected_user: answer ?? null };
    else if (type === 'datepicker') value = { type, selected_date: answer ?? null };
    else value = { type, value: answer ?? (typeof element['initial_value'] === 'string' ? element['initial_value'] : null) };
    values[blockId] = { [actionId]: value };
  }
  return values;
}

function findButton(sb: Sandbox, viewer: string, channel: string, actionId: string): { ts: string; action: Json } | undefined {
  const list = sb.workspace.snapshot(viewer).messages[channel] ?? [];
  for (const m of [...list].reverse()) {
    for (const block of records(m.blocks)) {
      const elements = [...records(block['elements']), ...(isRecord(block['accessory']) ? [block['accessory']] : [])];
      const button = elements.find((e) => e['action_id'] === actionId);
      if (button) return { ts: m.ts, action: { type: 'button', action_id: actionId, block_id: block['block_id'], text: button['text'], value: button['value'] } };
    }
  }
  return undefined;
}

async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 150));
}

/** The representative week, as people would play it in the page. */
async function play(sb: Sandbox, say: (line: string) => void): Promise<void> {
  const a = sb.actions;
  const started = Date.now();
  const step = async (label: string, work: () => Promise<unknown>) => {
    if (process.env['GALLERY_TRACE']) say(`  ${((Date.now() - started) / 1000).toFixed(1)}s ${label}`);
    try {
      await work();
      await settle();
    } catch (err) {
      say(`  (${label}: ${err instanceof Error ? err.message : String(err)})`);
    }
  };
  /** The app opens modals after its ack: wait for it (as a person waits for the modal to show). */
  const top = async (user: string): Promise<ViewEntry> => {
    for (let i = 0; i < 60; i++) {
      const v = sb.workspace.topModal(user);
      if (v) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('no modal open');
  };
  const submit = async (user: string, answers: Record<string, string>) => {
    const v = await top(user);
    await a.submit(user, v.id, fillValues(v.view, answers));
  };
  const closeAll = async (user: string) => {
    for (let v = sb.workspace.topModal(user); v; v = sb.workspace.topModal(user)) await a.close(user, v.id);
  };

  await step('help', () => a.send(CSM, GENERAL, '/cadence help'));
  await step('insight', () => a.send(CSM, GENERAL, '/insight Export to CSV is missing in reports #reports tribe:discovery customer:Globex source:call'));
  await step('insight 2', () => a.send(LEAD, PAYMENTS, '/insight Checkout is *slow* on Safari tribe:payments customer:Acme'));
  await step('insight 3', () => a.send(ADMIN, GENERAL, '/insight Onboarding emails land in spam'));
  await step('insight modal', async () => {
    await a.send(LEAD, PAYMENTS, '/insight');
    await top(LEAD);
    await closeAll(LEAD);
  });
  await step('insight list', () => a.send(LEAD, PAYMENTS, '/insight list'));
  await step('insight search', () => a.send(LEAD, PAYMENTS, '/insight ? checkout'));
  await step('log as insight', async () => {
    const m = sb.workspace.postAsPerson(LEAD, PAYMENTS, 'Customers keep asking for Apple Pay at checkout');
    await a.shortcut(CSM, PAYMENTS, m.ts, 'log_insight');
    await top(CSM);
    await closeAll(CSM);
  });
  /** Clicks the latest `actionId` button `user` can see, anywhere; a modal it opens is recorded, then closed. */
  const click = async (user: string, actionId: string) => {
    for (const channel of Object.keys(sb.workspace.snapshot(user).messages)) {
      const button = findButton(sb, user, channel, actionId);
      if (!button) continue;
      await a.action(user, { channel, ts: button.ts, action: button.action, values: {} });
      await settle();
      await closeAll(user);
      return;
    }
    throw new Error(`no ${actionId} button`);
  };
  const pitchAnswers = {
    problem: 'Mobile shoppers abandon the checkout',
    segment: 'Mobile shoppers',
    metric: 'Mobile checkout conversion',
    target: '3.5 %',
    value: '120k',
    kind: 'painkiller',
    commitment: 'conversion',
    tribe: 'payments',
    initiatives: 'One-page checkout',
    reach: '1200',
    impact: '2',
    confidence: '80',
    effort: '3',
    origin: 'bottom_up',
  };
  await step('pitch', async () => {
    await a.send(PM, OPPORTUNITIES, '/pitch One-page checkout');
    // Two steps (issue 14 item 13): Next pushes step 2, where a bad Reach is shown, then fixed.
    await submit(PM, pitchAnswers);
    await submit(PM, { ...pitchAnswers, reach: 'lots' });
    await submit(PM, pitchAnswers);
  });
  await step('pitch 2', async () => {
    await a.send(LEAD, OPPORTUNITIES, '/pitch Instalments for large baskets');
    const answers = { ...pitchAnswers, problem: 'Large baskets are abandoned', origin: 'top_down', reach: '300' };
    await submit(LEAD, answers);
    await submit(LEAD, answers);
  });
  for (const text of ['/pitch list', '/pitch show 1', '/pitch health']) await step(text, () => a.send(PM, OPPORTUNITIES, text));
  for (const id of ['insight_add_tags', 'insight_link_opportunity', 'insight_details']) await step(id, () => click(LEAD, id));
  for (const id of ['opp_add_evidence', 'opp_edit', 'opp_details']) await step(id, () => click(PM, id));
  await step('bug modal', async () => {
    await a.send(LEAD, 'C0000CHKOUT', '/bug');
    await top(LEAD);
    await closeAll(LEAD);
  });
  await step('bug', () => a.send(LEAD, 'C0000CHKOUT', '/bug PAY-101 Refunds fail for Amex cards severity:high team:checkout @Checkout PM'));
  for (const text of ['/bug list', '/bug stats', '/bug show PAY-101']) await step(text, () => a.send(LEAD, 'C0000CHKOUT', text));
  await step('tracker', () => a.tracker({ key: 'PAY-202', title: 'Card payment fails on Safari', severity: 'critical', team: 'checkout', owner: PM }));
  for (const who of [LEAD, PM, APPROVER, CSM]) await step('home', () => a.openHome(who));

  // A PAM week: sign-ups, validation, the agenda, the reminder, the outcomes.
  const nextUntil = async (what: string, max = 20) => {
    for (let i = 0; i < max; i++) {
      const before = sb.workspace.snapshot(ADMIN).log.at(-1)?.seq ?? 0;
      await a.moveClock('next-step');
      if (sb.workspace.snapshot(ADMIN).log.some((l) => l.seq > before && l.kind === 'clock' && l.text.includes(what))) return;
    }
    throw new Error(`no "${what}" within ${max} ritual steps`);
  };
  await step('signups', () => nextUntil('Product Alignment Meeting: open-signups'));
  await step('agenda', () => a.send(PM, 'C0000PAMEET', '/agenda'));
  await step('signup', async () => {
    await a.send(PM, 'C0000PAMEET', '/agenda pam signup');
    const v = await top(PM);
    const select = records(v.view['blocks']).find((b) => b['block_id'] === 'opportunity');
    const first = isRecord(select?.['element']) ? records(select['element']['options'])[0] : undefined;
    await submit(PM, { opportunity: String(first?.['value'] ?? '1') });
  });
  await step('validation', () => nextUntil('request-validation'));
  await step('decline modal', () => click(APPROVER, 'agenda_decline'));
  await step('approve', () => click(APPROVER, 'agenda_approve'));
  await step('outcomes', () => nextUntil('Product Alignment Meeting: outcomes'));
  await step('rework modal', () => click(APPROVER, 'agenda_outcome_rework'));
  await step('go', () => click(APPROVER, 'agenda_outcome_go'));
  await step('digest', () => a.moveClock('next-monday'));
  await step('full digest', () => click(PM, 'digest_full'));
  for (let i = 0; i < 3; i++) await step('bug ladder', () => a.moveClock('plus-day'));
  for (const who of [LEAD, PM, APPROVER]) await step('home again', () => a.openHome(who));
}

function galleryPage(sections: readonly string[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cadence gallery — every message, modal and Home view, EN and FR</title>
<style>${STYLES}
body { background: #f4f4f4; padding: 18px; } .language { margin-bottom: 40px; } h1 { font-size: 22px; }</style></head>
<body class="gallery"><div id="banner">Sandbox — not connected to Slack · gallery</div>
<p><a href="#en">English</a> · <a href="#fr">Français</a> · one PNG per item in en/ and fr/</p>
${sections.join('\n')}
</body></html>
`;
}

function orgIn(language: 'en' | 'fr'): OrgConfig {
  const org = parseOrgConfig(readFileSync(exampleConfigPath(), 'utf8'), 'cadence.example.yml');
  return { ...org, organisation: { ...org.organisation, language } };
}

async function main(): Promise<number> {
  const out = resolve(process.argv[2] ?? 'gallery');
  const chromium = findChromium();
  if (!chromium) {
    process.stderr.write(`${MISSING_BROWSER}\n`);
    return 1;
  }
  const work = mkdtempSync(join(tmpdir(), 'cadence-gallery-'));
  const browser = await launchChromium(chromium);
  const sections: string[] = [];
  try {
    for (const language of ['en', 'fr'] as const) {
      process.stdout.write(`${language}: playing a week in a sandbox…\n`);
      const sb = await startSandbox({ org: orgIn(language), dbPath: join(work, `${language}.db`), port: 0, logger: silentLogger(), tick: false });
      try {
        await play(sb, (line) => process.stdout.write(`${line}\n`));
        const page = await browser.context.newPage();
        await page.setViewportSize({ width: 820, height: 900 });
        await page.goto(`${sb.url}/sandbox/gallery`);
        await page.waitForSelector('body[data-ready="true"]');
        mkdirSync(join(out, language), { recursive: true });
        const items = page.locator('.gallery-item');
        const count = await items.count();
        for (let i = 0; i < count; i++) {
          const item = items.nth(i);
          const kind = (await item.getAttribute('data-kind')) ?? 'item';
          await item.screenshot({ path: join(out, language, `${String(i + 1).padStart(3, '0')}-${kind}.png`) });
        }
        const html = await page.locator('#root').innerHTML();
        if (language === 'en') {
          // The README's picture of the sandbox: the alignment meeting's channel after the week played above.
          const app = await browser.context.newPage();
          await app.setViewportSize({ width: 1400, height: 860 });
          await app.goto(sb.url);
          await app.waitForSelector('#who-am-i');
          await app.selectOption('#who-am-i', PM);
          await app.click('.sidebar [data-channel="C0000PAMEET"]');
          await app.waitForTimeout(600);
          await app.screenshot({ path: join(out, 'sandbox.png') });
          await app.close();
        }
        sections.push(`<section class="language" id="${language}">${html}</section>`);
        process.stdout.write(`${language}: ${count} items\n`);
        await page.close();
      } finally {
        await sb.stop();
        if (process.env['GALLERY_TRACE']) process.stdout.write(`${language}: sandbox stopped\n`);
      }
    }
    writeFileSync(join(out, 'index.html'), galleryPage(sections));
  } finally {
    // Chromium can be slow to quit on a loaded machine: the files are written already, so do not wait forever.
    await Promise.race([browser.close(), new Promise((r) => setTimeout(r, 15_000).unref())]);
    rmSync(work, { recursive: true, force: true });
  }
  process.stdout.write(`Gallery: ${join(out, 'index.html')} (PNGs in ${join(out, 'en')} and ${join(out, 'fr')})\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`gallery failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
