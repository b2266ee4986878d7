import type { AppContext, JobDefinition, JobOutcome } from '../context.js';
import { storeHealth } from '../db/health.js';

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

/**
 * Runs `job` once for `at`, recording the run in job_runs; errors are recorded and returned, never thrown.
 * That includes the store's own errors (a lock held too long, a full disk, a read-only file): the
 * claim and the record are writes too, and a job runner that threw would take the process down
 * (issue 19, item 1). A job that could not claim its slot simply runs on the next tick.
 */
export async function runJob(ctx: AppContext, job: JobDefinition, at: Date, trigger: JobTrigger): Promise<JobRunResult> {
  const realNow = new Date();
  const slot = slotFor(trigger, at, realNow);
  const health = storeHealth(ctx.db);
  const fail = (err: unknown, what: string): JobRunResult => {
    const error = err instanceof Error ? err : new Error(String(err));
    const kind = health.note(err);
    const why = kind === 'busy' ? ' (the database is locked by another connection: retried on the next tick)' : '';
    ctx.logger.error(`job ${job.name} (${trigger} for ${at.toISOString()}) ${what}${why}:`, error);
    return { status: 'failed', error };
  };
  let claimed;
  try {
    claimed = ctx.db
      .prepare(`INSERT INTO job_runs (job, slot, trigger, started_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`)
      .run(job.name, slot, trigger, realNow.toISOString());
  } catch (err) {
    return fail(err, 'could not be claimed');
  }
  if (claimed.changes === 0) return { status: 'already-claimed' };
  health.noteWrite();

  const finish = (outcome: 'ok' | 'error', detail: string) => {
    try {
      ctx.db.prepare(`UPDATE job_runs SET finished_at = ?, outcome = ?, detail = ? WHERE job = ? AND slot = ?`).run(new Date().toISOString(), outcome, detail.slice(0, 1000), job.name, slot);
    } catch (err) {
      health.note(err);
      ctx.logger.warn(`job ${job.name}: could not record its outcome:`, err);
    }
  };
  try {
    const outcome = await job.run(ctx, at);
    finish('ok', outcome.summary);
    ctx.logger.info(`job ${job.name} (${trigger} for ${at.toISOString()}): ${outcome.summary}`);
    return { status: 'ran', outcome };
  } catch (err) {
    finish('error', err instanceof Error ? err.message : String(err));
    return fail(err, 'failed');
  }
}
