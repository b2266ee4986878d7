import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { createContext } from '../../src/context.js';
import { migrate } from '../../src/db/migrate.js';
import { openDb, type Db } from '../../src/db/open.js';
import { onNotifyLevel } from '../../src/home/listeners/actions.js';
import { onHomeOpened, type HomeOpenedArgs } from '../../src/home/listeners/events.js';
import { silentLogger } from '../../src/logger.js';
import { migrationsDir } from '../../src/paths.js';
import { WebClient, type ViewsPublishArguments } from '@slack/web-api';
import { exampleOrgConfig } from '../helpers/org.js';

// The Home handlers take (ctx, args): they run here without Bolt, a receiver or HTTP.
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

function context() {
  const db = openDb(':memory:');
  dbs.push(db);
  migrate(db, migrationsDir());
  return createContext({ org: exampleOrgConfig(), db, clock: fixedClock(new Date('2026-11-23T08:00:00Z')), logger: silentLogger(), client: new WebClient('xoxb-unused', { slackApiUrl: 'http://127.0.0.1:9/api/', retryConfig: { retries: 0 } }) });
}

function fakeClient() {
  const published: ViewsPublishArguments[] = [];
  return {
    published,
    client: {
      views: { publish: async (args: ViewsPublishArguments) => void published.push(args) },
      conversations: { info: async () => ({ channel: { is_member: true } }) },
    },
  };
}

describe('Home listeners without Bolt', () => {
  it('publishes the Home on a first delivery of app_home_opened, not on a retry nor on the Messages tab', async () => {
    const ctx = context();
    const { published, client } = fakeClient();
    const args = (event: { tab?: string }, retryNum?: number): HomeOpenedArgs => ({ event: { user: 'U0000PMPAY1', ...event }, client, context: retryNum === undefined ? {} : { retryNum } });
    await onHomeOpened(ctx, args({ tab: 'messages' }));
    await onHomeOpened(ctx, args({ tab: 'home' }, 1));
    expect(published).toHaveLength(0);
    await onHomeOpened(ctx, args({}));
    expect(published.map((p) => p.user_id)).toEqual(['U0000PMPAY1']);
  });

  it('ignores a notification level it does not know, and stores nothing', async () => {
    const ctx = context();
    const { published, client } = fakeClient();
    let acked = 0;
    await onNotifyLevel(ctx, { ack: async () => void acked++, body: { user: { id: 'U0000PMPAY1' } }, action: { selected_option: { value: 'loud' } }, client });
    expect(acked).toBe(1);
    expect(published).toHaveLength(0);
    expect(ctx.db.prepare('SELECT COUNT(*) FROM notification_settings').pluck().get()).toBe(0);
  });
});
