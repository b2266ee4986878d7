import cron, { type ScheduledTask } from 'node-cron';
import type { AppContext, JobDefinition } from '../context.js';
import { STOP_GRACE_MS, settle } from '../lifecycle.js';
import { runJob } from './runner.js';

export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * Wires jobs to node-cron. node-cron is only the ticker: it does not replay
 * runs missed while the process was down, so jobs that must catch up say
 * `runAtStartup` and compute what is due from the clock themselves.
 */
export function startScheduler(ctx: AppContext, jobs: readonly JobDefinition[]): Scheduler {
  const tasks: ScheduledTask[] = [];
  // Runs in progress: stop() lets them finish (bounded) before the caller closes the database.
  const running = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    running.add(work);
    void work.finally(() => running.delete(work));
    return work;
  };
  const timezone = ctx.org.organisation.timezone;
  for (const job of jobs) {
    if (!cron.validate(job.schedule)) throw new Error(`job ${job.name}: invalid cron expression "${job.schedule}"`);
    tasks.push(
      cron.schedule(
        job.schedule,
        async (tick) => {
          // runJob records its own failures; this catch is the last line so a tick can never
          // leave a rejection unhandled (an unhandled rejection exits the process).
          await track(runJob(ctx, job, tick.date ?? ctx.clock.now(), 'schedule')).catch((err: unknown) =>
            ctx.logger.error(`job ${job.name}: tick failed:`, err),
          );
        },
        { name: job.name, timezone, noOverlap: true },
      ),
    );
  }
  const startup = jobs.filter((j) => j.runAtStartup);
  // Startup runs happen after listeners are up, one after the other, so a slow Slack does not delay start-up.
  let stopped = false;
  void track(
    (async () => {
      for (const job of startup) {
        if (stopped) return;
        await runJob(ctx, job, ctx.clock.now(), 'startup').catch((err: unknown) => ctx.logger.error(`job ${job.name}: start-up run failed:`, err));
      }
    })(),
  );
  return {
    async stop() {
      stopped = true;
      await Promise.all(tasks.map((t) => t.destroy()));
      await settle([...running], STOP_GRACE_MS);
    },
  };
}
