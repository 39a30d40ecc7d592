/** Issue 24: observed release age in planning — a sightings table that cannot be read or written never stops the plan, and fails closed. */
import { observedAgeCatalog } from '../../src/app/observedAge';
import type { Catalog } from '../../src/domain/model';
import type { ReleaseSightingStore } from '../../src/domain/ports';
import { sightingKey, type ReleaseSighting } from '../../src/domain/releaseAge';

const NOW = new Date('2026-06-10T00:00:00Z');
const OLD = '2026-05-01T00:00:00.000Z';
const live: Catalog = { extensionTypes: { 'microsoft.flux': { versions: [{ version: '1.9.0', releaseTrain: 'stable', regions: ['eastus'] }, { version: '1.8.2', releaseTrain: 'stable', regions: ['eastus'] }] } } };
const dates = (c: Catalog): (string | undefined)[] => c.extensionTypes['microsoft.flux']!.versions.map((v) => v.releasedAt);

/** A typed in-memory store whose read or record can be made to fail; counts the calls so a test proves its fault fired. */
function store(fail: { read?: boolean; record?: boolean } = {}): ReleaseSightingStore & { calls: { read: number; record: number }; written: ReleaseSighting[] } {
  const s = {
    calls: { read: 0, record: 0 },
    written: [] as ReleaseSighting[],
    read: () => {
      s.calls.read++;
      return fail.read ? Promise.reject(new Error('table down')) : Promise.resolve(new Map([[sightingKey('microsoft.flux', '1.8.2', 'eastus'), OLD]]));
    },
    record: (rows: ReleaseSighting[]) => {
      s.calls.record++;
      if (fail.record) return Promise.reject(new Error('403 AuthorizationFailure'));
      s.written.push(...rows);
      return Promise.resolve();
    },
  };
  return s;
}

describe('observedAgeCatalog', () => {
  it('dates recorded versions by their sighting, records the new ones as seen now', async () => {
    const s = store();
    expect(dates(await observedAgeCatalog(live, s, NOW))).toEqual([NOW.toISOString(), OLD]);
    expect(s.written).toEqual([{ extensionType: 'microsoft.flux', version: '1.9.0', region: 'eastus', firstSeen: NOW.toISOString() }]);
  });

  it('a pass that cannot write still plans: the new version stays young, the recorded one keeps its age', async () => {
    const s = store({ record: true });
    const warnings: string[] = [];
    expect(dates(await observedAgeCatalog(live, s, NOW, { onWarning: (m) => warnings.push(m) }))).toEqual([NOW.toISOString(), OLD]);
    expect(s.calls.record).toBe(1);
    expect(warnings[0]).toContain('could not be written');
  });

  it('a table that cannot be read fails closed: every live version counts from now, nothing is written', async () => {
    const s = store({ read: true });
    const warnings: string[] = [];
    expect(dates(await observedAgeCatalog(live, s, NOW, { onWarning: (m) => warnings.push(m) }))).toEqual([NOW.toISOString(), NOW.toISOString()]);
    expect(s.calls).toEqual({ read: 1, record: 0 });
    expect(warnings[0]).toContain('could not be read');
  });

  it('read only (the CLI) reads but never records; no store, or a catalog from files, is left as it is', async () => {
    const s = store();
    await observedAgeCatalog(live, s, NOW, { readOnly: true });
    expect(s.calls).toEqual({ read: 1, record: 0 });
    expect(await observedAgeCatalog(live, undefined, NOW)).toBe(live);
    const file: Catalog = { extensionTypes: { t: { versions: [{ version: '1.0.0', releaseTrain: 'stable' }] } } };
    expect(await observedAgeCatalog(file, s, NOW)).toBe(file);
  });
});
