/** Issue 24: each cluster is planned against its own region's catalog; a distinct wait when a newer version is offered only elsewhere. */
import { planFleet } from '../../src/domain/plan';
import { defaultPolicy } from '../../src/domain/policySchema';
import { indexCatalog } from '../../src/domain/catalogIndex';
import { regionKey, regionsByVersion, regionsMatter } from '../../src/domain/regionalAvailability';
import { catalog, cluster, ext, fleet, NOW, v } from './planFixtures';

const plan = (location: string | undefined, versions: ReturnType<typeof v>[], over = {}) =>
  planFleet(fleet(cluster({ ...(location === undefined ? {} : { location }), ...over }, [ext({ version: '1.8.2' })])), catalog(versions), { ...defaultPolicy(), ...over }, NOW)[0]!;

describe('regional availability (rules as written in docs/live-signals.md)', () => {
  it.each([
    ['a patch offered in the cluster region moves', 'eastus', [v('1.8.3', { regions: ['eastus', 'westeurope'] })], 'upgrade', 'patch-available', '1.8.3'],
    ['a display-name location matches the region key', 'East US', [v('1.8.3', { regions: ['eastus'] })], 'upgrade', 'patch-available', '1.8.3'],
    ['a patch offered only elsewhere waits for the region', 'eastus', [v('1.8.3', { regions: ['westeurope'] })], 'wait', 'not-yet-in-region', null],
    ['the best version the region offers is taken when a newer one is elsewhere', 'eastus', [v('1.8.3', { regions: ['eastus'] }), v('1.8.4', { regions: ['westeurope'] })], 'upgrade', 'patch-available', '1.8.3'],
    ['a cluster with no location is offered every version', undefined, [v('1.8.3', { regions: ['westeurope'] })], 'upgrade', 'patch-available', '1.8.3'],
    ['a version naming no regions (a file) is offered everywhere', 'eastus', [v('1.8.3')], 'upgrade', 'patch-available', '1.8.3'],
    ['the same version listed per region is offered in the union', 'eastus', [v('1.8.3', { regions: ['westeurope'] }), v('1.8.3', { regions: ['eastus'] })], 'upgrade', 'patch-available', '1.8.3'],
  ] as const)('%s', (_name, location, versions, action, code, to) => {
    const d = plan(location, [...versions]);
    expect({ action: d.action, code: d.code, to: d.to }).toEqual({ action, code, to });
  });

  it('a young version in the region is release-too-young, not a regional wait', () => {
    const young = new Date(NOW.getTime() - 86_400_000).toISOString();
    const d = plan('eastus', [v('1.8.3', { regions: ['eastus'], releasedAt: young }), v('1.8.4', { regions: ['westeurope'] })], { minReleaseAgeDays: 7 });
    expect(d.code).toBe('release-too-young');
  });

  it('a version elsewhere that is also young still waits for the region first', () => {
    const young = new Date(NOW.getTime() - 86_400_000).toISOString();
    const d = plan('eastus', [v('1.8.3', { regions: ['westeurope'], releasedAt: young })], { minReleaseAgeDays: 7 });
    expect({ code: d.code, action: d.action }).toEqual({ code: 'not-yet-in-region', action: 'wait' });
    expect(d.reason).toContain('eastus');
  });

  it('two clusters of different regions with the same context get their own verdicts', () => {
    const a = cluster({ id: `${cluster().id}-a`, location: 'eastus' });
    const b = cluster({ id: `${cluster().id}-b`, location: 'westeurope' });
    const [da, db] = planFleet(fleet(a, b), catalog([v('1.8.3', { regions: ['westeurope'] })]), defaultPolicy(), NOW);
    expect([da!.code, db!.code]).toEqual(['not-yet-in-region', 'patch-available']);
  });

  it('regionsByVersion lists each version (highest first) with the regions offering it; file-only types are left out', () => {
    const c = { extensionTypes: { 'microsoft.flux': { versions: [v('1.8.3', { regions: ['westeurope'] }), v('1.9.0', { regions: ['West Europe'] }), v('1.8.3', { regions: ['eastus'] })] }, 'microsoft.dapr': { versions: [v('1.0.0')] } } };
    expect([...regionsByVersion(c)]).toEqual([['microsoft.flux', [{ version: '1.9.0', regions: ['westeurope'] }, { version: '1.8.3', regions: ['eastus', 'westeurope'] }]]]);
    expect(regionKey(' North  Europe ')).toBe('northeurope');
  });

  it('regions matter only when some version is missing from some region of the fleet', () => {
    const index = indexCatalog(catalog([v('1.8.3', { regions: ['eastus', 'westeurope'] }), v('1.8.4')]));
    expect(regionsMatter(index, new Set(['eastus', 'westeurope']))).toBe(false);
    expect(regionsMatter(index, new Set(['eastus', 'northeurope']))).toBe(true);
    expect(regionsMatter(indexCatalog(catalog([v('1.8.3')])), new Set(['eastus']))).toBe(false);
  });

  it('a region whose catalog lists no version of the type (404 there) waits for every version listed elsewhere', () => {
    const d = plan('northeurope', [v('1.8.2', { regions: ['eastus'] }), v('1.8.3', { regions: ['eastus'] })]);
    expect({ action: d.action, code: d.code }).toEqual({ action: 'wait', code: 'not-yet-in-region' });
  });

  it('regionsByVersion: a type with regions on some versions only is listed (the others with none); texts that are not semver sort after', () => {
    const c = { extensionTypes: { t: { versions: [v('1.0.0'), v('2.0.0', { regions: ['eastus'] }), v('b'), v('a')] } } };
    expect(regionsByVersion(c).get('t')).toEqual([{ version: '2.0.0', regions: ['eastus'] }, { version: '1.0.0', regions: [] }, { version: 'b', regions: [] }, { version: 'a', regions: [] }]);
  });
});
