/**
 * Runs tasks one at a time per key (e.g. per repository), in arrival order, so two webhooks for
 * the same repository arriving at once cannot both decide "no checklist exists yet" and create
 * two. Different keys run concurrently. Keys are forgotten when their queue drains.
 */
export function createKeyedSerializer() {
  const tails = new Map<string, Promise<unknown>>();

  return async function serialize<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

export const serializePerRepository = createKeyedSerializer();
