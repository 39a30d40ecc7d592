/** Warnings about holds and constraints that name a type found in neither the catalog nor the snapshot (issue 11). */
import type { Policy } from '../../src/domain/model';
import { unknownPolicyTypes } from '../../src/domain/planWarnings';
import { defaultPolicy } from '../../src/domain/policySchema';
import { catalog, cluster, ext, fleet, v } from './planFixtures';

const CATALOG = catalog([v('1.8.2')], 'microsoft.flux');
const SNAPSHOT = fleet(cluster({}, [ext({ extensionType: 'Microsoft.Dapr', name: 'dapr' })]));
const policy = (over: Partial<Policy>): Policy => ({ ...defaultPolicy(), ...over });
const hold = (extensionType: string) => ({ extensionType, clusterTags: {}, clusterIds: [], reason: 'r' });

describe('unknownPolicyTypes', () => {
  it('a policy with no hold and no constraint has nothing to warn about', () => {
    expect(unknownPolicyTypes(policy({}), CATALOG, SNAPSHOT, 'policy.json')).toEqual([]);
  });

  it('a constraint alone (no hold) is checked, naming its path', () => {
    expect(unknownPolicyTypes(policy({ constraints: [{ extensionType: 'microsoft.fluxx', range: '<2.0.0' }] }), CATALOG, SNAPSHOT, 'policy.json')).toEqual([
      'policy.json: $.constraints[0].extensionType: "microsoft.fluxx" is in neither the catalog nor the snapshot; it matches nothing',
    ]);
  });

  it('a hold alone (no constraint) is checked; types from the catalog or the snapshot, in any case, and `*` pass', () => {
    const p = policy({ holds: [hold('MICROSOFT.FLUX'), hold('microsoft.dapr'), hold('*'), hold('microsoft.typo')] });
    expect(unknownPolicyTypes(p, CATALOG, SNAPSHOT, 'policy.json')).toEqual(['policy.json: $.holds[3].extensionType: "microsoft.typo" is in neither the catalog nor the snapshot; it matches nothing']);
  });
});
