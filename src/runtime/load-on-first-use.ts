/**
 * A webhook handler whose module is imported when the first event for it arrives, not at
 * start-up: the server answers `/ping` sooner and an idle process holds only what it has used
 * (see docs/performance.md). Concurrent first events share one import; a failed import is tried
 * again on the next event.
 */
export function loadOnFirstUse<Args extends unknown[]>(load: () => Promise<(...args: Args) => Promise<void>>): (...args: Args) => Promise<void> {
  let loading: Promise<(...args: Args) => Promise<void>> | undefined;
  return async (...args: Args) => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    const handler = await loading;
    return handler(...args);
  };
}
