/** Issue 24: support windows: the newest N minor lines on the extension's train; `inSupport` only on types with a window. */
import { planFleet } from '../../src/domain/plan';
import { defaultPolicy, parsePolicy } from '../../src/domain/policySchema';
import { thrownInputError } from '../support/thrownInputError';
import { catalog, cluster, ext, fleet, NOW, v } from './planFixtures';

// Flux-like catalog: lines 1.5 .. 1.9 on Stable, a 1.10 prerelease and a preview-train 1.11
const FLUX = catalog([v('1.5.0'), v('1.6.1'), v('1.7.0'), v('1.7.3'), v('1.8.2'), v('1.9.0'), v('1.10.0-rc.1'), v('1.11.0', { releaseTrain: 'preview' })]);
const withWindow = (supportedMinors: number) => ({ ...defaultPolicy(), supportWindows: [{ extensionType: 'microsoft.flux', supportedMinors }] });
const decide = (version: string, supportedMinors: number, over = {}) => planFleet(fleet(cluster({}, [ext({ version, ...over })])), FLUX, withWindow(supportedMinors), NOW)[0]!;

describe('support windows', () => {
  it.each([
    ['the newest line is in support (N-2 window)', '1.9.0', 3, true],
    ['two lines back is in support (N-2 window)', '1.7.0', 3, true],
    ['three lines back is out of support (N-2 window)', '1.6.1', 3, false],
    ['current and previous (Dapr-style window): one back is in', '1.8.2', 2, true],
    ['current and previous: two back is out', '1.7.3', 2, false],
    ['a prerelease line never counts on Stable', '1.7.0', 3, true],
    ['a version that is not semver is not in support', '1.x', 3, false],
  ] as const)('%s', (_name, version, n, expected) => {
    expect(decide(version, n).inSupport).toBe(expected);
  });

  it('on the Preview train, prereleases and preview versions count (1.11, 1.10, 1.9 supported)', () => {
    expect(decide('1.8.2', 3, { releaseTrain: 'Preview' }).inSupport).toBe(false);
    expect(decide('1.9.0', 3, { releaseTrain: 'Preview' }).inSupport).toBe(true);
  });

  it('compatibility does not matter: a line no Kubernetes version supports still counts', () => {
    const c = catalog([v('1.8.2'), v('1.9.0', { kubernetes: '<1.0.0' })]);
    const d = planFleet(fleet(cluster({}, [ext({ version: '1.8.2' })])), c, withWindow(1), NOW)[0]!;
    expect(d.inSupport).toBe(false);
  });

  it('every decision of the type carries it (skips too); other types carry no field', () => {
    const c = cluster({}, [ext({ isSystemExtension: true, version: '1.5.0' }), ext({ name: 'dapr', extensionType: 'microsoft.dapr', version: '1.0.0' })]);
    const decisions = planFleet(fleet(c), { extensionTypes: { ...FLUX.extensionTypes, 'microsoft.dapr': { versions: [v('1.0.0')] } } }, withWindow(3), NOW);
    expect(decisions.map((d) => [d.extensionName, d.code, 'inSupport' in d ? d.inSupport : 'absent'])).toEqual([
      ['dapr', 'up-to-date', 'absent'],
      ['flux', 'system-extension', false],
    ]);
  });

  it('the policy file: types are case-insensitive, one window per type, supportedMinors at least 1', () => {
    expect(parsePolicy({ supportWindows: [{ extensionType: 'Microsoft.Flux', supportedMinors: 3 }] }, 'p.json').supportWindows).toEqual([{ extensionType: 'microsoft.flux', supportedMinors: 3 }]);
    expect(thrownInputError(() => parsePolicy({ supportWindows: [{ extensionType: 'microsoft.flux', supportedMinors: 0 }] }, 'p.json')).message).toContain('supportWindows[0].supportedMinors');
    expect(thrownInputError(() => parsePolicy({ supportWindows: [{ extensionType: 'a', supportedMinors: 2 }, { extensionType: 'A', supportedMinors: 3 }] }, 'p.json')).message).toContain('already has a window at supportWindows[0]');
    expect(parsePolicy({}, 'p.json').supportWindows).toBeUndefined();
  });

  it('Stable and Preview extensions of one type in one plan each get their own train\'s lines', () => {
    const c = cluster({}, [ext({ name: 'a', version: '1.9.0', releaseTrain: 'Preview' }), ext({ name: 'b', version: '1.9.0', releaseTrain: 'Stable' }), ext({ name: 'c', version: '1.9.0', releaseTrain: 'Preview' })]);
    expect(planFleet(fleet(c), FLUX, withWindow(1), NOW).map((d) => [d.extensionName, d.inSupport])).toEqual([['a', false], ['b', true], ['c', false]]);
  });
});
