/** Execution windows at their bounds, and the audit form of a trigger (`timer`, `event:<id>`, `manual[:<by>]`). */
import { batchSize, executionWindow, MAX_BATCH_CLUSTERS, MAX_CLUSTERS_PER_EXECUTION } from '../../src/domain/rolloutWindow';
import { triggerLabel } from '../../src/domain/rolloutTrigger';
import type { Trigger } from '../../src/domain/ports';

describe('the bounds of a rollout window', () => {
  it('a batch is at most 2,000 clusters; an execution starts about 1,000', () => {
    expect(MAX_BATCH_CLUSTERS).toBe(2_000);
    expect(MAX_CLUSTERS_PER_EXECUTION).toBe(1_000);
  });

  it.each([
    [-3, 1],
    [0.5, 1],
    [1.999, 1],
    [1_999, 1_999],
    [2_000, 2_000],
    [2_001, 2_000],
  ])('maxParallel %p → batches of %p', (maxParallel, size) => {
    expect(batchSize({ maxParallel })).toBe(size);
  });

  it.each([
    // maxParallel, batches per execution, clusters per execution
    [10, 100, 1_000], // more batches asked than 1,000 clusters allow: capped at 1,000
    [10, 101, 1_000],
    [10, 99, 990],
    [7, 0, 994], // never continue: whole batches up to 1,000
    [1_000, 5, 1_000], // one batch is the whole budget
    [1_001, 5, 1_001], // a batch above the budget: still one whole batch
    [500, 2, 1_000],
    [500, 1, 500],
  ])('maxParallel %p, %p batches per execution → %p clusters', (maxParallel, batches, clusters) => {
    expect(executionWindow({ maxParallel }, batches)).toBe(clusters);
  });
});

describe('triggerLabel', () => {
  it.each<[Trigger, string]>([
    [{ kind: 'timer' }, 'timer'],
    [{ kind: 'event', eventId: 'e-42', eventType: 'Microsoft.Resources.ResourceWriteSuccess' }, 'event:e-42'],
    [{ kind: 'manual', by: 'ann' }, 'manual:ann'],
    [{ kind: 'manual' }, 'manual'],
    [{ kind: 'manual', by: '' }, 'manual'],
  ])('%j → %s', (trigger, label) => {
    expect(triggerLabel(trigger)).toBe(label);
  });
});
