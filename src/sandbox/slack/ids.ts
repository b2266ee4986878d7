// Identifiers shared by the fake Slack Web API and the request signer, so that the
// workspace the app "talks to" (auth.test) is the same one its incoming requests
// claim to come from (team_id, api_app_id, authorizations).

export const TEAM_ID = 'T0CADENCE';
export const TEAM_DOMAIN = 'cadence-test';
export const TEAM_NAME = 'Cadence Test';
export const API_APP_ID = 'A0CADENCE';
/** The bot user, as `auth.test` reports it (`user_id`). */
export const BOT_USER_ID = 'UBOT';
/** The bot, as `auth.test` reports it (`bot_id`). */
export const BOT_ID = 'BBOT';
/** The deprecated verification token Slack still puts in every payload; Bolt ignores it. */
export const VERIFICATION_TOKEN = 'legacy-verification-token';
