import type { Logger } from "probot";

/**
 * Work a webhook started and that continues after the webhook has been answered.
 *
 * GitHub gives a delivery 10 s and only needs to know it arrived; Probot answers when the
 * handlers return. Handlers therefore decide from the payload alone whether an event concerns
 * Anvil, then hand the GitHub round-trips (throttled to one write a second) to this registry and
 * return, so the delivery is acknowledged in the time bare Probot takes. Failures are logged with
 * the delivery id; on SIGTERM/SIGINT the process waits for work in flight before exiting.
 */
const inFlight = new Set<Promise<void>>();

export function runInBackground(task: () => Promise<unknown>, log: Pick<Logger, "error">): void {
  const work = task().then(
    () => undefined,
    (error: unknown) => log.error({ err: error }, "handling the event failed after it was acknowledged"),
  );
  inFlight.add(work);
  void work.finally(() => inFlight.delete(work));
}

/** Resolve once no work is in flight (work started meanwhile included), or after `timeoutMs`. */
export async function drainBackgroundWork(timeoutMs = Number.POSITIVE_INFINITY): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (inFlight.size > 0) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return false;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled([...inFlight]), new Promise((resolve) => (timer = setTimeout(resolve, Math.min(remaining, 2 ** 31 - 1))))]);
    clearTimeout(timer);
  }
  return true;
}

let installed = false;

/** On SIGTERM (docker stop, Kubernetes) or SIGINT, finish work in flight for up to `graceMs`, then exit. */
export function finishWorkBeforeExit(log: Pick<Logger, "info" | "warn">, graceMs = 8000): void {
  if (installed) return;
  installed = true;
  const stop = (signal: string) => {
    log.info({ signal, inFlight: inFlight.size }, "stopping: finishing work in flight");
    void drainBackgroundWork(graceMs).then((drained) => {
      if (!drained) log.warn({ inFlight: inFlight.size }, "stopping with work still in flight");
      process.exit(0);
    });
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}
