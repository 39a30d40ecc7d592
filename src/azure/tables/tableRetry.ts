/**
 * Retries for Table storage calls: the shared `withRetries` loop with the Table transient test (no answer at all,
 * 408, 429, 5xx), and creating a table once per client. Used by both Table adapters.
 */
import type { TableClient } from '@azure/data-tables';
import { isTransientOrUnanswered, withRetries } from '../shared/retry';

/** Retry budget for table writes. */
export interface TableRetryOptions {
  /** Attempts after the first; default 6. */
  retries?: number;
  /** First backoff in ms, doubled per attempt up to 10 s; default 500. */
  retryDelayMs?: number;
}

/** True for Table failures worth retrying: no response at all (connection refused/reset), 408, 429 and 5xx. */
export const isTransientTableError = isTransientOrUnanswered;

/** Runs `action`, retrying transient Table failures (also "no answer at all") with exponential backoff; rethrows the last error. */
export function withTableRetry<T>(action: () => Promise<T>, options: TableRetryOptions = {}): Promise<T> {
  return withRetries(action, { maxRetries: options.retries ?? 6, baseDelayMs: options.retryDelayMs ?? 500, maxDelayMs: 10_000, isRetryable: isTransientTableError });
}

/** A function that creates the table on first call and remembers success (a failure is tried again next call). */
export function tableReady(client: TableClient, options: TableRetryOptions): () => Promise<void> {
  let ready: Promise<void> | undefined;
  return () => {
    ready ??= ensureTable(client, options).catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };
}

/** Creates `client`'s table once per client (409 "already exists" is fine). */
export async function ensureTable(client: TableClient, options: TableRetryOptions): Promise<void> {
  await withTableRetry(async () => {
    try {
      await client.createTable();
    } catch (error) {
      if ((error as { statusCode?: unknown }).statusCode !== 409) throw error;
    }
  }, options);
}
