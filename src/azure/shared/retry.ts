/**
 * SHARED azure/shared — plumbing used by every adapter: the one retry loop (`withRetries`, each transport passing its
 * transient-error test) and size-bounded batching (sizedBatches.ts). No port of its own.
 *
 * Retries for ARM calls made outside the SDK pipeline's own retry policy: 429 honours `Retry-After`, 5xx and
 * connection failures back off exponentially. Terminal errors (other 4xx, bad input) are thrown at once.
 */
import { isRestError } from '@azure/core-rest-pipeline';

/** How to retry one call. */
export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff for 5xx / connection errors; doubles each retry. Default 1000. */
  baseDelayMs?: number;
  /** Upper bound of one wait. Default 60000. */
  maxDelayMs?: number;
  /** Called before each wait. */
  onRetry?: (info: { attempt: number; statusCode: number | undefined; delayMs: number }) => void;
  /** Injected for tests; default real timers. */
  sleep?: (ms: number) => Promise<void>;
  /** Which errors are worth another attempt; default `isTransient` (408, 429, 5xx, no answer). */
  isRetryable?: (error: unknown) => boolean;
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Milliseconds from `Retry-After` (seconds or HTTP date) / `retry-after-ms` / `x-ms-retry-after-ms`; undefined when absent. */
export function retryAfterMs(get: (name: string) => string | undefined, nowMs: number = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = Number(get(name));
    if (get(name) !== undefined && Number.isFinite(v) && v >= 0) return v;
  }
  const ra = get('retry-after');
  if (ra === undefined) return undefined;
  const secs = Number(ra);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const date = Date.parse(ra);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Milliseconds of an `hh:mm:ss` duration (Resource Graph's `x-ms-user-quota-resets-after`); undefined if malformed. */
export function parseDuration(value: string | undefined): number | undefined {
  const m = /^(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(value?.trim() ?? '');
  if (!m) return undefined;
  return Math.round((Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1000);
}

/** True for errors worth retrying: 408, 429, 5xx (except 501/505) and requests that never got an answer. */
export function isTransient(error: unknown): boolean {
  if (!isRestError(error)) return false;
  const s = error.statusCode;
  if (s === undefined) return error.code === 'REQUEST_SEND_ERROR' || error.code === 'ECONNRESET' || error.code === 'ETIMEDOUT';
  return s === 408 || s === 429 || (s >= 500 && s !== 501 && s !== 505);
}

/** True for errors worth retrying on transports whose SDK errors may lack a RestError shape (Tables, Event Grid): no status at all (no answer), 408, 429, 5xx. */
export function isTransientOrUnanswered(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status !== 'number' || status === 408 || status === 429 || status >= 500;
}

/** Runs `op`, retrying transient failures up to `maxRetries` times; rethrows the last error. */
export async function withRetries<T>(op: () => Promise<T>, options: RetryOptions): Promise<T> {
  const wait = options.sleep ?? sleep;
  const base = options.baseDelayMs ?? 1000;
  const cap = options.maxDelayMs ?? 60000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (error) {
      if (attempt > options.maxRetries || !(options.isRetryable ?? isTransient)(error)) throw error;
      const statusCode = isRestError(error) ? error.statusCode : undefined;
      const headers = isRestError(error) ? error.response?.headers : undefined;
      const hinted = headers ? retryAfterMs((n) => headers.get(n)) : undefined;
      const delayMs = Math.min(cap, hinted ?? base * 2 ** (attempt - 1));
      options.onRetry?.({ attempt, statusCode, delayMs });
      await wait(delayMs);
    }
  }
}

/** A 429 that outlived its retries, as data: the message and ARM's Retry-After (ms) when it sent one; undefined for any other error. */
export function throttledAnswer(error: unknown): { message: string; retryAfterMs?: number } | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (status !== 429) return undefined;
  const message = error instanceof Error ? error.message : 'HTTP 429';
  const headers = isRestError(error) ? error.response?.headers : undefined;
  const wait = headers ? retryAfterMs((name) => headers.get(name)) : undefined;
  return wait === undefined ? { message } : { message, retryAfterMs: wait };
}
