import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { parseDuration, retryAfterMs, withRetries } from '../../../src/azure/shared/retry';

function restError(status: number, headers: Record<string, string> = {}): RestError {
  const request = createPipelineRequest({ url: 'https://example.test' });
  return new RestError(`status ${status}`, { statusCode: status, request, response: { status, headers: createHttpHeaders(headers), request } });
}

describe('retry helpers', () => {
  it.each([
    [{ 'retry-after': '3' }, 3000],
    [{ 'retry-after-ms': '250', 'retry-after': '3' }, 250],
    [{ 'x-ms-retry-after-ms': '40' }, 40],
    [{ 'retry-after': 'Thu, 01 Jan 1970 00:00:10 GMT' }, 10000],
    [{}, undefined],
  ])('retryAfterMs(%j) = %s', (headers, expected) => {
    const h = headers as Record<string, string>;
    expect(retryAfterMs((n) => h[n], 0)).toBe(expected);
  });

  it.each([
    ['00:00:05', 5000],
    ['01:02:03', 3723000],
    ['00:00:00.5', 500],
    ['5s', undefined],
    [undefined, undefined],
  ])('parseDuration(%s) = %s', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });

  it('waits Retry-After on 429 and backs off exponentially on 5xx, then succeeds', async () => {
    const waits: number[] = [];
    const errors = [restError(429, { 'retry-after': '2' }), restError(503), restError(500)];
    const result = await withRetries(
      () => {
        const e = errors.shift();
        return e ? Promise.reject(e) : Promise.resolve('done');
      },
      { maxRetries: 3, baseDelayMs: 100, sleep: (ms) => Promise.resolve(void waits.push(ms)) },
    );
    expect(result).toBe('done');
    expect(waits).toEqual([2000, 200, 400]);
  });

  it('throws terminal errors at once and transient ones after maxRetries', async () => {
    let calls = 0;
    const noSleep = () => Promise.resolve();
    await expect(withRetries(() => (calls++, Promise.reject(restError(404))), { maxRetries: 5, sleep: noSleep })).rejects.toMatchObject({ statusCode: 404 });
    expect(calls).toBe(1);
    calls = 0;
    await expect(withRetries(() => (calls++, Promise.reject(restError(503))), { maxRetries: 2, sleep: noSleep })).rejects.toMatchObject({ statusCode: 503 });
    expect(calls).toBe(3);
  });
});
