import type { AppContext, JobDefinition, JobOutcome } from '../context.js';

export type JobTrigger = 'schedule' | 'startup' | 'manual';

export type JobRunResult =
  | { status: 'ran'; outcome: JobOutcome }
  | { status: 'already-claimed' }
  | { status: 'failed'; error: Error };

/**
 * The slot names what a run is for. A scheduled run is claimed per minute, so
 * two ticks or two processes in the same minute run the job once. Startup and
 * manual runs get their own slots: they are deliberate, and each feature's own
 * claims (ritual steps, escalation levels, digest periods) keep their effects
 * exactly-once anyway.
 */
export function slotFor(trigger: JobTrigger, at: Date, realNow: Date): string {
  if (trigger === 'schedule') return `schedule@${new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString()}`;
  return `${trigger}@${at.toISOString()}#${realNow.toISOString()}`;
}

/** Runs `job` once for `at`, recording the run in job_runs; errors are recorded and returned, never thrown. */
export async function runJob(ctx: AppContext, job: JobDefinition, at: Date, trigger: JobTrigger): Promise<JobRunResult> {
  const realNow = new Date();
  const slot = slotFor(trigger, at, realNow);
  const claimed = ctx.db
    .prepare(`INSERT INTO job_runs (job, slot, trigger, started_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`)
    .run(job.name, slot, trigger, realNow.toISOString());
  if (claimed.changes === 0) return { status: 'already-claimed' };

  const finish = ctx.db.prepare(`UPDATE job_runs SET finished_at = ?, outcome = ?, detail = ? WHERE job = ? AND slot = ?`);
  try {
    const outcome = await job.run(ctx, at);
    finish.run(new Date().toISOString(), 'ok', outcome.summary.slice(0, 1000), job.name, slot);
    ctx.logger.info(`job ${job.name} (${trigger} for ${at.toISOString()}): ${outcome.summary}`);
    return { status: 'ran', outcome };
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    finish.run(new Date().toISOString(), 'error', error.message.slice(0, 1000), job.name, slot);
    ctx.logger.error(`job ${job.name} (${trigger} for ${at.toISOString()}) failed:`, error);
    return { status: 'failed', error };
  }
}
