/** Issue 24: observed release age: first sightings per (type, version, region); earliest wins; unrecorded counts as now. */
import { hasUndatedLiveVersions, MAX_NEW_SIGHTINGS_PER_PASS, newSightings, sightingKey, sightingsOf, withObservedAge } from '../../src/domain/releaseAge';
import type { Catalog } from '../../src/domain/model';
import { v } from './planFixtures';

const NOW = new Date('2026-06-10T00:00:00Z');
const live: Catalog = { extensionTypes: { 'microsoft.flux': { versions: [v('1.8.2', { regions: ['eastus', 'westeurope'] }), v('1.9.0', { regions: ['eastus'] }), v('1.7.0', { releasedAt: '2026-01-01T00:00:00Z' })] } } };

describe('observed release age', () => {
  it('a version counts from its earliest sighting in any region', () => {
    const recorded = new Map([[sightingKey('microsoft.flux', '1.8.2', 'westeurope'), '2026-05-01T00:00:00.000Z'], [sightingKey('microsoft.flux', '1.8.2', 'eastus'), '2026-05-20T00:00:00.000Z']]);
    expect(withObservedAge(live, recorded, NOW).extensionTypes['microsoft.flux']!.versions[0]!.releasedAt).toBe('2026-05-01T00:00:00.000Z');
  });

  it('a version never recorded (first pass, or a table that could not be read) counts from now: fail closed', () => {
    expect(withObservedAge(live, new Map(), NOW).extensionTypes['microsoft.flux']!.versions.map((x) => x.releasedAt)).toEqual([NOW.toISOString(), NOW.toISOString(), '2026-01-01T00:00:00Z']);
  });

  it('a region not recorded yet does not make a version younger than its sighting elsewhere', () => {
    const recorded = new Map([[sightingKey('Microsoft.Flux', 'v1.8.2', 'West Europe'), '2026-05-01T00:00:00.000Z']]);
    expect(withObservedAge(live, recorded, NOW).extensionTypes['microsoft.flux']!.versions[0]!.releasedAt).toBe('2026-05-01T00:00:00.000Z');
  });

  it('the earlier of a catalog date and a sighting wins', () => {
    const both: Catalog = { extensionTypes: { t: { versions: [v('1.0.0', { regions: ['eastus'], releasedAt: '2026-02-01T00:00:00Z' })] } } };
    expect(withObservedAge(both, new Map([[sightingKey('t', '1.0.0', 'eastus'), '2026-03-01T00:00:00Z']]), NOW).extensionTypes.t!.versions[0]!.releasedAt).toBe('2026-02-01T00:00:00Z');
    expect(withObservedAge(both, new Map([[sightingKey('t', '1.0.0', 'eastus'), '2026-01-01T00:00:00Z']]), NOW).extensionTypes.t!.versions[0]!.releasedAt).toBe('2026-01-01T00:00:00Z');
  });

  it('new sightings: every (type, version, region) not recorded, first seen now; versions from files have none', () => {
    expect(sightingsOf(live)).toHaveLength(3);
    const recorded = new Map([[sightingKey('microsoft.flux', '1.8.2', 'eastus'), '2026-05-01T00:00:00Z']]);
    expect(newSightings(live, recorded, NOW)).toEqual([
      { extensionType: 'microsoft.flux', version: '1.8.2', region: 'westeurope', firstSeen: NOW.toISOString() },
      { extensionType: 'microsoft.flux', version: '1.9.0', region: 'eastus', firstSeen: NOW.toISOString() },
    ]);
  });

  it(`one pass records at most ${MAX_NEW_SIGHTINGS_PER_PASS} sightings`, () => {
    const many: Catalog = { extensionTypes: { t: { versions: Array.from({ length: 300 }, (_, i) => v(`1.${i}.0`, { regions: ['eastus', 'westus'] })) } } };
    expect(newSightings(many, new Map(), NOW)).toHaveLength(MAX_NEW_SIGHTINGS_PER_PASS);
  });

  it('keys ignore case, a leading v and spaces in region names', () => {
    expect(sightingKey('Microsoft.Flux', ' V1.8.2-RC.1 ', 'East US')).toBe(sightingKey('microsoft.flux', '1.8.2-rc.1', 'eastus'));
    expect(sightingKey('t', '1.8.2', 'eastus')).not.toBe(sightingKey('t', '1.8.20', 'eastus'));
  });

  it('a version listed twice for one region is one new sighting; a version with an empty region list is left as it is', () => {
    const twice: Catalog = { extensionTypes: { t: { versions: [v('1.0.0', { regions: ['eastus'] }), v('1.0.0', { regions: ['eastus'] }), v('2.0.0', { regions: [] })] } } };
    expect(newSightings(twice, new Map(), NOW)).toHaveLength(1);
    expect(withObservedAge(twice, new Map(), NOW).extensionTypes.t!.versions[2]).toEqual(v('2.0.0', { regions: [] }));
  });

  it('hasUndatedLiveVersions: a live version with no date (no sightings applied) is undated; dated or file versions are not', () => {
    expect(hasUndatedLiveVersions(live)).toBe(true);
    expect(hasUndatedLiveVersions(withObservedAge(live, new Map(), NOW))).toBe(false);
    expect(hasUndatedLiveVersions({ extensionTypes: { t: { versions: [v('1.0.0')] }, u: { versions: [v('1.0.0', { regions: ['eastus'], releasedAt: '2026-01-01T00:00:00Z' })] } } })).toBe(false);
  });
});
