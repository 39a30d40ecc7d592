/** Retry options for activities whose transient errors (429, 5xx, storage outages) are thrown. */
import * as df from 'durable-functions';

/** 5 attempts, 5 s then doubling, at most 1 minute apart. */
export function transientRetry(): df.RetryOptions {
  const options = new df.RetryOptions(5_000, 5);
  options.backoffCoefficient = 2;
  options.maxRetryIntervalInMilliseconds = 60_000;
  return options;
}
