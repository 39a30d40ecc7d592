/**
 * The input files' exact edges (README: the policy, catalog and snapshot formats): every accepted enum value, the
 * bounds of the patterns, optional fields absent rather than undefined (toStrictEqual), and the cluster-by-cluster
 * snapshot reader naming the cluster's own path.
 */
import { parseCatalog } from '../../src/domain/schemas/catalogSchema';
import { defaultPolicy, parsePolicy } from '../../src/domain/schemas/policySchema';
import { parseCluster } from '../../src/domain/schemas/snapshotSchema';

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
};
const policyMessage = (value: unknown): string => message(() => parsePolicy(value, 'policy.json'));
const window = (start: string) => ({ rollout: { maintenanceWindows: [{ days: [1], start, durationMinutes: 60 }] } });
const freeze = (extra: Record<string, unknown>) => ({ from: '2026-12-20T00:00:00Z', to: '2027-01-02T00:00:00Z', reason: 'year-end', ...extra });

describe('policy: maintenance window start is "HH:MM" and nothing more', () => {
  it.each(['00:00', '09:05', '19:59', '20:00', '23:59'])('%s is accepted', (start) => {
    expect(policyMessage(window(start))).toBe('no error');
  });
  it.each(['24:00', '23:60', '9:00', '09:5', '09:005', '009:00', 'x09:00', '09:00x', '09:00 ', '09-00', ''])('%j is refused', (start) => {
    expect(policyMessage(window(start))).toBe('policy.json: $.rollout.maintenanceWindows[0].start: expected "HH:MM" (UTC, 24 h)');
  });
});

describe('policy: health gate', () => {
  it('accepts every documented severity and status level', () => {
    const p = parsePolicy({ rollout: { healthGate: { alertSeverities: ['Sev0', 'Sev1', 'Sev2', 'Sev3', 'Sev4'], extensionStatusLevels: ['Error', 'Warning', 'Information'] } } }, 'p');
    expect(p.rollout.healthGate).toStrictEqual({ alertSeverities: ['Sev0', 'Sev1', 'Sev2', 'Sev3', 'Sev4'], extensionStatusLevels: ['Error', 'Warning', 'Information'] });
  });
  it('an empty gate watches nothing', () => {
    expect(parsePolicy({ rollout: { healthGate: {} } }, 'p').rollout.healthGate).toStrictEqual({ alertSeverities: [], extensionStatusLevels: [] });
  });
  it.each([['sev0', 'alertSeverities'], ['Sev5', 'alertSeverities'], ['error', 'extensionStatusLevels'], ['Info', 'extensionStatusLevels']])('%s is refused', (value, field) => {
    expect(policyMessage({ rollout: { healthGate: { [field]: [value] } } })).toMatch(new RegExp(`^policy\\.json: \\$\\.rollout\\.healthGate\\.${field}\\[0\\]: expected one of `));
  });
});

const AKS_A = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a';
const AKS_B = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/b';

describe('policy: freezes', () => {
  it('a freeze that ends when it starts is refused (to must be after from)', () => {
    expect(policyMessage({ rollout: { freezes: [freeze({ to: '2026-12-20T00:00:00Z' })] } })).toBe('policy.json: $.rollout.freezes[0].to: the freeze ends before it starts: "to" must be after "from"');
  });
  it('the same instant written in two time zones is still no freeze', () => {
    expect(policyMessage({ rollout: { freezes: [freeze({ from: '2026-12-20T01:00:00+01:00', to: '2026-12-20T00:00:00Z' })] } })).toMatch(/freezes\[0\]\.to: the freeze ends before it starts/);
  });
  it('a one-second freeze is accepted, kept as written, with empty scope lists', () => {
    expect(parsePolicy({ rollout: { freezes: [freeze({ to: '2026-12-20T00:00:01Z' })] } }, 'p').rollout.freezes).toStrictEqual([
      { from: '2026-12-20T00:00:00Z', to: '2026-12-20T00:00:01Z', reason: 'year-end', clusterIds: [], clusterTags: {} },
    ]);
  });
  it('cluster ids in a freeze must be cluster ARM ids (an id that names no cluster would freeze nothing); they are kept as written', () => {
    expect(policyMessage({ rollout: { freezes: [freeze({ clusterIds: [AKS_A, ''] })] } })).toMatch(/^policy\.json: \$\.rollout\.freezes\[0\]\.clusterIds\[1\]: not the ARM id of a managed, connected or provisioned cluster/);
    expect(policyMessage({ rollout: { freezes: [freeze({ clusterIds: ['/c/a'] })] } })).toMatch(/^policy\.json: \$\.rollout\.freezes\[0\]\.clusterIds\[0\]: not the ARM id/);
    expect(parsePolicy({ rollout: { freezes: [freeze({ clusterIds: [AKS_A, AKS_B] })] } }, 'p').rollout.freezes?.[0]?.clusterIds).toStrictEqual([AKS_A, AKS_B]);
  });
  it('the later of two overlapping entries names the earlier one it meets', () => {
    const freezes = [freeze({ reason: 'a', clusterIds: [AKS_A] }), freeze({ reason: 'b' }), freeze({ reason: 'c', from: '2027-01-01T00:00:00Z', to: '2027-01-10T00:00:00Z' })];
    expect(policyMessage({ rollout: { freezes } })).toBe('policy.json: $.rollout.freezes[2]: overlaps freezes[1] ("b", 2026-12-20T00:00:00Z → 2027-01-02T00:00:00Z) on the same clusters: merge them into one entry');
  });
});

describe('policy: ring names are unique as the rollout matches them (lower-cased)', () => {
  it('names equal once lower-cased are refused (Kelvin sign K and k)', () => {
    expect(policyMessage({ rollout: { rings: [{ name: '\u212a' }, { name: 'k' }] } })).toBe('policy.json: $.rollout.rings: ring names must be unique');
  });
  it('names that differ once lower-cased are distinct rings (ß and ss)', () => {
    expect(parsePolicy({ rollout: { rings: [{ name: 'eu-straße' }, { name: 'eu-strasse' }] } }, 'p').rollout.rings.map((r) => r.name)).toStrictEqual(['eu-straße', 'eu-strasse']);
  });
});

describe('policy: optional rollout fields stay absent', () => {
  it('the empty file is exactly the default policy, without undefined keys', () => {
    expect(parsePolicy({}, 'p')).toStrictEqual(defaultPolicy());
  });
  it('rings without a success floor have no minSuccessRatio key; rollbackOnFailure false is kept', () => {
    const p = parsePolicy({ rollout: { rings: [{ name: 'canary' }], rollbackOnFailure: false } }, 'p');
    expect(p.rollout.rings).toStrictEqual([{ name: 'canary', maxParallel: 10, bakeMinutes: 0, maxFailureRatio: 0, requireApproval: false }]);
    expect(p.rollout.defaultRing).toStrictEqual({ name: 'default', maxParallel: 10, bakeMinutes: 0, maxFailureRatio: 0, requireApproval: false });
    expect(p.rollout).toHaveProperty('rollbackOnFailure', false);
  });
});

describe('catalog: optional version fields stay absent', () => {
  it('a version with only a version number has no release date, compatibility or security key', () => {
    expect(parseCatalog({ extensionTypes: { t: { versions: [{ version: '1.0.0' }] } } }, 'c').catalog.extensionTypes.t?.versions).toStrictEqual([{ version: '1.0.0', releaseTrain: 'stable' }]);
  });
  it('security false is the same as absent', () => {
    expect(parseCatalog({ extensionTypes: { t: { versions: [{ version: '1.0.0', security: false }] } } }, 'c').catalog.extensionTypes.t?.versions).toStrictEqual([{ version: '1.0.0', releaseTrain: 'stable' }]);
  });
});

describe('snapshot read cluster by cluster', () => {
  it('a cluster is defaulted like in a whole file', () => {
    expect(parseCluster({ id: '/c/a', kubernetesVersion: '1.30.2' }, 'fleet.json', 0)).toStrictEqual({ id: '/c/a', kubernetesVersion: '1.30.2', tags: {}, extensions: [] });
  });
  it('a problem names the cluster\'s own path in the file', () => {
    expect(message(() => parseCluster({ id: '/c/a', kubernetesVersion: '' }, 'fleet.json', 4))).toBe('fleet.json: $.clusters[4].kubernetesVersion: kubernetesVersion must not be empty');
    expect(message(() => parseCluster({ id: '/c/a', kubernetesVersion: '1.30', extensions: [{ name: 'a', extensionType: 't' }] }, 'fleet.json', 12))).toBe('fleet.json: $.clusters[12].extensions[0].version: version must be a string');
  });
});
