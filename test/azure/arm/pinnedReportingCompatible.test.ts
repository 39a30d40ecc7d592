/**
 * Issue 20 item 1, pinned to the spec: the extensions API 2025-03-01 examples GetExtensionWithManagedBy.json and
 * GetExtensionWithManagementDetails.json show a pinned extension (`autoUpgradeMinorVersion: false`, `version: "0.1.4"`)
 * reporting `autoUpgradeMode: "compatible"` (the service default). Ownership reads the flag: such a pin is the
 * policy's (these two are managed, so they stay skip / managed-extension; the same pin on a user's extension moves).
 */
import { extensionFromProperties, pinBody } from '../../../src/azure/arm/extensionBody';
import { planFleet } from '../../../src/domain/plan';
import { defaultPolicy } from '../../../src/domain/policySchema';
import { specExample } from '../../../simulator/specExamples';
import { AKS, NOW, catalog, cluster, fleet, v } from '../../domain/planFixtures';

const PREVIEW_VOTE = catalog([v('0.1.4', { releaseTrain: 'preview' }), v('0.1.5', { releaseTrain: 'preview' })], 'azure-vote');

function example(file: string, strip: boolean) {
  const body = specExample(`2025-03-01/${file}`);
  const properties = { ...body.properties };
  if (strip) delete properties.managementDetails;
  const parsed = extensionFromProperties(body.name, properties, ['properties'], strip ? undefined : body.managedBy);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value;
}

describe.each(['GetExtensionWithManagedBy.json', 'GetExtensionWithManagementDetails.json'])('%s: a pin reporting autoUpgradeMode "compatible"', (file) => {
  it('reads as pinned at 0.1.4 with the reported mode kept', () => {
    expect(example(file, false)).toMatchObject({ version: '0.1.4', autoUpgradeMinorVersion: false, autoUpgradeMode: 'compatible' });
  });

  it('as Azure serves it (managed by another resource): skip / managed-extension', () => {
    const [d] = planFleet(fleet(cluster({}, [example(file, false)])), PREVIEW_VOTE, defaultPolicy(), NOW);
    expect(d).toMatchObject({ clusterId: AKS, action: 'skip', code: 'managed-extension' });
  });

  it('the same pin on a user\'s extension: the policy moves it, the reason names the reported mode', () => {
    const [d] = planFleet(fleet(cluster({}, [example(file, true)])), PREVIEW_VOTE, defaultPolicy(), NOW);
    expect(d).toMatchObject({ action: 'upgrade', code: 'patch-available', from: '0.1.4', to: '0.1.5', path: ['0.1.5'] });
    expect(d!.reason).toContain('autoUpgradeMode reports "compatible"');
  });
});

describe('the write', () => {
  it('keeps setting autoUpgradeMode "none" with the pin', () => {
    expect(pinBody('0.1.5')).toEqual({ properties: { version: '0.1.5', autoUpgradeMinorVersion: false, autoUpgradeMode: 'none' } });
  });
});
