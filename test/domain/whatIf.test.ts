/** What-if for a Kubernetes upgrade (whatIf.ts), against the rules of issue 20 item 5. */
import { planFleet } from '../../src/domain/plan';
import { defaultPolicy } from '../../src/domain/policySchema';
import { assumedText, assumeFleetKubernetesVersion, assumeKubernetesVersion, kubernetesTargetText, parseKubernetesTarget } from '../../src/domain/whatIf';
import { ARC, NOW, catalog, cluster, ext, fleet, v } from './planFixtures';
import { thrownInputError } from '../support/thrownInputError';

describe('parseKubernetesTarget: X.Y, X.Y.Z (a leading v allowed) or +1', () => {
  it.each([
    ['1.30', { kind: 'version', version: '1.30.0' }],
    ['1.30.2', { kind: 'version', version: '1.30.2' }],
    ['v1.31', { kind: 'version', version: '1.31.0' }],
    [' 1.30.02 ', { kind: 'version', version: '1.30.2' }],
    ['+1', { kind: 'nextMinor' }],
  ])('%j is %j', (text, target) => {
    expect(parseKubernetesTarget(text)).toEqual(target);
  });

  it.each(['', 'latest', '1', '+2', '1.30.1.4', '1.30-eks', 'next', '1.x'])('%j is refused naming the input and the text', (text) => {
    const error = thrownInputError(() => parseKubernetesTarget(text, '--kubernetes-version'));
    expect(error.input).toBe('--kubernetes-version');
    expect(error.problem).toContain(`"${text}"`);
    expect(error.problem).toContain('+1');
  });

  it('names the input it is given', () => {
    expect(thrownInputError(() => parseKubernetesTarget('soon', 'query kubernetesVersion')).input).toBe('query kubernetesVersion');
  });
});

describe('assumeKubernetesVersion: the cluster as if it ran the target, its current version the reconciled one', () => {
  it.each([
    ['next minor of X.Y.Z is X.(Y+1).0', '1.29.4', { kind: 'nextMinor' } as const, '1.30.0'],
    ['next minor of X.Y is X.(Y+1).0', '1.29', { kind: 'nextMinor' } as const, '1.30.0'],
    ['next minor of a suffixed k3s version', 'v1.28.9+k3s1', { kind: 'nextMinor' } as const, '1.29.0'],
    ['an explicit X.Y.Z', '1.29.4', { kind: 'version', version: '1.31.2' } as const, '1.31.2'],
    ['an explicit X.Y is X.Y.0', '1.29.4', { kind: 'version', version: '1.31' } as const, '1.31.0'],
  ])('%s', (_name, current, target, assumed) => {
    const before = cluster({ kubernetesVersion: current, reconciledKubernetesVersion: '1.27.1' });
    const after = assumeKubernetesVersion(before, target);
    expect(after).toEqual({ ...before, kubernetesVersion: assumed, reconciledKubernetesVersion: current });
  });

  it('leaves the input cluster untouched', () => {
    const before = cluster({ kubernetesVersion: '1.29.4' });
    assumeKubernetesVersion(before, { kind: 'nextMinor' });
    expect(before.kubernetesVersion).toBe('1.29.4');
    expect(before.reconciledKubernetesVersion).toBeUndefined();
  });

  it('returns a cluster whose version cannot be parsed unchanged', () => {
    const before = cluster({ kubernetesVersion: 'unknown' });
    expect(assumeKubernetesVersion(before, { kind: 'nextMinor' })).toBe(before);
  });

  it('applies to every cluster of a fleet, each from its own version', () => {
    const a = cluster({ kubernetesVersion: '1.29.4' });
    const b = cluster({ id: ARC, kubernetesVersion: '1.30.1' });
    const out = assumeFleetKubernetesVersion(fleet(a, b), { kind: 'nextMinor' });
    expect(out.clusters.map((c) => [c.kubernetesVersion, c.reconciledKubernetesVersion])).toEqual([
      ['1.30.0', '1.29.4'],
      ['1.31.0', '1.30.1'],
    ]);
  });
});

describe('a plan of the what-if fleet is the plan after the upgrade', () => {
  const FLUX = catalog([v('1.8.2'), v('1.8.5'), v('1.9.1', { kubernetes: '>=1.29.0' }), v('1.10.0', { kubernetes: '>=1.31.0' })]);
  const policy = { ...defaultPolicy(), allowMajor: false };

  it('today only the patch moves; at the next minor the window opens and the newest line compatible with it is the target', () => {
    const today = fleet(cluster({ kubernetesVersion: '1.29.4' }));
    expect(planFleet(today, FLUX, policy, NOW)[0]).toMatchObject({ action: 'upgrade', code: 'patch-available', to: '1.8.5' });
    const next = assumeFleetKubernetesVersion(today, parseKubernetesTarget('+1'));
    expect(planFleet(next, FLUX, policy, NOW)[0]).toMatchObject({ action: 'upgrade', code: 'kubernetes-minor-upgraded', to: '1.9.1', moveKind: 'minor' });
    const twoAhead = assumeFleetKubernetesVersion(today, parseKubernetesTarget('1.31'));
    expect(planFleet(twoAhead, FLUX, policy, NOW)[0]).toMatchObject({ action: 'upgrade', to: '1.10.0' });
  });

  it('an installed version the target Kubernetes cannot run shows as what would stop the upgrade', () => {
    const old = catalog([v('1.8.2', { kubernetes: '<1.30.0' })]);
    const today = fleet(cluster({ kubernetesVersion: '1.29.4' }, [ext({ version: '1.8.2' })]));
    expect(planFleet(today, old, policy, NOW)[0]!.action).toBe('none');
    const next = assumeFleetKubernetesVersion(today, { kind: 'nextMinor' });
    expect(planFleet(next, old, policy, NOW)[0]).toMatchObject({ action: 'blocked', code: 'incompatible-no-allowed-version' });
  });
});

describe('naming the assumed version', () => {
  it('an unnamed input is --kubernetes-version, the whole value ($)', () => {
    const error = thrownInputError(() => parseKubernetesTarget('soon'));
    expect([error.input, error.path]).toEqual(['--kubernetes-version', '$']);
  });

  it.each([
    [{ kind: 'nextMinor' } as const, '+1'],
    [{ kind: 'version', version: '1.31' } as const, '1.31.0'],
    [{ kind: 'version', version: 'v1.31.2' } as const, '1.31.2'],
    [{ kind: 'version', version: 'soon' } as const, 'soon'],
  ])('%j is named %s', (target, text) => {
    expect(kubernetesTargetText(target)).toBe(text);
  });

  it.each([
    ['+1', 'its next minor (+1), its current version the reconciled one'],
    ['1.31.0', '1.31.0, its current version the reconciled one'],
  ])('%s reads "%s"', (assumed, text) => {
    expect(assumedText(assumed)).toBe(text);
  });

  it('a hand-built target that is no version is assumed as written', () => {
    expect(assumeKubernetesVersion(cluster({ kubernetesVersion: '1.29.4' }), { kind: 'version', version: 'soon' }).kubernetesVersion).toBe('soon');
  });
});
