import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { cleanInput } from './text.js';

/*
 * Every piece of text a person sends, cleaned once where it enters (issue 19,
 * item 8; docs/decisions/0024): before any listener runs, slash-command text,
 * every text input of a submitted view, the text of a message a shortcut acts
 * on and the value typed into an external select's search lose their control
 * characters and lone surrogates (cleanInput). A NUL in a pitch field crashed
 * the handler before its ack; now no feature can forget to strip one.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function cleanField(o: Json, key: string): void {
  const v = o[key];
  if (typeof v === 'string') o[key] = cleanInput(v);
}

/** view.state.values[block][action].value (plain_text_input, email, url, number inputs). */
function cleanViewState(view: unknown): void {
  if (!isObject(view) || !isObject(view.state) || !isObject(view.state.values)) return;
  for (const block of Object.values(view.state.values)) {
    if (!isObject(block)) continue;
    for (const action of Object.values(block)) if (isObject(action)) cleanField(action, 'value');
  }
}

export function cleanIncomingText(body: unknown): void {
  if (!isObject(body)) return;
  if (typeof body.command === 'string') cleanField(body, 'text');
  if (body.type === 'view_submission' || body.type === 'view_closed') cleanViewState(body.view);
  if (body.type === 'block_actions' || body.type === 'block_suggestion') {
    cleanField(body, 'value');
    cleanViewState(body.view);
  }
  if (body.type === 'message_action' && isObject(body.message)) cleanField(body.message, 'text');
}

/** Global Bolt middleware: cleans the body in place, then hands over. */
export const sanitizeInput: Middleware<AnyMiddlewareArgs> = async ({ body, next }) => {
  cleanIncomingText(body);
  await next();
};
