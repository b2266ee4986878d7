/** How long stopping waits for work still in progress (a Web API call times out after 10 s). */
export const STOP_GRACE_MS = 15_000;

/**
 * Resolves when every promise has settled, or after `ms`, whichever comes
 * first: a stop waits for a delivery in flight, never forever.
 */
export async function settle(work: readonly Promise<unknown>[], ms: number): Promise<void> {
  if (work.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  await Promise.race([Promise.allSettled(work), timeout]);
  clearTimeout(timer);
}
