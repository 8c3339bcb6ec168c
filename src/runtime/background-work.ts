import type { Logger } from "probot";

/**
 * Work a webhook started and that continues after the webhook has been answered.
 *
 * GitHub gives a delivery 10 s and only needs to know it arrived; Probot answers when the
 * handlers return. Handlers therefore decide from the payload alone whether an event concerns
 * Anvil, then hand the GitHub round-trips (throttled to one write a second) to this registry and
 * return, so the delivery is acknowledged in the time bare Probot takes. Failures are logged with
 * the delivery id; on SIGTERM/SIGINT the process waits for work in flight before exiting.
 *
 * Backpressure: at most MAX_IN_FLIGHT deliveries (256 unless ANVIL_MAX_IN_FLIGHT says otherwise)
 * are worked on at once. Beyond that the next webhook is answered only when there is room, so a
 * burst cannot grow memory without bound (Probot answers 202 after 9 s regardless, and the work
 * still runs). Below the limit, acknowledgements are immediate.
 */
export const MAX_IN_FLIGHT = inFlightLimit(process.env.ANVIL_MAX_IN_FLIGHT);

/** `ANVIL_MAX_IN_FLIGHT` when it is a positive whole number, else 256. */
export function inFlightLimit(value: string | undefined): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : 256;
}
const inFlight = new Set<Promise<void>>();

/** Deliveries being worked on (or waiting for their repository) in this process. */
export function inFlightCount(): number {
  return inFlight.size;
}

export async function runInBackground(task: () => Promise<unknown>, log: Pick<Logger, "error">, maxInFlight = MAX_IN_FLIGHT): Promise<void> {
  while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
  const work = task().then(
    () => undefined,
    (error: unknown) => log.error({ err: error }, "handling this delivery failed after GitHub had its 200, so GitHub will not retry it: fix the cause, then redeliver it from the app's Advanced settings (the delivery id is in this line)"),
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
/** Set by `stopForRestart`: the status the process exits with once its work is finished. */
let exitStatus = 0;

/**
 * The exit status of a process that stopped because only a restart can help (EX_TEMPFAIL): any
 * supervisor restarts it (`restart: unless-stopped`, a Kubernetes Deployment, systemd
 * `Restart=on-failure`), and the log says why.
 */
export const RESTART_EXIT_STATUS = 75;

/**
 * Stop as on SIGTERM (work in flight finishes, for the same grace period), then exit with
 * RESTART_EXIT_STATUS. Several callers at once stop the process once.
 */
export function stopForRestart(): void {
  if (exitStatus === RESTART_EXIT_STATUS) return;
  exitStatus = RESTART_EXIT_STATUS;
  process.kill(process.pid, "SIGTERM");
}

/**
 * On SIGTERM (docker stop, Kubernetes) or SIGINT, finish work in flight for up to `graceMs`, then
 * exit. `drain` is the work queue's (default: this process's background work).
 */
export function finishWorkBeforeExit(log: Pick<Logger, "info" | "warn">, drain: (graceMs: number) => Promise<boolean> = drainBackgroundWork, graceMs = 8000): void {
  if (installed) return;
  installed = true;
  const stop = (signal: string) => {
    log.info({ signal, inFlight: inFlight.size }, "stopping: finishing work in flight");
    void drain(graceMs).then((drained) => {
      if (!drained) log.warn({ inFlight: inFlight.size }, "stopping with deliveries unfinished after the grace period: without Redis, redeliver them from the app's Advanced settings (every step is idempotent); with Redis, another replica or the next start picks them up");
      process.exit(exitStatus);
    });
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}
