import { afterEach, describe, expect, it } from 'vitest';
import { createToken, revokeToken } from '../../src/calendar-feeds/store.js';
import { ritualsJob } from '../../src/features.js';
import { runJob } from '../../src/scheduler/runner.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { buildOrgConfig, exampleOrgConfig } from '../helpers/org.js';
import { parseFeed } from './parse.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop();
});

const PUBLIC = 'https://cadence.example.test';

function orgWithVideo() {
  const example = exampleOrgConfig();
  // The example's rituals as written in the file, with the lunch given a room and a video link.
  return buildOrgConfig({
    rituals: [
      {
        key: 'lunch',
        name: 'Product Lunch',
        kind: 'lunch',
        channel: 'C0000PRODUC',
        recurrence: { rrule: 'FREQ=MONTHLY;BYDAY=-1FR', dtstart: '2026-01-01', time: '12:30' },
        durationMinutes: 90,
        location: 'Cafeteria',
        videoUrl: 'https://meet.example.com/lunch',
        steps: [{ key: 'remind-day-before', at: '-1d@10:00', action: 'remind' }],
      },
    ],
    organisation: { name: example.organisation.name, timezone: 'Europe/Paris', language: 'en', holidays: ['2026-12-25'] },
  });
}

describe('calendar feeds end to end', () => {
  it('a reminder links its ritual feed and the video call; the feed answers over HTTP; a wrong or revoked token is 404', async () => {
    const t = await startTestApp({ org: orgWithVideo(), secrets: { publicUrl: PUBLIC }, clock: { now: () => new Date('2026-11-26T09:00:00Z') } });
    apps.push(t);
    await runJob(t.cadence.ctx, ritualsJob, new Date('2026-11-26T09:00:00Z'), 'manual');
    const [reminder, ...more] = t.slack.callsTo('chat.postMessage');
    expect(more).toEqual([]);
    expect(reminder?.warning).toBeUndefined();
    const blocks = reminder?.args.blocks as { type: string; elements?: { action_id: string; url?: string; text: { text: string } }[] }[];
    const buttons = blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
    expect(buttons.map((b) => b.text.text)).toEqual(['Add to calendar', 'Join']);
    const add = buttons[0]?.url ?? '';
    expect(add).toMatch(/^https:\/\/cadence\.example\.test\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(buttons[1]?.url).toBe('https://meet.example.com/lunch');
    // The token was made for the ritual, once: a second reminder reuses it.
    expect(t.db.prepare("SELECT scope, created_by FROM calendar_tokens").all()).toEqual([{ scope: 'ritual:lunch', created_by: 'cadence' }]);

    const local = add.replace(PUBLIC, t.baseUrl);
    const res = await fetch(local);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const parsed = parseFeed(await res.text());
    expect(parsed.name).toBe('Acme Product: Product Lunch');
    const next = parsed.events.find((e) => e.localStart === '2026-11-27 12:30');
    expect(next).toMatchObject({ summary: 'Product Lunch', location: 'Cafeteria', url: 'https://meet.example.com/lunch', status: 'CONFIRMED', localEnd: '2026-11-27 14:00' });
    expect(parsed.events.find((e) => e.localStart.startsWith('2026-12-25'))).toMatchObject({ status: 'CANCELLED', sequence: 1 });

    const token = /\/calendar\/(.+)\.ics$/.exec(add)?.[1] ?? '';
    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const path of [`/calendar/${wrong}.ics`, `/calendar/${token}`, `/calendar/org.ics`, `/calendar/${token}.ics.bak`]) {
      const r = await fetch(`${t.baseUrl}${path}`);
      expect({ path, status: r.status }).toEqual({ path, status: 404 });
      expect(await r.text()).toBe('Not found\n');
    }
    expect(revokeToken(t.db, token, new Date())).toBe('revoked');
    expect((await fetch(local)).status).toBe(404);
  });

  it('without CADENCE_PUBLIC_URL the reminder has no calendar button (and no token is made); an org token serves every ritual', async () => {
    const t = await startTestApp();
    apps.push(t);
    await runJob(t.cadence.ctx, ritualsJob, new Date('2026-11-26T09:00:00Z'), 'manual');
    const [reminder] = t.slack.callsTo('chat.postMessage');
    expect((reminder?.args.blocks as { type: string }[]).some((b) => b.type === 'actions')).toBe(false);
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM calendar_tokens').get()).toEqual({ n: 0 });

    const org = createToken(t.db, { kind: 'org' }, 'cli', null, new Date());
    const res = await fetch(`${t.baseUrl}/calendar/${org.token}.ics`);
    expect(res.status).toBe(200);
    const keys = new Set(parseFeed(await res.text()).events.map((e) => e.uid.split('-')[0]));
    expect([...keys].sort()).toEqual(['breakfast', 'decision', 'lunch', 'pam', 'party', 'sync', 'weekly']);
  });

  it('/cadence calendar gives a person their own links, only to them; reset revokes the old personal link', async () => {
    const t = await startTestApp({ secrets: { publicUrl: PUBLIC } });
    apps.push(t);
    const linksOf = (text: string) => [...text.matchAll(/https:\/\/cadence\.example\.test\/calendar\/([A-Za-z0-9_-]{43})\.ics/g)].map((m) => m[1] ?? '');
    const first = (await t.command({ command: '/cadence', text: 'calendar', user_id: 'U0000PMPAY1' })).json() as { response_type: string; text: string };
    expect(first.response_type).toBe('ephemeral');
    const [person, org] = linksOf(first.text);
    expect(first.text).toContain('Your presentations');
    // Asking again gives the same links.
    expect(linksOf(((await t.command({ command: '/cadence', text: 'calendar', user_id: 'U0000PMPAY1' })).json() as { text: string }).text)).toEqual([person, org]);
    expect((await fetch(`${t.baseUrl}/calendar/${person}.ics`)).status).toBe(200);

    const reset = (await t.command({ command: '/cadence', text: 'calendar reset', user_id: 'U0000PMPAY1' })).json() as { text: string };
    const [fresh] = linksOf(reset.text);
    expect(fresh).not.toBe(person);
    expect((await fetch(`${t.baseUrl}/calendar/${person}.ics`)).status).toBe(404);
    expect((await fetch(`${t.baseUrl}/calendar/${fresh}.ics`)).status).toBe(200);
    expect((await fetch(`${t.baseUrl}/calendar/${org}.ics`)).status).toBe(200);

    const before = t.db.prepare('SELECT COUNT(*) AS n FROM calendar_tokens').get();
    const bad = (await t.command({ command: '/cadence', text: 'calendar everything', user_id: 'U0000PMPAY1' })).json() as { text: string };
    expect(bad.text).toBe('Usage: `/cadence calendar` (your feed links) or `/cadence calendar reset` (a new personal link).');
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM calendar_tokens').get()).toEqual(before);
  });

  it('/cadence calendar without CADENCE_PUBLIC_URL says what is missing and makes no token', async () => {
    const t = await startTestApp();
    apps.push(t);
    const r = (await t.command({ command: '/cadence', text: 'calendar', user_id: 'U0000PMPAY1' })).json() as { text: string };
    expect(r.text).toBe('Calendar links need the address Cadence is reachable at: ask an admin to set CADENCE_PUBLIC_URL.');
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM calendar_tokens').get()).toEqual({ n: 0 });
  });
});
