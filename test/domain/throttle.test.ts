import { afterThrottle, THROTTLE_DEFAULT_WAIT_MS, THROTTLE_MAX_WAIT_MS, THROTTLE_WAITS } from '../../src/domain/throttle';

describe('afterThrottle: throttling is weather, waited out within a bound, then deferred', () => {
  it.each<[string, number, number | undefined, ReturnType<typeof afterThrottle>]>([
    ["the first throttled attempt waits ARM's Retry-After", 0, 1500, { kind: 'wait', delayMs: 1500 }],
    ['a fractional Retry-After is rounded up to whole milliseconds', 1, 20.2, { kind: 'wait', delayMs: 21 }],
    ['a Retry-After of zero tries again at once', 0, 0, { kind: 'wait', delayMs: 0 }],
    ['a negative Retry-After never waits backwards', 0, -5, { kind: 'wait', delayMs: 0 }],
    ['a Retry-After longer than five minutes waits five minutes', 0, 3_600_000, { kind: 'wait', delayMs: 300_000 }],
    ['without Retry-After the first wait is 30 s', 0, undefined, { kind: 'wait', delayMs: 30_000 }],
    ['without Retry-After the waits double: 60 s second', 1, undefined, { kind: 'wait', delayMs: 60_000 }],
    ['without Retry-After the fourth wait is 240 s', 3, undefined, { kind: 'wait', delayMs: 240_000 }],
    ['a non-finite Retry-After counts as none', 2, Number.NaN, { kind: 'wait', delayMs: 120_000 }],
    ['the last allowed wait still waits', 3, 10, { kind: 'wait', delayMs: 10 }],
    ['after four waits the cluster is deferred to the next pass', 4, 10, { kind: 'defer' }],
    ['more waits than allowed: deferred', 9, undefined, { kind: 'defer' }],
  ])('%s', (_name, waits, retryAfterMs, expected) => {
    expect(afterThrottle(waits, retryAfterMs)).toEqual(expected);
  });

  it('the bounds are four waits of at most five minutes, 30 s by default', () => {
    expect([THROTTLE_WAITS, THROTTLE_MAX_WAIT_MS, THROTTLE_DEFAULT_WAIT_MS]).toEqual([4, 300_000, 30_000]);
  });
});
