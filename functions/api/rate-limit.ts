/**
 * A token bucket per client: `capacity` requests at once, refilled at `perSecond`. In-memory,
 * so per process: enough for the local server; in AWS the HTTP API's throttling applies first.
 */
export interface RateLimiter {
  take(client: string, now?: number): boolean;
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
  };
}
