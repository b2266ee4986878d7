// Slack checks what an app answers over HTTP — the ack body of a slash command,
// an action or a view submission, and what it posts to a `response_url` — by the
// same Block Kit rules as chat.postMessage and views.*. A message Slack refuses
// there is simply not shown, so the person sees nothing: the stand-in refuses it.

import { validateBlocks, validateView } from './block-kit.js';

type Json = Record<string, unknown>;
type Answer = Json & { ok: boolean };

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refused(error: string, problems: string[] = []): Answer {
  return problems.length === 0
    ? { ok: false, error }
    : { ok: false, error, errors: problems, response_metadata: { messages: problems.map((m) => `[ERROR] ${m}`) } };
}

/** A message body (response_url post, or a command's ack with content). */
function checkMessageBody(body: Json): Answer {
  if (body['delete_original'] === true || body['delete_original'] === 'true') return { ok: true };
  const text = body['text'];
  const blocks = body['blocks'];
  const attachments = body['attachments'];
  const hasText = typeof text === 'string' && text !== '';
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  const hasAttachments = Array.isArray(attachments) && attachments.length > 0;
  if (!hasText && !hasBlocks && !hasAttachments) return refused('no_text');
  if (blocks !== undefined) {
    const problems = validateBlocks(blocks, 'message');
    if (problems.length > 0) return refused('invalid_blocks', problems);
  }
  const type = body['response_type'];
  if (type !== undefined && type !== 'ephemeral' && type !== 'in_channel') {
    return refused('invalid_response_type', [`response_type must be ephemeral or in_channel (got ${JSON.stringify(type)})`]);
  }
  return { ok: true };
}

/** What a post to a response_url is answered with. */
export function checkResponseUrlBody(body: Json): Answer {
  return checkMessageBody(body);
}

/** Options answered to a block_suggestion (external select). */
function checkOptionsBody(body: Json): Answer {
  const options = body['options'];
  const groups = body['option_groups'];
  const element: Json = { type: 'static_select', action_id: 'options_load' };
  if (Array.isArray(options)) {
    if (options.length === 0) return { ok: true };
    element['options'] = options;
  } else if (Array.isArray(groups)) {
    if (groups.length === 0) return { ok: true };
    element['option_groups'] = groups;
  } else return refused('invalid_options', ['options or option_groups is required']);
  const problems = validateBlocks([{ type: 'actions', elements: [element] }], 'message').map((p) =>
    p.replace('/blocks/0/elements/0', ''),
  );
  return problems.length > 0 ? refused('invalid_options', problems) : { ok: true };
}

/** The app's HTTP answer to Slack. An empty body is the plain ack. */
export function checkAckBody(kind: 'command' | 'interaction', body: unknown): Answer {
  if (body === undefined || body === null || body === '') return { ok: true };
  if (typeof body === 'string') {
    // A command may answer plain text; other requests' text bodies are ignored by Slack.
    return { ok: true };
  }
  if (!isRecord(body)) return refused('invalid_ack', ['the ack body must be a JSON object']);
  const action = body['response_action'];
  if (action !== undefined) {
    if (action === 'clear') return { ok: true };
    if (action === 'errors') {
      const errors = body['errors'];
      if (!isRecord(errors) || Object.keys(errors).length === 0) {
        return refused('invalid_response_action', ['errors must be an object of block_id → message']);
      }
      const problems = Object.entries(errors)
        .filter(([, message]) => typeof message !== 'string' || message === '')
        .map(([blockId]) => `errors.${blockId} must be a non-empty string`);
      return problems.length > 0 ? refused('invalid_response_action', problems) : { ok: true };
    }
    if (action === 'update' || action === 'push') {
      const problems = validateView(body['view']);
      return problems.length > 0 ? refused('invalid_arguments', problems) : { ok: true };
    }
    return refused('invalid_response_action', [`unknown response_action ${JSON.stringify(action)}`]);
  }
  if (kind === 'interaction' && (body['options'] !== undefined || body['option_groups'] !== undefined)) {
    return checkOptionsBody(body);
  }
  if (Object.keys(body).length === 0) return { ok: true };
  return checkMessageBody(body);
}
