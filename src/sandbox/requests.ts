// The requests Slack sends to an app, built and signed the way Slack does, for the
// sandbox workspace to drive the real Cadence through its real HTTP receiver.
// (test/helpers/signer.ts does the same for the tests, with knobs to get it wrong.)
//
// Signing: x-slack-request-timestamp: <unix seconds>;
// x-slack-signature: 'v0=' + hex(HMAC-SHA256(signing secret, `v0:${timestamp}:${raw body}`)).
// Bolt checks the timestamp against the real time, so the real time is used here,
// whatever the sandbox clock says.

import { createHmac, randomBytes } from 'node:crypto';
import { API_APP_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID, VERIFICATION_TOKEN } from './slack/ids.js';

let sequence = 0;

/** Shaped like Slack's '1388105719492.1379717998065.9bc1638947...'; unique, since trigger_ids work once. */
export function newTriggerId(): string {
  sequence += 1;
  return `${Date.now()}.${String(sequence).padStart(13, '0')}.${randomBytes(16).toString('hex')}`;
}

export function slackTs(ms: number = Date.now()): string {
  sequence += 1;
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000 + (sequence % 1000)).padStart(6, '0')}`;
}

export function slackSignature(signingSecret: string, timestampSeconds: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex')}`;
}

export interface AppAnswer {
  status: number;
  text: string;
  /** The JSON body, when the app answered JSON. */
  json: Record<string, unknown> | undefined;
}

export class SlackRequester {
  constructor(
    private readonly eventsUrl: string,
    private readonly signingSecret: string,
  ) {}

  private async post(body: string, contentType: string): Promise<AppAnswer> {
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(this.eventsUrl, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(this.signingSecret, timestamp, body),
      },
      body,
    });
    const text = await response.text();
    let json: Record<string, unknown> | undefined;
    if (text.trim().startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
      } catch {
        json = undefined;
      }
    }
    return { status: response.status, text, json };
  }

  command(fields: { command: string; text: string; user: PersonRef; channel: ChannelRef; triggerId: string; responseUrl: string }): Promise<AppAnswer> {
    const body = new URLSearchParams([
      ['token', VERIFICATION_TOKEN],
      ['team_id', TEAM_ID],
      ['team_domain', TEAM_DOMAIN],
      ['channel_id', fields.channel.id],
      ['channel_name', fields.channel.id.startsWith('D') ? 'directmessage' : fields.channel.name],
      ['user_id', fields.user.id],
      ['user_name', fields.user.name],
      ['command', fields.command],
      ['text', fields.text],
      ['api_app_id', API_APP_ID],
      ['is_enterprise_install', 'false'],
      ['response_url', fields.responseUrl],
      ['trigger_id', fields.triggerId],
    ]).toString();
    return this.post(body, 'application/x-www-form-urlencoded');
  }

  interaction(payload: Record<string, unknown>): Promise<AppAnswer> {
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
  }

  event(event: Record<string, unknown>): Promise<AppAnswer> {
    return this.post(
      JSON.stringify({
        token: VERIFICATION_TOKEN,
        team_id: TEAM_ID,
        context_team_id: TEAM_ID,
        context_enterprise_id: null,
        api_app_id: API_APP_ID,
        event,
        type: 'event_callback',
        event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ enterprise_id: null, team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
        is_ext_shared_channel: false,
      }),
      'application/json',
    );
  }
}

export interface PersonRef {
  id: string;
  name: string;
}

export interface ChannelRef {
  id: string;
  name: string;
}

/** Fields every interactivity payload carries. */
export function envelope(user: PersonRef): Record<string, unknown> {
  return {
    team: { id: TEAM_ID, domain: TEAM_DOMAIN },
    user: { id: user.id, username: user.name, name: user.name, team_id: TEAM_ID },
    api_app_id: API_APP_ID,
    token: VERIFICATION_TOKEN,
    is_enterprise_install: false,
    enterprise: null,
  };
}
