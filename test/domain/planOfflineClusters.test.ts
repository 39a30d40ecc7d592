/**
 * Rule 8's offline wait names two cases only: a connected cluster whose connectivityStatus is present and not Connected,
 * and a managed cluster whose powerState is Stopped. Any other cluster with a move moves.
 */
import type { ClusterSnapshot } from '../../src/domain/model';
import { planFleet } from '../../src/domain/plan';
import { defaultPolicy } from '../../src/domain/policySchema';
import { AKS, ARC, NOW, catalog, cluster, fleet, v } from './planFixtures';

const PROVISIONED = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.HybridContainerService/provisionedClusters/hci-1';
const FLUX = catalog([v('1.8.2'), v('1.8.5')]);
const decide = (c: ClusterSnapshot) => planFleet(fleet(c), FLUX, defaultPolicy(), NOW)[0]!;

describe('rule 8: which clusters are offline', () => {
  it.each([
    ['a Connected Arc cluster reporting a Stopped power state moves', { id: ARC, connectivityStatus: 'Connected' as const, powerState: 'Stopped' }, 'upgrade'],
    ['an Arc cluster reporting no connectivity moves, whatever its power state', { id: ARC, powerState: 'Stopped' }, 'upgrade'],
    ['a provisioned cluster with a Stopped power state moves (the rule names managed clusters)', { id: PROVISIONED, powerState: 'Stopped' }, 'upgrade'],
    ['a provisioned cluster reporting Offline moves (the rule names connected clusters)', { id: PROVISIONED, connectivityStatus: 'Offline' as const }, 'upgrade'],
    ['a managed cluster STOPPED (any case) waits', { id: AKS, powerState: 'STOPPED' }, 'wait'],
    ['an Offline Arc cluster waits', { id: ARC, connectivityStatus: 'Offline' as const }, 'wait'],
  ])('%s', (_name, over, action) => {
    const d = decide(cluster(over));
    expect(d).toMatchObject({ action, to: '1.8.5', path: ['1.8.5'], code: action === 'wait' ? 'cluster-offline' : 'patch-available' });
  });
});
