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
  // Ticked in UTC (issue 11 item 10): given a local timezone, node-cron does not
  // fire for an hour on the autumn DST night (east of UTC the first pass of the
  // repeated hour, west of it the second), and every job pauses. Jobs only say
  // "every N minutes" and compute local times themselves, so UTC loses nothing.
  const timezone = 'Etc/UTC';
  for (const job of jobs) {
    if (!cron.validate(job.schedule)) throw new Error(`job ${job.name}: invalid cron expression "${job.schedule}"`);
    const fields = job.schedule.trim().split(/\s+/);
    const [hour, dayOfMonth, month, dayOfWeek] = fields.slice(fields.length === 6 ? 2 : 1);
    if ([hour, dayOfMonth, month, dayOfWeek].some((field) => field !== '*')) {
      throw new Error(
        `job ${job.name}: "${job.schedule}" names hours or days, but schedules are ticked in UTC: ` +
          'tick every few minutes and let the job decide what is due in the organisation’s time zone',
      );
    }
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
