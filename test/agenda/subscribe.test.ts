import { afterEach, describe, expect, it } from 'vitest';
import { agendaFeature } from '../../src/agenda/feature.js';
import { EXIT_OK, runCli } from '../../src/cli/run.js';
import type { FeatureModule } from '../../src/context.js';
import type { Db } from '../../src/db/open.js';
import { recordTransition } from '../../src/opportunities/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { tempDir } from '../helpers/tmp.js';
import { seedOpportunity } from './helpers.js';

/*
 * The agenda hears an opportunity taken off it (opportunity.moved) on both
 * paths that write: the app (buildApp calls FeatureModule.subscribe) and the
 * CLI's `cadence jobs run` (which never calls register).
 */
const PM = 'U0000PMPRD1';
const VP = 'U0000VPPRD1';
const AT = new Date('2026-11-24T10:00:00Z');
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function seedLiveItem(db: Db): { opp: number; item: number } {
  const opp = seedOpportunity(db, PM, 'Faster checkout', { status: 'on_agenda' });
  const r = db
    .prepare(
      `INSERT INTO agenda_items (ritual_key, occurrence_key, presenter_id, opportunity_id, ask, duration_minutes, status, signed_up_at)
       VALUES ('pam', '2026-11-26T14:00', ?, ?, 'decision', 10, 'slotted', '2026-11-23T09:00:00.000Z')`,
    )
    .run(PM, opp);
  return { opp, item: Number(r.lastInsertRowid) };
}
const itemOf = (db: Db, id: number) => db.prepare('SELECT status, end_reason FROM agenda_items WHERE id = ?').get(id);

/** A job that takes an opportunity off the agenda, as a CLI run of some job could. */
function movingFeature(outcome: { item?: unknown }): FeatureModule {
  return {
    name: 'test',
    register: () => undefined,
    jobs: [
      {
        name: 'take-off',
        description: 'moves an opportunity from on_agenda back to pitched',
        schedule: '* * * * *',
        runAtStartup: false,
        run: async (ctx) => {
          const { opp, item } = seedLiveItem(ctx.db);
          expect(recordTransition(ctx.db, { id: opp, from: 'on_agenda', to: 'pitched', by: VP, note: null }, AT)).toBe(true);
          outcome.item = itemOf(ctx.db, item);
          return { summary: 'moved' };
        },
      },
    ],
  };
}

async function runTakeOff(features: readonly FeatureModule[]): Promise<number> {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  const io = { stdout: () => undefined, stderr: () => undefined, env: { CADENCE_DB: 'data/cadence.db', SLACK_BOT_TOKEN: 'xoxb-test' }, cwd: tmp.dir };
  return runCli(['jobs', 'run', 'take-off', '--at', AT.toISOString()], io, features);
}

describe('the agenda’s subscription to opportunity.moved', () => {
  it('the CLI subscribes the features before a job runs: the live item ends with the move', async () => {
    const outcome: { item?: unknown } = {};
    expect(await runTakeOff([agendaFeature, movingFeature(outcome)])).toBe(EXIT_OK);
    expect(outcome.item).toEqual({ status: 'withdrawn', end_reason: 'opportunity_moved' });
  });

  it('without the agenda in the build, the same move leaves the item (the subscription is what ends it)', async () => {
    const outcome: { item?: unknown } = {};
    expect(await runTakeOff([movingFeature(outcome)])).toBe(EXIT_OK);
    expect(outcome.item).toEqual({ status: 'slotted', end_reason: null });
  });

  describe('in the app', () => {
    let t: TestApp | undefined;
    afterEach(async () => {
      await t?.stop();
      t = undefined;
    });

    it('buildApp subscribes it: the live item ends with the move', async () => {
      t = await startTestApp();
      const { opp, item } = seedLiveItem(t.db);
      expect(recordTransition(t.db, { id: opp, from: 'on_agenda', to: 'pitched', by: VP, note: null }, AT)).toBe(true);
      expect(itemOf(t.db, item)).toEqual({ status: 'withdrawn', end_reason: 'opportunity_moved' });
    });
  });
});
