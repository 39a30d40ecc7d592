/**
 * Formats milliseconds as a .NET TimeSpan, `hh:mm:ss` with a seven-digit fraction when there is one
 * (`00:00:04.3000000`), as Resource Graph's x-ms-user-quota-resets-after carries it.
 */
export function hhmmss(ms: number): string {
  const total = Math.max(0, Math.ceil(ms));
  const s = Math.floor(total / 1000);
  const fraction = total % 1000;
  const pad = (n: number): string => String(n).padStart(2, '0');
  const whole = `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return fraction ? `${whole}.${String(fraction).padStart(3, '0')}0000` : whole;
}

/** Fixed-window query quota per principal (Resource Graph): `take` answers remaining or how long to wait. */
export class WindowQuota {
  private readonly windows = new Map<string, { start: number; used: number }>();
  constructor(private readonly queries: number, private readonly windowMs: number) {}

  /** Spends one query for `principal`; ok=false with retryAfterMs when the window is spent. */
  take(principal: string, now: number): { ok: boolean; remaining: number; resetsAfterMs: number } {
    let w = this.windows.get(principal);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, used: 0 };
      this.windows.set(principal, w);
    }
    const resetsAfterMs = Math.max(1, w.start + this.windowMs - now);
    if (w.used >= this.queries) return { ok: false, remaining: 0, resetsAfterMs };
    w.used++;
    return { ok: true, remaining: this.queries - w.used, resetsAfterMs };
  }
}

/** Token bucket per key (ARM writes per subscription): `take` answers ok or how long until a token exists. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly burst: number, private readonly refillPerSecond: number) {}

  /** Spends one token for `key`; ok=false with retryAfterMs when the bucket is empty. */
  take(key: string, now: number): { ok: boolean; retryAfterMs: number } {
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.refillPerSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true, retryAfterMs: 0 };
    }
    return { ok: false, retryAfterMs: Math.max(1, Math.ceil(((1 - b.tokens) / this.refillPerSecond) * 1000)) };
  }
}
