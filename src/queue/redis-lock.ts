import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

/** Delete or extend the key only while it still holds our token: a lock that expired and was taken by another replica is never touched. */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

export interface HeldLock {
  /** Whether renewal failed at some point (another holder may have run meanwhile). */
  readonly lost: boolean;
  release(): Promise<void>;
}

/**
 * A lock shared by every replica: `SET key token NX PX ttl`, renewed every third of its TTL while
 * held, released by token. A holder that dies stops renewing and the lock expires after `ttlMs`.
 */
export async function acquireLock(redis: Redis, key: string, ttlMs: number, onLost: () => void = () => {}): Promise<HeldLock | undefined> {
  const token = randomUUID();
  if ((await redis.set(key, token, "PX", ttlMs, "NX")) !== "OK") return undefined;
  let lost = false;
  const renewal = setInterval(() => {
    redis.eval(RENEW, 1, key, token, String(ttlMs)).then(
      (renewed) => {
        if (renewed === 0 && !lost) {
          lost = true;
          onLost();
        }
      },
      () => undefined, // Redis briefly unreachable: the next renewal tries again before the TTL ends
    );
  }, Math.max(1, Math.floor(ttlMs / 3)));
  renewal.unref();
  return {
    get lost() {
      return lost;
    },
    async release() {
      clearInterval(renewal);
      await redis.eval(RELEASE, 1, key, token);
    },
  };
}
