import { batchSize, executionWindow, MAX_BATCH_CLUSTERS, MAX_CLUSTERS_PER_EXECUTION } from '../../src/domain/rolloutWindow';

describe('rollout windows (how much of a ring one execution rolls out)', () => {
  it.each([
    [1, 1],
    [10, 10],
    [0, 1],
    [2.7, 2],
    [10_000, MAX_BATCH_CLUSTERS],
  ])('a ring with maxParallel %p runs batches of %p', (maxParallel, size) => {
    expect(batchSize({ maxParallel })).toBe(size);
  });

  it.each([
    // maxParallel, batches per execution, clusters per execution
    [10, 3, 30],
    [100, 3, 300],
    [400, 3, 800],
    [600, 3, 600],
    [2_000, 3, 2_000],
    [10, 0, MAX_CLUSTERS_PER_EXECUTION],
    [300, 0, 900],
    [1, 1, 1],
  ])('maxParallel %p, %p batches per execution → %p clusters (whole batches, about 1,000 at most, one batch at least)', (maxParallel, batches, clusters) => {
    expect(executionWindow({ maxParallel }, batches)).toBe(clusters);
  });
});
