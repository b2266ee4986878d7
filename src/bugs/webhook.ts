/**
 * POST /webhooks/bugs: the tracker tells Cadence about qualified bugs.
 *
 * Signature (README, "Tracker webhook"):
 *   X-Cadence-Timestamp: <unix seconds>
 *   X-Cadence-Signature: v1=<hex HMAC-SHA256(CADENCE_WEBHOOK_SECRET, timestamp + "." + raw body)>
 *
 * Or, for tools that cannot sign (a Jira Automation "Send web request" rule):
 *   Authorization: Bearer <CADENCE_WEBHOOK_TOKEN>   (a separate secret; issue 13)
 *
 * Rule 1: neither secret configured → 404: the endpoint does not exist, never open.
 * Rule 2: a body over 64 kB → 413, read no further.
 * Rule 3: a missing, malformed or wrong signature, or a timestamp more than
 *         5 minutes from our clock either way → 401; compared in constant time.
 *         A request with a bearer token is judged by the token alone (constant
 *         time too); a wrong token never falls back to the HMAC.
 * Rule 4: not JSON → 400; a JSON body with bad fields → 400 with every field
 *         error as `{ "errors": [{ "field", "message" }] }`. Nothing is written.
 * Rule 5: otherwise the idempotent upsert by key (service.ts,
 *         applyTrackerUpdate) → 201 created, or 200 updated / unchanged.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import { deliverPending } from '../delivery/outbox.js';
import { allTeamKeys } from './ladder.js';
import { CLOCK_SKEW_MS, KEY_PATTERN, TITLE_MAX, isWebUrl } from './parse.js';
import { applyTrackerUpdate, type TrackerUpdate } from './service.js';
import { SEVERITIES } from './sla.js';
import { bugStore } from './store.js';

export const WEBHOOK_PATH = '/webhooks/bugs';
export const MAX_BODY_BYTES = 64 * 1024;
export const SIGNATURE_WINDOW_S = 5 * 60;
export const TIMESTAMP_HEADER = 'x-cadence-timestamp';
export const SIGNATURE_HEADER = 'x-cadence-signature';

export function signWebhook(secret: string, timestamp: number | string, rawBody: string | Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(rawBody);
  return `v1=${hmac.digest('hex')}`;
}

const SIGNATURE_MISMATCH = 'signature does not match';

/** Rule 3. `nowMs` is injected (the app clock), like bolt-js's verifier. */
export function verifySignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: Buffer,
  nowMs: number,
): { ok: true } | { ok: false; reason: string } {
  const { timestamp, signature } = headers;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: `missing or malformed ${TIMESTAMP_HEADER} (unix seconds)` };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_S) {
    return { ok: false, reason: `stale ${TIMESTAMP_HEADER}: more than 5 minutes from the server clock` };
  }
  if (!signature || !/^v1=[0-9a-f]{64}$/i.test(signature)) return { ok: false, reason: `missing or malformed ${SIGNATURE_HEADER} (v1=<64 hex digits>)` };
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: SIGNATURE_MISMATCH };
  return { ok: true };
}

const isoTime = z
  .string({ error: 'must be an ISO 8601 time with a zone, e.g. 2026-11-23T09:30:00Z' })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/, 'must be an ISO 8601 time with a zone, e.g. 2026-11-23T09:30:00Z')
  .transform((s, ctx) => {
    // Luxon, unlike Date, refuses 30 February instead of rolling over to March.
    const parsed = DateTime.fromISO(s, { setZone: true });
    const d = parsed.toJSDate();
    if (!parsed.isValid || Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'is not a real date and time' });
      return z.NEVER;
    }
    return d;
  });

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The documented body; unknown fields are ignored so trackers can send their whole payload. */
export const webhookBodySchema = z.object({
  key: z
    .string({ error: 'is required: the tracker key, e.g. "PAY-123"' })
    .transform((s) => s.trim().toUpperCase())
    .refine((s) => KEY_PATTERN.test(s), 'must be a tracker key: letters, digits and - . _ # /, at most 64, no spaces or colons'),
  title: z
    .string({ error: 'is required: the bug title' })
    .transform((s) => s.trim())
    .refine((s) => s.length > 0, 'must not be empty')
    .refine((s) => s.length <= TITLE_MAX, `must be at most ${TITLE_MAX} characters`),
  severity: z.enum(SEVERITIES as readonly ['critical', 'high', 'medium', 'low'], { error: `must be one of ${SEVERITIES.join(', ')}` }).nullish(),
  team: z.string({ error: 'must be an impact team key (string) or null' }).transform((s) => s.trim().toLowerCase()).nullish(),
  qualified_at: isoTime,
  resolved_at: isoTime.nullish(),
  reopened_at: isoTime.nullish(),
  owner: z
    .string({ error: 'must be a Slack user ID (U0123ABCD) or an e-mail address, or null' })
    .transform((s) => s.trim())
    .refine((s) => /^[UW][A-Z0-9]{6,}$/.test(s) || EMAIL.test(s), 'must be a Slack user ID (U0123ABCD) or an e-mail address')
    .nullish(),
  url: z
    .string({ error: 'must be an http(s) URL or null' })
    .refine((s) => isWebUrl(s), 'must be an http(s) URL of at most 3000 characters')
    .nullish(),
});

export type WebhookBody = z.infer<typeof webhookBodySchema>;
export interface FieldError {
  field: string;
  message: string;
}

/** Rule 4: schema, then what needs the config and the clock. */
export function validateWebhookBody(json: unknown, ctx: Pick<AppContext, 'org'>, now: Date): { body: WebhookBody } | { errors: FieldError[] } {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { errors: [{ field: '(body)', message: 'must be a JSON object' }] };
  const parsed = webhookBodySchema.safeParse(json);
  if (!parsed.success) {
    return {
      errors: parsed.error.issues.map((i) => ({
        field: i.path.map(String).join('.') || '(body)',
        message: i.code === 'invalid_type' && (json as Record<string, unknown>)[String(i.path[0])] === undefined ? 'is required' : i.message,
      })),
    };
  }
  const body = parsed.data;
  const errors: FieldError[] = [];
  const teams = allTeamKeys(ctx.org);
  if (body.team && !teams.includes(body.team)) {
    errors.push({ field: 'team', message: `unknown impact team "${body.team}"; configured: ${teams.join(', ') || 'none'}` });
  }
  const latest = now.getTime() + CLOCK_SKEW_MS;
  for (const field of ['qualified_at', 'resolved_at', 'reopened_at'] as const) {
    const at = body[field];
    if (at && at.getTime() > latest) errors.push({ field, message: 'is in the future' });
  }
  if (body.qualified_at.getTime() < now.getTime() - 366 * 86_400_000) errors.push({ field: 'qualified_at', message: 'is more than a year ago' });
  return errors.length > 0 ? { errors } : { body };
}

export class BodyTooLarge extends Error {}

/**
 * Rule 2: reads at most `limit` bytes; beyond that, stops keeping data and
 * rejects. A declared Content-Length over the limit is refused before reading.
 * Events rather than `for await`: leaving an async iterator early destroys the
 * request, and with it the socket the 413 must be written to.
 */
export function readLimitedBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer | string) => {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      size += buf.length;
      if (size > limit) {
        cleanup();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(buf);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/** A JSON answer for the webhook routes (this one and src/bugs/trackers). */
export function send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra });
  res.end(JSON.stringify(body));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Owner as the tracker gave it → a Slack user when possible (an e-mail is looked up, once per new address). */
async function resolveOwner(ctx: AppContext, body: WebhookBody, warnings: string[]): Promise<TrackerUpdate['owner']> {
  if (body.owner === undefined) return undefined;
  if (body.owner === null) return null;
  if (!body.owner.includes('@')) return { id: body.owner, email: null };
  const email = body.owner.toLowerCase();
  const existing = bugStore(ctx.db).get(body.key);
  if (existing && existing.ownerEmail === email) return { id: existing.owner, email };
  try {
    const res = await ctx.client.users.lookupByEmail({ email });
    return { id: res.user?.id ?? null, email };
  } catch (err) {
    const code = err && typeof err === 'object' && 'data' in err ? String((err.data as { error?: unknown }).error) : undefined;
    warnings.push(
      code === 'users_not_found'
        ? `owner: no Slack user has the e-mail ${email}; the bug has no owner in Slack until one does`
        : `owner: could not ask Slack about ${email} right now; Cadence will retry`,
    );
    return { id: null, email };
  }
}

/** Constant-time equality of two secrets of any length (hashing first hides the length too). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHmac('sha256', 'cadence-compare').update(given, 'utf8').digest();
  const b = createHmac('sha256', 'cadence-compare').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** Rule 3, bearer variant: `Authorization: Bearer <token>`. */
export function verifyBearer(token: string, authorization: string | undefined): { ok: true } | { ok: false; reason: string } {
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m?.[1]) return { ok: false, reason: 'malformed Authorization header: expected "Bearer <token>"' };
  return sameSecret(m[1], token) ? { ok: true } : { ok: false, reason: 'bearer token does not match' };
}

/**
 * The body, or undefined once a 413 has been sent: what is still coming is
 * discarded so the client reads the answer, and the connection then closes.
 */
export async function readBodyOr413(req: IncomingMessage, res: ServerResponse, max: number): Promise<Buffer | undefined> {
  try {
    return await readLimitedBody(req, max);
  } catch (err) {
    if (!(err instanceof BodyTooLarge)) throw err;
    req.resume();
    send(res, 413, { ok: false, error: 'payload_too_large', message: `the body must be at most ${max} bytes` }, { connection: 'close' });
    return undefined;
  }
}

export function webhookRoute(ctx: AppContext): CustomRoute {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const secret = ctx.secrets.webhookSecret;
    const token = ctx.secrets.webhookToken;
    // Rule 1.
    if (!secret && !token) {
      return send(res, 404, { ok: false, error: 'not_found', message: 'tracker webhooks are disabled: set CADENCE_WEBHOOK_SECRET (HMAC) or CADENCE_WEBHOOK_TOKEN (bearer) to enable them' });
    }
    // Headers first (issue 19, item 9): a bearer token, or a well-formed and fresh signature, is checked
    // before the body is read, so unauthenticated traffic costs no memory. The HMAC itself needs the body.
    const authorization = header(req, 'authorization');
    const early =
      authorization !== undefined
        ? token
          ? verifyBearer(token, authorization)
          : { ok: false as const, reason: 'bearer tokens are not enabled here: set CADENCE_WEBHOOK_TOKEN, or sign with X-Cadence-Signature' }
        : secret
          ? verifySignature(secret, { timestamp: header(req, TIMESTAMP_HEADER), signature: header(req, SIGNATURE_HEADER) }, Buffer.alloc(0), ctx.clock.now().getTime())
          : { ok: false as const, reason: 'missing Authorization: Bearer <token> header' };
    if (!early.ok && early.reason !== SIGNATURE_MISMATCH) {
      return send(res, 401, { ok: false, error: 'invalid_signature', message: early.reason }, { connection: 'close' });
    }
    const raw = await readBodyOr413(req, res, MAX_BODY_BYTES);
    if (raw === undefined) return;
    const now = ctx.clock.now();
    const verdict =
      authorization !== undefined
        ? early
        : secret
          ? verifySignature(secret, { timestamp: header(req, TIMESTAMP_HEADER), signature: header(req, SIGNATURE_HEADER) }, raw, now.getTime())
          : early;
    if (!verdict.ok) return send(res, 401, { ok: false, error: 'invalid_signature', message: verdict.reason });

    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch (err) {
      return send(res, 400, { ok: false, error: 'invalid_json', errors: [{ field: '(body)', message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` }] });
    }
    const checked = validateWebhookBody(json, ctx, now);
    if ('errors' in checked) return send(res, 400, { ok: false, error: 'invalid_body', errors: checked.errors });
    const body = checked.body;

    const warnings: string[] = [];
    const owner = await resolveOwner(ctx, body, warnings);
    const update: TrackerUpdate = {
      key: body.key,
      title: body.title,
      severity: body.severity ?? undefined,
      team: body.team,
      owner,
      url: body.url,
      qualifiedAt: body.qualified_at,
      resolvedAt: body.resolved_at,
      reopenedAt: body.reopened_at,
    };
    const result = applyTrackerUpdate(ctx, update, ctx.clock.now());
    send(res, result.status === 'created' ? 201 : 200, {
      ok: true,
      status: result.status,
      key: result.bug.key,
      deadline: result.bug.deadline.toISOString(),
      resolved_at: result.bug.resolvedAt?.toISOString() ?? null,
      clock: result.bug.clockId,
      ...(result.changed.length > 0 ? { changed: result.changed } : {}),
      ...(warnings.length > 0 ? { warnings } : {}),
    });
    // A resolution may have queued "resolved" updates of earlier notices.
    if (result.changed.includes('resolved_at')) {
      await deliverPending(ctx, ctx.clock.now()).catch((err: unknown) => ctx.logger.warn('bugs: delivery after webhook failed:', err));
    }
  };
  return {
    path: WEBHOOK_PATH,
    method: ['POST'],
    handler: (req, res) => {
      handle(req, res).catch((err: unknown) => {
        ctx.logger.error('bugs: webhook failed:', err);
        send(res, 500, { ok: false, error: 'internal_error', message: 'Cadence could not process this delivery; nothing was changed. Retry later.' });
      });
    },
  };
}
