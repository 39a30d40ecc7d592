import { planFleet } from '../../src/domain/plan';
import { defaultPolicy } from '../../src/domain/policySchema';
import type { ExtensionSnapshot } from '../../src/domain/model';
import { NOW, catalog, cluster, ext, fleet, v } from './planFixtures';

const FLUX = catalog([v('1.8.2'), v('1.8.5')]);

function decide(e: Partial<ExtensionSnapshot>) {
  const [d] = planFleet(fleet(cluster({}, [ext(e)])), FLUX, defaultPolicy(), NOW);
  return d!;
}

// Ownership reads autoUpgradeMinorVersion, not the mode (issue 20 item 1): the 2025-03-01 service reports its default
// mode `compatible` for pinned extensions (spec examples GetExtensionWithManagedBy.json, GetExtensionWithManagementDetails.json).
describe('autoUpgradeMinorVersion decides who owns the version; autoUpgradeMode is only named', () => {
  it.each([
    ['not reported, flag off: the policy moves it', {}, 'upgrade', 'patch-available', /^Move 1\.8\.2 → 1\.8\.5: patch 1\.8\.5 is available on the 1\.8 line\.$/],
    ['none, flag off: the policy moves it, the reason unchanged', { autoUpgradeMode: 'none' }, 'upgrade', 'patch-available', /^Move 1\.8\.2 → 1\.8\.5: patch 1\.8\.5 is available on the 1\.8 line\.$/],
    ['compatible, flag off (a pin): the policy moves it and names the mode', { autoUpgradeMode: 'compatible' }, 'upgrade', 'patch-available', /^Move 1\.8\.2 → 1\.8\.5.*autoUpgradeMode reports "compatible".*pinned.*autoUpgradeMode "none"/],
    ['patch, flag off (a pin): the policy moves it and names the mode', { autoUpgradeMode: 'patch' }, 'upgrade', 'patch-available', /autoUpgradeMode reports "patch"/],
    ['none, flag on: the platform moves it', { autoUpgradeMode: 'none', autoUpgradeMinorVersion: true }, 'hold', 'platform-auto-upgrade', /^autoUpgradeMinorVersion is on/],
    ['compatible, flag on: the platform moves it', { autoUpgradeMode: 'compatible', autoUpgradeMinorVersion: true }, 'hold', 'platform-auto-upgrade', /^autoUpgradeMinorVersion is on: the platform moves this extension\.$/],
    ['not reported, flag on', { autoUpgradeMinorVersion: true }, 'hold', 'platform-auto-upgrade', /^autoUpgradeMinorVersion is on/],
  ] as const)('%s', (_name, e, action, code, reason) => {
    const d = decide(e);
    expect([d.action, d.code]).toEqual([action, code]);
    expect(d.reason).toMatch(reason);
  });

  it('a pin reporting compatible that has nothing to do still names the mode', () => {
    expect(decide({ version: '1.8.5', autoUpgradeMode: 'compatible' })).toMatchObject({ action: 'none', code: 'up-to-date', reason: expect.stringContaining('autoUpgradeMode reports "compatible"') });
  });

  it('an auto-upgrading extension with no installed version reported is the platform hold, not invalid-version', () => {
    expect(decide({ version: '', autoUpgradeMinorVersion: true })).toMatchObject({ action: 'hold', code: 'platform-auto-upgrade', from: '' });
  });

  it.each(['none', 'compatible'] as const)('a pinned extension (mode %s) with no installed version is invalid-version', (mode) => {
    expect(decide({ version: '', autoUpgradeMode: mode })).toMatchObject({ action: 'error', code: 'invalid-version' });
  });

  it('a managed extension stays skip / managed-extension whatever its flag and mode', () => {
    expect(decide({ managedBy: '/subscriptions/s/x', autoUpgradeMode: 'compatible' })).toMatchObject({ action: 'skip', code: 'managed-extension' });
  });
});
