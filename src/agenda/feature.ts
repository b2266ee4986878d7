import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { AppContext, FeatureModule } from '../context.js';
import { ACTION_REQUEST_AGENDA_SLOT } from '../opportunities/index.js';
import { ACTIONS, VIEWS, WITHDRAW_ACTION } from './blocks.js';
import { emptyAgendaButton } from './listeners/actions/empty.js';
import { approveButton, declineButton, outcomeButton, reworkButton } from './listeners/actions/decisions.js';
import { requestAgendaSlotButton, signupButton, withdrawButton, withdrawMineButton } from './listeners/actions/signup.js';
import { agendaCommand } from './listeners/commands.js';
import { subscribeAgenda } from './listeners/events.js';
import { declineSubmitted, reworkSubmitted, signupSubmitted } from './listeners/views.js';

/*
 * `/agenda`, the sign-up modal, withdrawals, the approvers' Approve / Decline
 * and the outcome buttons (src/agenda/listeners/), and the agenda's answer to
 * an opportunity taken off it (listeners/events.ts).
 */
export function registerAgenda(app: App, ctx: AppContext): void {
  app.command('/agenda', (args) => agendaCommand(ctx, args));

  app.action<BlockAction<ButtonAction>>(ACTIONS.signup, (args) => signupButton(ctx, args));
  app.action<BlockAction<ButtonAction>>(ACTIONS.withdrawMine, (args) => withdrawMineButton(ctx, args));
  app.action<BlockAction<ButtonAction>>(WITHDRAW_ACTION, (args) => withdrawButton(ctx, args));
  app.view(VIEWS.signup, (args) => signupSubmitted(ctx, args));
  // The opportunity card's "Request an agenda slot": opportunities draws the button, the agenda answers it.
  app.action<BlockAction<ButtonAction>>(ACTION_REQUEST_AGENDA_SLOT, (args) => requestAgendaSlotButton(ctx, args));

  app.action<BlockAction<ButtonAction>>(ACTIONS.approve, (args) => approveButton(ctx, args));
  app.action<BlockAction<ButtonAction>>(ACTIONS.decline, (args) => declineButton(ctx, args));
  app.view(VIEWS.decline, (args) => declineSubmitted(ctx, args));

  app.action<BlockAction<ButtonAction>>(ACTIONS.go, (args) => outcomeButton('go')(ctx, args));
  app.action<BlockAction<ButtonAction>>(ACTIONS.noGo, (args) => outcomeButton('no_go')(ctx, args));
  app.action<BlockAction<ButtonAction>>(ACTIONS.rework, (args) => reworkButton(ctx, args));
  app.view(VIEWS.rework, (args) => reworkSubmitted(ctx, args));
  app.action<BlockAction<ButtonAction>>(ACTIONS.emptyCancel, (args) => emptyAgendaButton('cancelled')(ctx, args));
  app.action<BlockAction<ButtonAction>>(ACTIONS.emptyKeep, (args) => emptyAgendaButton('kept')(ctx, args));
}

export const agendaFeature: FeatureModule = {
  name: 'agenda',
  register: registerAgenda,
  subscribe: (ctx) => void subscribeAgenda(ctx.db),
};
