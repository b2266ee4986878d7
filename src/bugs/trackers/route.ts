/**
 * POST /webhooks/jira, /webhooks/linear, /webhooks/github, /webhooks/gitlab:
 * each tracker's native webhook, verified with that tracker's own scheme.
 *
 * Rule 1: the tracker's secret unset → 404: the route does not exist.
 * Rule 2: a body over 1 MB → 413 (real Jira and GitHub bodies exceed 64 kB).
 * Rule 3: a missing or wrong signature → 401; every comparison is constant
 *         time; Linear's `webhookTimestamp` must be within 60 s of our clock.
 * Rule 4: not JSON, or an issue event without what one always has → 400.
 * Rule 5: what is not Cadence's business (another event, an unqualified
 *         issue, a comment) → 200 `{"status":"ignored","reason":…}`: GitLab
 *         disables hooks that keep getting 4xx, and Jira does not retry them.
 * Rule 6: otherwise the change and the delivery id in one transaction
 *         (apply.ts), the answer, and only then Slack: e-mail look-ups and
 *         queued messages.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { deliverPending } from '../../delivery/outbox.js';
import { deliverTriageCard } from '../../insights/index.js';
import { matchOwnerEmails } from '../escalation.js';
import { readBodyOr413, sameSecret, send } from '../webhook.js';
import { applyTrackerEvent } from './apply.js';
import type { TrackerName, TrackersConfig } from './config.js';
import { adaptGithub } from './github.js';
import { adaptGitlab } from './gitlab.js';
import { adaptJira } from './jira.js';
import { adaptLinear } from './linear.js';
import { obj, type Adapted, type Headers } from './types.js';

export const TRACKER_MAX_BODY_BYTES = 1024 * 1024;
/** Linear's SDK refuses deliveries whose webhookTimestamp is more than a minute away. */
export const LINEAR_TIMESTAMP_WINDOW_MS = 60_000;

type Verdict = { ok: true } | { ok: false; reason: string };
type Secrets = AppContext['secrets'];

export function hmacHex(secret: string, raw: Buffer | string): string {
  return createHmac('sha256', secret).update(raw).digest('hex');
}

/** `sha256=<hex>` (Jira's X-Hub-Signature, GitHub's X-Hub-Signature-256) or bare hex (Linear). */
function checkHmac(secret: string, given: string | undefined, raw: Buffer, prefix: string, header: string): Verdict {
  if (!given) return { ok: false, reason: `missing ${header} header` };
  const expected = `${prefix}${hmacHex(secret, raw)}`;
  return sameSecret(given.trim().toLowerCase(), expected) ? { ok: true } : { ok: false, reason: `${header} does not match the body signed with the configured secret` };
}

export interface TrackerSpec {
  tracker: TrackerName;
  path: string;
  envName: string;
  secret(s: Secrets): string | undefined;
  verify(secret: string, headers: Headers, raw: Buffer): Verdict;
  /** Checks that need the parsed body (Linear's timestamp). */
  verifyParsed?(json: unknown, nowMs: number): Verdict;
  deliveryId(headers: Headers): string | null;
  adapt(headers: Headers, json: unknown, trackers: TrackersConfig): Adapted;
}

export const TRACKER_SPECS: readonly TrackerSpec[] = [
  {
    tracker: 'jira',
    path: '/webhooks/jira',
    envName: 'CADENCE_JIRA_WEBHOOK_SECRET',
    secret: (s) => s.jiraWebhookSecret,
    // Admin webhooks sign (X-Hub-Signature); an Automation "Send web request" cannot, but can send a header.
    verify: (secret, h, raw) => {
      const auth = h['authorization'];
      if (auth !== undefined && h['x-hub-signature'] === undefined) {
        const m = /^Bearer[ ]+(\S+)\s*$/i.exec(auth);
        return m?.[1] && sameSecret(m[1], secret) ? { ok: true } : { ok: false, reason: 'bearer token does not match' };
      }
      return checkHmac(secret, h['x-hub-signature'], raw, 'sha256=', 'X-Hub-Signature');
    },
    deliveryId: (h) => h['x-atlassian-webhook-identifier'] ?? null,
    adapt: (h, json, t) => adaptJira(h, json, t.jira),
  },
  {
    tracker: 'linear',
    path: '/webhooks/linear',
    envName: 'CADENCE_LINEAR_WEBHOOK_SECRET',
    secret: (s) => s.linearWebhookSecret,
    verify: (secret, h, raw) => checkHmac(secret, h['linear-signature'], raw, '', 'Linear-Signature'),
    verifyParsed: (json, nowMs) => {
      const ts = obj(json)?.['webhookTimestamp'];
      if (typeof ts !== 'number' || !Number.isFinite(ts)) return { ok: false, reason: 'missing webhookTimestamp (ms) in the body' };
      return Math.abs(nowMs - ts) <= LINEAR_TIMESTAMP_WINDOW_MS
        ? { ok: true }
        : { ok: false, reason: 'stale webhookTimestamp: more than 60 s from the server clock (a replay, or a clock to fix)' };
    },
    deliveryId: (h) => h['linear-delivery'] ?? null,
    adapt: (h, json, t) => adaptLinear(h, json, t.linear),
  },
  {
    tracker: 'github',
    path: '/webhooks/github',
    envName: 'CADENCE_GITHUB_WEBHOOK_SECRET',
    secret: (s) => s.githubWebhookSecret,
    verify: (secret, h, raw) => checkHmac(secret, h['x-hub-signature-256'], raw, 'sha256=', 'X-Hub-Signature-256'),
    deliveryId: (h) => h['x-github-delivery'] ?? null,
    adapt: (h, json, t) => adaptGithub(h, json, t.github),
  },
  {
    tracker: 'gitlab',
    path: '/webhooks/gitlab',
    envName: 'CADENCE_GITLAB_WEBHOOK_TOKEN',
    secret: (s) => s.gitlabWebhookToken,
    verify: (secret, h) => {
      const given = h['x-gitlab-token'];
      if (given === undefined) return { ok: false, reason: 'missing X-Gitlab-Token header' };
      return sameSecret(given, secret) ? { ok: true } : { ok: false, reason: 'X-Gitlab-Token does not match' };
    },
    // Idempotency-Key is the same across GitLab's retries (GitLab 17.4+); older versions send none.
    deliveryId: (h) => h['idempotency-key'] ?? null,
    adapt: (h, json, t) => adaptGitlab(h, json, t.gitlab),
  },
];

function headersOf(req: IncomingMessage): Headers {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined) out[k.toLowerCase()] = value;
  }
  return out;
}

/** Slack after the answer: owners named by e-mail, then whatever the change queued. */
async function afterAnswer(ctx: AppContext, what: { lookups: boolean; insightId: number | null }): Promise<void> {
  const now = ctx.clock.now();
  try {
    if (what.lookups) await matchOwnerEmails(ctx, now, 5);
    if (what.insightId !== null) await deliverTriageCard(ctx, what.insightId);
    await deliverPending(ctx, now, { maxWaitMs: 0 });
  } catch (err) {
    ctx.logger.warn('trackers: Slack work after a delivery failed (the jobs will retry):', err);
  }
}

export function trackerRoute(ctx: AppContext, spec: TrackerSpec): CustomRoute {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const secret = spec.secret(ctx.secrets);
    // Rule 1.
    if (!secret) return send(res, 404, { ok: false, error: 'not_found', message: `${spec.tracker} webhooks are disabled: set ${spec.envName} to enable them` });
    const raw = await readBodyOr413(req, res, TRACKER_MAX_BODY_BYTES);
    if (raw === undefined) return;
    const headers = headersOf(req);
    // Rule 3.
    const verdict = spec.verify(secret, headers, raw);
    if (!verdict.ok) return send(res, 401, { ok: false, error: 'invalid_signature', message: verdict.reason });
    // Rule 4.
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch (err) {
      return send(res, 400, { ok: false, error: 'invalid_json', errors: [{ field: '(body)', message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` }] });
    }
    const now = ctx.clock.now();
    const late = spec.verifyParsed?.(json, now.getTime());
    if (late && !late.ok) return send(res, 401, { ok: false, error: 'invalid_signature', message: late.reason });
    const adapted = spec.adapt(headers, json, ctx.org.trackers);
    if (adapted.kind === 'invalid') return send(res, 400, { ok: false, error: 'invalid_body', errors: adapted.errors });
    // Rule 5.
    if (adapted.kind === 'ignored') return send(res, 200, { ok: true, status: 'ignored', reason: adapted.reason });
    // Rule 6.
    const owners = ctx.org.trackers[spec.tracker]?.owners ?? {};
    const outcome = applyTrackerEvent(ctx, adapted, { tracker: spec.tracker, id: spec.deliveryId(headers) }, owners, now);
    switch (outcome.status) {
      case 'duplicate':
        return send(res, 200, { ok: true, status: 'duplicate' });
      case 'ignored':
        return send(res, 200, { ok: true, status: 'ignored', reason: outcome.reason });
      case 'insight':
        send(res, outcome.created ? 201 : 200, { ok: true, status: outcome.created ? 'insight_created' : 'insight_exists', insight: outcome.insightId });
        if (outcome.created) await afterAnswer(ctx, { lookups: false, insightId: outcome.insightId });
        return;
      default: {
        const bug = outcome.bug;
        send(res, outcome.status === 'created' ? 201 : 200, {
          ok: true,
          status: outcome.status,
          key: bug.key,
          state: bug.droppedAt ? 'dropped' : bug.resolvedAt ? 'resolved' : 'open',
          deadline: bug.deadline.toISOString(),
          clock: bug.clockId,
          ...(outcome.changed.length > 0 ? { changed: outcome.changed } : {}),
          ...(outcome.warnings.length > 0 ? { warnings: outcome.warnings } : {}),
        });
        if (outcome.status !== 'unchanged') await afterAnswer(ctx, { lookups: bug.owner === null && bug.ownerEmail !== null, insightId: null });
      }
    }
  };
  return {
    path: spec.path,
    method: ['POST'],
    handler: (req, res) => {
      handle(req, res).catch((err: unknown) => {
        ctx.logger.error(`trackers: ${spec.tracker} delivery failed:`, err);
        send(res, 500, { ok: false, error: 'internal_error', message: 'Cadence could not process this delivery; nothing was changed. Retry later.' });
      });
    },
  };
}

export function trackerRoutes(ctx: AppContext): CustomRoute[] {
  return TRACKER_SPECS.map((spec) => trackerRoute(ctx, spec));
}
