/** countClusterResult: how one cluster rollout's end counts in its ring's tally (the rule both orchestrations follow). */
import { countClusterResult } from '../../src/domain/ringGate';

describe('countClusterResult', () => {
  it.each([
    ['no result (the sub-orchestration failed outright) is a failure', undefined, { succeeded: 0, failed: 1, skipped: 0 }],
    ['a null result is a failure', null, { succeeded: 0, failed: 1, skipped: 0 }],
    ['failed is a failure', { result: 'failed' }, { succeeded: 0, failed: 1, skipped: 0 }],
    ['skipped is a skip', { result: 'skipped' }, { succeeded: 0, failed: 0, skipped: 1 }],
    ['succeeded is a success', { result: 'succeeded' }, { succeeded: 1, failed: 0, skipped: 0 }],
  ])('%s', (_name, result, expected) => {
    const tally = { succeeded: 0, failed: 0, skipped: 0 };
    countClusterResult(tally, result);
    expect(tally).toEqual(expected);
  });

  it('adds to what the tally holds', () => {
    const tally = { succeeded: 2, failed: 1, skipped: 3 };
    countClusterResult(tally, { result: 'succeeded' });
    countClusterResult(tally, { result: 'skipped' });
    expect(tally).toEqual({ succeeded: 3, failed: 1, skipped: 4 });
  });
});
