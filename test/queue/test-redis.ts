import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";

/**
 * The Redis the tests may use: `.ci/run` starts a real `redis-server` and exports its URL as
 * ANVIL_TEST_REDIS_URL. Unset (a developer machine without Redis): the tests that need it skip,
 * and say so.
 */
export const TEST_REDIS_URL = process.env.ANVIL_TEST_REDIS_URL;
if (!TEST_REDIS_URL) console.warn("ANVIL_TEST_REDIS_URL is unset: skipping the tests that need a real Redis (.ci/run starts one)");

/** A key prefix of its own per test, so tests running at once never see each other's jobs. */
export function uniquePrefix(): string {
  return `anvil-test-${randomUUID().slice(0, 8)}`;
}

/** Delete every key under `prefix` (tests clean up after themselves). */
export async function deleteKeys(prefix: string): Promise<void> {
  if (!TEST_REDIS_URL) return;
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
