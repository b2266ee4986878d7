import type { KnownBlock } from '@slack/types';
import type { AppContext } from '../../context.js';
import { agendaHomeBlocks, redrawnHome } from '../home.js';
import { tell, type ButtonArgs } from './shared.js';

/*
 * The approvers' buttons also sit in the App Home (home.ts). A click there
 * has no message and no response_url: the answer is the Home itself, with
 * the agenda's sections redrawn in place (the rest of the Home as Slack sent
 * it, guarded by its hash), and a refusal goes privately by DM.
 */

export function fromHome(body: ButtonArgs['body']): boolean {
  return body.container?.type === 'view' && body.view?.type === 'home';
}

export async function answerInHome(ctx: AppContext, { body, client }: Pick<ButtonArgs, 'body' | 'client'>, refusal?: string): Promise<void> {
  const user = body.user.id;
  if (refusal) return void (await tell(ctx, client, user, undefined, { text: refusal }));
  const view = body.view;
  if (!view) return;
  const blocks = redrawnHome((view.blocks ?? []) as KnownBlock[], agendaHomeBlocks(ctx, user, ctx.clock.now()));
  await client.views.publish({
    user_id: user,
    ...(view.hash ? { hash: view.hash } : {}),
    view: { type: 'home', blocks: blocks as KnownBlock[], ...(view.callback_id ? { callback_id: view.callback_id } : {}), ...(view.private_metadata ? { private_metadata: view.private_metadata } : {}) },
  });
}
