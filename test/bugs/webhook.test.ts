import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, validateWebhookBody, verifySignature } from '../../src/bugs/webhook.js';
import { exampleOrgConfig } from '../helpers/org.js';

const SECRET = 'whsec-test-0123456789abcdef';
const NOW_MS = Date.parse('2026-11-16T09:00:00Z');
const TS = String(NOW_MS / 1000);
const body = Buffer.from('{"key":"PAY-1"}');

describe('webhook signature', () => {
  it('is v1= hex HMAC-SHA256 over "timestamp.body" (what the README tells trackers)', () => {
    const expected = createHmac('sha256', SECRET).update(`${TS}.{"key":"PAY-1"}`).digest('hex');
    expect(signWebhook(SECRET, TS, body)).toBe(`v1=${expected}`);
    expect(verifySignature(SECRET, { timestamp: TS, signature: `v1=${expected}` }, body, NOW_MS)).toEqual({ ok: true });
    expect(verifySignature(SECRET, { timestamp: TS, signature: `v1=${expected.toUpperCase()}` }, body, NOW_MS)).toEqual({ ok: true });
  });

  it('accepts 5 minutes either way, not a second more', () => {
    const at = (offsetS: number) => String(NOW_MS / 1000 + offsetS);
    const check = (offsetS: number) => verifySignature(SECRET, { timestamp: at(offsetS), signature: signWebhook(SECRET, at(offsetS), body) }, body, NOW_MS).ok;
    expect([check(-300), check(300), check(-301), check(301)]).toEqual([true, true, false, false]);
  });

  it('refuses a changed body, another secret, and malformed headers', () => {
    const good = signWebhook(SECRET, TS, body);
    const reason = (h: { timestamp?: string; signature?: string }, b = body) => {
      const r = verifySignature(SECRET, { timestamp: h.timestamp, signature: h.signature }, b, NOW_MS);
      return r.ok ? 'ok' : r.reason;
    };
    expect(reason({ timestamp: TS, signature: good }, Buffer.from('{"key":"PAY-2"}'))).toBe('signature does not match');
    expect(reason({ timestamp: TS, signature: signWebhook('another-secret-0123456', TS, body) })).toBe('signature does not match');
    expect(reason({ timestamp: TS, signature: good.slice(3) })).toMatch(/malformed x-cadence-signature/);
    expect(reason({ timestamp: TS })).toMatch(/missing or malformed x-cadence-signature/);
    expect(reason({ signature: good })).toMatch(/missing or malformed x-cadence-timestamp/);
    expect(reason({ timestamp: '1.5e9', signature: good })).toMatch(/malformed x-cadence-timestamp/);
  });
});

describe('webhook body', () => {
  const org = { org: exampleOrgConfig() };
  const now = new Date(NOW_MS);
  const valid = { key: ' pay-1 ', title: ' Broken ', qualified_at: '2026-11-16T08:00:00+01:00', extra: { ignored: true } };

  it('normalises the key and title, ignores unknown fields, leaves absent fields undefined', () => {
    const r = validateWebhookBody(valid, org, now);
    expect(r).toEqual({ body: { key: 'PAY-1', title: 'Broken', qualified_at: new Date('2026-11-16T07:00:00Z') } });
  });

  it('null clears and absent leaves alone: both are kept apart', () => {
    const r = validateWebhookBody({ ...valid, team: null, owner: null, url: null, resolved_at: null, severity: null }, org, now);
    expect('body' in r && r.body).toMatchObject({ team: null, owner: null, url: null, resolved_at: null, severity: null });
  });

  it('lists every field error, in the body order', () => {
    const r = validateWebhookBody({ key: 'PAY 1', title: 5, qualified_at: '2026-11-16', resolved_at: '2026-02-30T10:00:00Z', owner: 'not a person', url: 'ftp://x' }, org, now);
    expect(r).toEqual({
      errors: [
        { field: 'key', message: 'must be a tracker key: letters, digits and - . _ # /, at most 64, no spaces or colons' },
        { field: 'title', message: 'is required: the bug title' },
        { field: 'qualified_at', message: 'must be an ISO 8601 time with a zone, e.g. 2026-11-23T09:30:00Z' },
        { field: 'resolved_at', message: 'is not a real date and time' },
        { field: 'owner', message: 'must be a Slack user ID (U0123ABCD) or an e-mail address' },
        { field: 'url', message: 'must be an http(s) URL of at most 3000 characters' },
      ],
    });
  });

  it('allows 5 minutes of tracker clock skew, not more, and nothing over a year old', () => {
    const at = (iso: string) => validateWebhookBody({ ...valid, qualified_at: iso }, org, now);
    expect('body' in at('2026-11-16T09:05:00Z')).toBe(true);
    expect(at('2026-11-16T09:05:01Z')).toEqual({ errors: [{ field: 'qualified_at', message: 'is in the future' }] });
    expect(at('2025-11-14T09:00:00Z')).toEqual({ errors: [{ field: 'qualified_at', message: 'is more than a year ago' }] });
  });
});
