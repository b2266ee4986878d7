import { slackSignature } from '../../test/helpers/signer.js';
import type { PreparedRequest } from './load.js';

/** Signs a body exactly as Slack does (timestamp now: valid for the 5 minutes Bolt allows). */
export function signedRequest(
  signingSecret: string,
  contentType: 'application/x-www-form-urlencoded' | 'application/json',
  body: string,
): PreparedRequest {
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    path: '/slack/events',
    headers: {
      'content-type': contentType,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(signingSecret, timestamp, body),
    },
    body,
  };
}
