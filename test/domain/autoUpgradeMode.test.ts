import { planFleet } from '../../src/domain/plan';
import { defaultPolicy } from '../../src/domain/policySchema';
import type { ExtensionSnapshot } from '../../src/domain/model';
import { NOW, catalog, cluster, ext, fleet, v } from './planFixtures';

const FLUX = catalog([v('1.8.2'), v('1.8.5')]);

function decide(e: Partial<ExtensionSnapshot>) {
  const [d] = planFleet(fleet(cluster({}, [ext(e)])), FLUX, defaultPolicy(), NOW);
  return d!;
}

// Mode × flag → decision, as the README's autoUpgradeMode table states (the app owns only mode none / not reported with the flag off).
describe('autoUpgradeMode (extensions API 2025-03-01) and the platform-auto-upgrade hold', () => {
  it.each([
    ['not reported, flag off: the policy moves it', {}, 'upgrade', 'patch-available', /patch 1\.8\.5/],
    ['none, flag off: the policy moves it', { autoUpgradeMode: 'none' }, 'upgrade', 'patch-available', /patch 1\.8\.5/],
    ['patch, flag off: the platform moves patches', { autoUpgradeMode: 'patch' }, 'hold', 'platform-auto-upgrade', /autoUpgradeMode is "patch".*set autoUpgradeMode "none"/],
    ['compatible, flag off: the platform moves it', { autoUpgradeMode: 'compatible' }, 'hold', 'platform-auto-upgrade', /autoUpgradeMode is "compatible"/],
    ['none, flag on: the legacy flag still moves it', { autoUpgradeMode: 'none', autoUpgradeMinorVersion: true }, 'hold', 'platform-auto-upgrade', /^autoUpgradeMinorVersion is on/],
    ['not reported, flag on', { autoUpgradeMinorVersion: true }, 'hold', 'platform-auto-upgrade', /^autoUpgradeMinorVersion is on/],
  ] as const)('%s', (_name, e, action, code, reason) => {
    const d = decide(e);
    expect([d.action, d.code]).toEqual([action, code]);
    expect(d.reason).toMatch(reason);
  });

  it('an auto-upgrading extension with no installed version reported is the platform hold, not invalid-version', () => {
    expect(decide({ version: '', autoUpgradeMinorVersion: true })).toMatchObject({ action: 'hold', code: 'platform-auto-upgrade', from: '' });
    expect(decide({ version: '', autoUpgradeMode: 'compatible' })).toMatchObject({ action: 'hold', code: 'platform-auto-upgrade' });
  });

  it('a pinned extension with no installed version is still invalid-version', () => {
    expect(decide({ version: '', autoUpgradeMode: 'none' })).toMatchObject({ action: 'error', code: 'invalid-version' });
  });
});
