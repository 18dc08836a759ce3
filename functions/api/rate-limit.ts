/**
 * A token bucket per client: `capacity` requests at once, refilled at `perSecond`. In-memory,
 * so per process: enough for the local server; in AWS the HTTP API's throttling applies first.
 *
 * Each request takes a whole token up front (before anyone knows what it will cost); a request
 * that turns out cheap — an answer the local server already held serialized, ~0.1 ms of CPU
 * against milliseconds to seconds for one that runs the engine — gives most of it back
 * (`refund`). The bucket then bounds the engine work a client can cause, and still bounds a
 * client that floods the server with cheap requests (ten times the rate).
 */
export interface RateLimiter {
  take(client: string, now?: number): boolean;
  /** Gives back part of a token taken for a request that cost less than a full one. */
  refund?(client: string, tokens: number): void;
}

export function tokenBucket(capacity: number, perSecond: number, maxClients = 10_000): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(client, now = Date.now()) {
      let b = buckets.get(client);
      if (!b) {
        if (buckets.size >= maxClients) buckets.delete(buckets.keys().next().value as string);
        b = { tokens: capacity, at: now };
        buckets.set(client, b);
      }
      b.tokens = Math.min(capacity, b.tokens + ((now - b.at) / 1000) * perSecond);
      b.at = now;
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
    refund(client, tokens) {
      const b = buckets.get(client);
      if (b) b.tokens = Math.min(capacity, b.tokens + Math.max(0, Math.min(1, tokens)));
    },
  };
}
