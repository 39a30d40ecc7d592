/** The failed-version holds table against Azurite: first failure kept, listed, cleared once. */
import { createTableStores } from '../../../src/azure/tables/tableStores';
import type { FailedVersionHold } from '../../../src/domain/versionHolds';
import { startAzurite, type AzuriteTables } from '../../../simulator/world/azurite';

describe('TableFailedVersionHolds against Azurite', () => {
  let azurite: AzuriteTables;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite.stop();
  });

  const hold = (over: Partial<FailedVersionHold> = {}): FailedVersionHold => ({
    extensionType: 'Microsoft.Flux',
    version: '1.10.0',
    clusterId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a',
    rolloutId: 'fleet-1',
    heldAt: '2026-06-01T10:00:00.000Z',
    reason: 'health-check-failed: alert Sev1',
    ...over,
  });

  it('keeps the first failure of a version, lists every hold, clears one (404 → false the second time)', async () => {
    const { holds } = createTableStores({ connectionString: azurite.connectionString });
    expect(await holds.list()).toEqual([]);
    await holds.add(hold());
    await holds.add(hold({ clusterId: 'second-failure', version: 'v1.10.0' }));
    await holds.add(hold({ extensionType: 'microsoft.dapr', version: '1.14.0' }));
    const listed = await holds.list();
    expect(listed).toHaveLength(2);
    expect(listed.find((h) => h.extensionType === 'microsoft.flux')).toEqual({ ...hold(), extensionType: 'microsoft.flux' });
    expect(await holds.clear('MICROSOFT.FLUX', '1.10.0')).toBe(true);
    expect(await holds.clear('microsoft.flux', '1.10.0')).toBe(false);
    expect((await holds.list()).map((h) => h.extensionType)).toEqual(['microsoft.dapr']);
  });
});
