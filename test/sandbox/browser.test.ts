// The sandbox page driven in a real headless Chromium (Debian's `chromium`, through
// playwright-core): a person's clicks and keystrokes, the real app behind them.
// Without a browser these tests are skipped with a loud message; CI sets
// CADENCE_REQUIRE_BROWSER=1 so a missing browser fails there instead.

import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { findChromium, launchChromium, MISSING_BROWSER, type LaunchedBrowser } from '../../src/sandbox/browser.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { exampleOrgConfig } from '../helpers/org.js';
import { tempDir } from '../helpers/tmp.js';

const chromium = findChromium();
if (!chromium) {
  process.stderr.write(`\n${'!'.repeat(78)}\n!! SANDBOX BROWSER TESTS SKIPPED: ${MISSING_BROWSER}\n${'!'.repeat(78)}\n\n`);
}

describe('a browser for the sandbox tests', () => {
  it('is installed where CI requires one (CADENCE_REQUIRE_BROWSER=1)', () => {
    if (process.env['CADENCE_REQUIRE_BROWSER'] === '1') expect(chromium, MISSING_BROWSER).toBeDefined();
  });
});

const PM = 'U0000PMPAY2'; // Checkout PM
const APPROVER = 'U0000VPPRD1';
const CSM = 'U0SANDBOXCSM';
const LEAD = 'U0000PMPAY1'; // Payments tribe lead, Billing PM

describe.skipIf(!chromium)('the sandbox in a browser', () => {
  let sandbox: Sandbox;
  let browser: LaunchedBrowser;
  let page: Page;
  const tmp = tempDir();

  beforeAll(async () => {
    // The sandbox clock follows the wall clock: bug notices at any hour (`noticeHours: false`) keep the
    // ladder test below independent of when it runs (working hours: test/bugs/notice-time.test.ts).
    const example = exampleOrgConfig();
    const org = { ...example, bugs: { ...example.bugs, noticeHours: false as const } };
    sandbox = await startSandbox({ org, dbPath: join(tmp.dir, 'sandbox.db'), port: 0, logger: silentLogger(), tick: false });
    browser = await launchChromium(chromium ?? '');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await sandbox?.stop();
    tmp.cleanup();
  });
  beforeEach(async () => {
    await sandbox.actions.reset(sandbox.ctx.db);
    page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(sandbox.url);
    await page.waitForSelector('#who-am-i');
  });

  // CADENCE_TEST_SHOTS=<dir> keeps a screenshot of the page at the end of each test (to look at a failure).
  afterEach(async (context) => {
    const dir = process.env['CADENCE_TEST_SHOTS'];
    if (dir) await page.screenshot({ path: join(dir, `${context.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}.png`) });
    await page.close();
  });

  async function as(user: string): Promise<void> {
    await page.selectOption('#who-am-i', user);
    await expect.poll(() => page.inputValue('#who-am-i')).toBe(user);
    await page.waitForTimeout(300);
  }

  async function open(channel: string): Promise<void> {
    await page.click(`.sidebar [data-channel="${channel}"]`);
    await page.waitForSelector(`.sidebar a.active[data-channel="${channel}"]`);
  }

  async function type(text: string): Promise<void> {
    await page.fill('#composer', text);
    await page.press('#composer', 'Enter');
  }

  /** Fills a modal input found by its block_id. */
  async function field(blockId: string, value: string): Promise<void> {
    const block = page.locator(`.modal .bk-input-block[data-block-id="${blockId}"]`);
    const select = block.locator('select');
    if ((await select.count()) > 0) await select.selectOption(value);
    else if ((await block.locator('input[type="radio"]').count()) > 0) await block.locator(`input[value="${value}"]`).check();
    else await block.locator('input, textarea').first().fill(value);
  }

  /** The pitch form's two steps (issue 14 item 13): step 1, Next, then step 2 (left for the caller to submit). */
  async function pitch(title: string, reach: string): Promise<void> {
    await field('problem', 'Mobile shoppers abandon the checkout');
    await field('segment', 'Mobile shoppers');
    await field('metric', 'Mobile checkout conversion');
    await field('target', '3.5 %');
    await field('value', '120k');
    await field('kind', 'painkiller');
    expect(await page.inputValue('.modal .bk-input-block[data-block-id="title"] input')).toBe(title);
    await page.click('.modal .modal-submit');
    await page.waitForSelector('.modal [data-block-id="reach"]');
    await field('commitment', 'conversion');
    await field('tribe', 'payments');
    await field('initiatives', 'One-page checkout');
    await field('reach', reach);
    await field('impact', '2');
    await field('confidence', '80');
    await field('effort', '3');
    await field('origin', 'bottom_up');
  }

  async function nextStepUntil(logText: string, max = 20): Promise<void> {
    for (let i = 0; i < max; i++) {
      const before = await page.locator('#log .log-entry').count();
      await page.click('[data-move="next-step"]');
      await expect.poll(() => page.locator('#log .log-entry').count()).toBeGreaterThan(before);
      // Newest first: only what this move added counts (an earlier week said the same).
      const added = (await page.locator('#log .log-entry').allInnerTexts()).slice(0, (await page.locator('#log .log-entry').count()) - before);
      if (added.some((t) => t.includes(logText))) return;
    }
    throw new Error(`no "${logText}" after ${max} ritual steps; log:\n${await page.locator('#log').innerText()}`);
  }

  const messages = () => page.locator('.messages');

  it('logs an insight from the message box (with the usage hint as autocomplete) and shows the triage card in the tribe channel', async () => {
    await as(CSM);
    await open('C0000GENERL');
    await page.fill('#composer', '/ins');
    await page.dispatchEvent('#composer', 'input');
    await expect.poll(() => page.locator('.autocomplete').innerText()).toContain('[#tag] [customer:Acme]');
    await page.press('#composer', 'Tab');
    expect(await page.inputValue('#composer')).toBe('/insight ');
    await type('/insight Export to CSV is missing in reports tribe:discovery customer:Globex');
    await expect.poll(() => messages().innerText()).toContain('Only visible to you');
    await open('C0000DISCOV');
    await expect.poll(() => messages().innerText()).toContain('Export to CSV is missing in reports');
    expect(await messages().innerText()).toContain('Globex');
    // The triage card's buttons are live: the tribe lead archives it, the card updates in place.
    await as('U0000PMDIS1');
    await open('C0000DISCOV');
    await page.locator('.messages button[data-action-id]', { hasText: 'Archive' }).first().click();
    await expect.poll(() => sandbox.ctx.db.prepare(`SELECT status FROM insights`).pluck().get()).toBe('archived');
  });

  it('the ⚡ shortcuts menu beside the message box opens the bug form (a global shortcut payload)', async () => {
    await as(CSM);
    await open('C0000GENERL');
    await page.click('.composer button.shortcuts');
    await page.locator('.composer .menu-pop button', { hasText: 'Register a bug · Cadence' }).click();
    await page.waitForSelector('.modal');
    expect(await page.locator('.modal').innerText()).toContain('Register a bug');
  });

  it('Log as insight from a message menu opens the modal prefilled with the message', async () => {
    await as(LEAD);
    await open('C0000PAYMNT');
    await type('Customers ask for Apple Pay at checkout');
    await page.locator('.msg', { hasText: 'Apple Pay' }).hover();
    await page.locator('.msg', { hasText: 'Apple Pay' }).locator('.msg-menu .more').click();
    await page.click('.menu-pop button[data-callback-id="log_insight"]');
    await page.waitForSelector('.modal');
    expect(await page.locator('.modal textarea, .modal input').first().inputValue()).toContain('Apple Pay');
  });

  it('replies in a thread from a message menu', async () => {
    await as(LEAD);
    await open('C0000PAYMNT');
    await type('Who owns the refunds flow?');
    const message = page.locator('.messages > .msg', { hasText: 'refunds flow' });
    await message.hover();
    await message.locator('.msg-menu .more').click();
    await page.locator('.menu-pop button', { hasText: 'Reply in thread' }).click();
    await page.fill('.thread-reply input', 'The Checkout team');
    await page.press('.thread-reply input', 'Enter');
    await expect.poll(() => page.locator('.thread-link').first().innerText()).toBe('1 reply');
    const stored = sandbox.workspace.snapshot(LEAD).messages['C0000PAYMNT'] ?? [];
    expect(stored.find((m) => m.text === 'The Checkout team')?.thread_ts).toBe(stored.find((m) => m.text.includes('refunds flow'))?.ts);
  });

  it('the pitch modal: an empty required field and a bad Reach are shown under their fields, fixed, then the card is posted', async () => {
    await as(PM);
    await open('C0000OPPORT');
    await type('/pitch Faster mobile checkout');
    await page.waitForSelector('.modal [data-block-id="problem"]');
    await page.click('.modal .modal-submit');
    // Slack's own client refuses empty required fields before asking the app.
    await expect.poll(() => page.locator('.modal [data-block-id="problem"] .error').innerText()).toBe('Please fill out this field.');
    await pitch('Faster mobile checkout', '20000000000');
    await page.click('.modal .modal-submit');
    await expect.poll(() => page.locator('.modal [data-block-id="reach"] .error').innerText()).toContain('is not a whole number of people per quarter');
    expect(sandbox.ctx.db.prepare('SELECT count(*) FROM opportunities').pluck().get()).toBe(0);
    await field('reach', '1200');
    await page.click('.modal .modal-submit');
    await expect.poll(() => page.locator('.modal').count()).toBe(0);
    await expect.poll(() => messages().innerText()).toContain('Faster mobile checkout');
  });

  it('plays a PAM week: sign up, the approver approves, the agenda is posted, the approver records the outcome', async () => {
    await as(PM);
    await open('C0000OPPORT');
    await type('/pitch One-page checkout');
    await page.waitForSelector('.modal [data-block-id="problem"]');
    await pitch('One-page checkout', '1200');
    await page.click('.modal .modal-submit');
    await expect.poll(() => page.locator('.modal').count()).toBe(0);

    await nextStepUntil('Product Alignment Meeting: open-signups');
    await open('C0000PAMEET');
    await expect.poll(() => messages().innerText()).toContain('Sign up');
    // The decision session shares the channel: sign up under the alignment meeting's call.
    await page.locator('.msg', { hasText: 'Sign-ups are open for Product Alignment Meeting' }).last().locator('button[data-action-id="agenda_signup"]').click();
    await page.waitForSelector('.modal [data-block-id="opportunity"]');
    await page.locator('.modal [data-block-id="opportunity"] select').selectOption({ index: 1 });
    await page.click('.modal .modal-submit');
    await expect.poll(() => page.locator('.modal').count()).toBe(0);

    await nextStepUntil('Product Alignment Meeting: request-validation');
    await as(APPROVER);
    await open(`D${APPROVER}`);
    await expect.poll(() => messages().innerText()).toContain('One-page checkout');
    await page.locator('.messages button[data-action-id="agenda_approve"]').last().click();
    await expect.poll(() => sandbox.ctx.db.prepare(`SELECT approval FROM agenda_items`).pluck().get()).toBe('approved');

    await nextStepUntil('Product Alignment Meeting: post-agenda');
    await open('C0000PAMEET');
    await expect.poll(() => messages().innerText()).toContain('One-page checkout');

    await nextStepUntil('Product Alignment Meeting: outcomes');
    await open(`D${APPROVER}`);
    await expect.poll(() => page.locator('.messages button[data-action-id="agenda_outcome_go"]').count()).toBeGreaterThan(0);
    await page.locator('.messages button[data-action-id="agenda_outcome_go"]').last().click();
    await expect.poll(() => sandbox.ctx.db.prepare(`SELECT outcome FROM agenda_items`).pluck().get()).toBe('go');
  }, 120_000);

  it('a bug from the tracker form escalates level by level as the clock moves', async () => {
    await as(LEAD);
    await page.fill('#tracker [name="key"]', 'PAY-777');
    await page.fill('#tracker [name="title"]', 'Refunds fail for Amex cards');
    await page.selectOption('#tracker [name="team"]', 'checkout');
    await page.selectOption('#tracker [name="owner"]', PM);
    await page.click('#tracker button[type="submit"]');
    await expect.poll(() => page.locator('#log').innerText()).toContain('PAY-777: HTTP 201');
    const noticesFor = (channel: string) => sandbox.workspace.snapshot(PM).messages[channel]?.filter((m) => JSON.stringify(m).includes('PAY-777')).length ?? 0;

    const move = async (which: string) => {
      const before = await page.locator('#clock-now').getAttribute('datetime');
      await page.click(`[data-move="${which}"]`);
      await expect.poll(() => page.locator('#clock-now').getAttribute('datetime')).not.toBe(before);
    };
    for (let day = 0; day < 6; day++) await move('plus-day');
    // The bug job runs every 15 minutes: an hour more passes the next run after "deadline - 24 h".
    await move('plus-hour');
    // Level 1, due soon (-24 h): the owner's DM only.
    await expect.poll(() => noticesFor(`D${PM}`), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(noticesFor('C0000CHKOUT')).toBe(0);
    expect(noticesFor('C0000BUGESC')).toBe(0);
    // Level 2, breached: the team channel.
    await move('plus-day');
    await expect.poll(() => noticesFor('C0000CHKOUT'), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(noticesFor('C0000BUGESC')).toBe(0);
    // Level 3, still breached 48 h later: leadership.
    await move('plus-day');
    await move('plus-day');
    await expect.poll(() => noticesFor('C0000BUGESC'), { timeout: 15_000 }).toBeGreaterThan(0);
    await as(LEAD);
    await open('C0000BUGESC');
    await expect.poll(() => messages().innerText()).toContain('PAY-777');
  }, 120_000);

  it('opens the App Home', async () => {
    await as(LEAD);
    await page.click('.sidebar [data-channel="home"]');
    await expect.poll(() => page.locator('.home .blocks').count()).toBe(1);
    expect((await page.locator('.home').innerText()).length).toBeGreaterThan(50);
  });

  it('never shows the page without the banner', async () => {
    await open('C0000GENERL');
    expect(await page.locator('#banner').innerText()).toBe('Sandbox — not connected to Slack');
  });
});
