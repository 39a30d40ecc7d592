/**
 * fastCluster against the schema it shortcuts: on seeded random clusters (valid, missing, mistyped, empty, null,
 * odd-case and unknown values, unknown fields), whatever the fast path accepts the schema accepts without a warning,
 * and both give the same cluster, field order included. Whatever the fast path refuses goes to the schema.
 */
import fc from 'fast-check';
import { fastCluster } from '../../../src/domain/schemas/fastCluster';
import { parseCluster, unknownClusterFields } from '../../../src/domain/schemas/snapshotSchema';
import { generateFleet, toFleetSnapshot } from '../../../simulator/fleetGenerator';

/** The schema's outcome for one cluster: the parsed cluster and its warnings, or the error message. */
function bySchema(value: unknown): { ok: true; cluster: unknown; warnings: string[] } | { ok: false; message: string } {
  try {
    const warnings = unknownClusterFields(value, 'snap.json', 0);
    return { ok: true, cluster: parseCluster(value, 'snap.json', 0), warnings };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

/** A field's value: mostly one of `good`, sometimes absent (undefined: the key is left out) or one of a few of each kind. */
const anyOf = <T>(...good: T[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 40, arbitrary: fc.constantFrom(...good) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, null, '', 0, 1, true, false, [], {}, 'x', ['a'], { a: 1 }) },
  );

/** Mostly absent: an unknown field. */
const rarely = (value: unknown): fc.Arbitrary<unknown> => fc.oneof({ weight: 40, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(value) });

const extension = fc.record(
  {
    name: anyOf('flux', 'dapr', 'n'),
    extensionType: anyOf('microsoft.flux', 'Microsoft.Dapr'),
    version: anyOf('1.2.3', 'x'),
    autoUpgradeMinorVersion: anyOf(true, false),
    releaseTrain: anyOf('Stable', 'preview', ''),
    provisioningState: anyOf('Succeeded', 'succeeded', 'FAILED', 'Updating', 'creating', 'Canceled', 'Deleting', 'Running', 'succeeded '),
    isSystemExtension: anyOf(true, false),
    managedBy: anyOf('/subscriptions/x/providers/Microsoft.Kubernetes/fleets/f', ''),
    managementDetails: anyOf({ category: 'c' }, { accessDetails: [{ entity: 'Users', allowedActions: ['Read'] }] }),
    autoUpgradeMode: anyOf('none', 'patch', 'compatible', 'Patch'),
    unknownField: rarely('typo'),
    ['__proto__']: rarely('p'), // computed: an own key, as JSON.parse makes it
  },
  { requiredKeys: [] },
);

const tags = fc.oneof(
  fc.dictionary(fc.constantFrom('ring', 'env', '0', '10', 'constructor', '__proto__', 'toString', ''), fc.oneof({ weight: 8, arbitrary: fc.constantFrom('a', '', 'prod') }, { weight: 1, arbitrary: fc.constantFrom(1, null, true, {}) })),
  fc.constantFrom(undefined, null, [], 'x', 1),
);

const cluster = fc.record(
  {
    id: anyOf('/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a'),
    kubernetesVersion: anyOf('1.30.5', '1.31', 'x'),
    reconciledKubernetesVersion: anyOf('1.29.0'),
    location: anyOf('westeurope'),
    distribution: anyOf('k3s', 'AKS'),
    connectivityStatus: anyOf('Connected', 'Connecting', 'Offline', 'Expired', 'connected'),
    powerState: anyOf('Running', 'Stopped'),
    tags,
    extensions: fc.oneof({ weight: 8, arbitrary: fc.array(extension, { maxLength: 4 }) }, { weight: 1, arbitrary: fc.constantFrom(undefined, null, {}, 'x', [null], [1]) }),
    extra: rarely('typo'),
  },
  { requiredKeys: [] },
);

/** A JSON-parsed copy (as the file reader gives it): absent values dropped, own `__proto__` keys kept as data. */
const asParsed = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

/** The same JSON with every object's keys in reverse order (a file may order fields any way). */
const reversed = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v, (_key, value: unknown) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value)));

describe('fastCluster: the fast path accepts a subset of the schema and gives the same cluster', () => {
  it('on seeded random clusters, an accepted cluster is the schema\'s, with no warning', () => {
    let accepted = 0;
    let refusedByBoth = 0;
    fc.assert(
      fc.property(cluster, fc.boolean(), (raw, reverse) => {
        const value = reverse ? reversed(raw) : asParsed(raw);
        const fast = fastCluster(value);
        const schema = bySchema(value);
        if (fast === undefined) {
          if (!schema.ok) refusedByBoth++;
          return;
        }
        accepted++;
        expect(schema.ok).toBe(true);
        if (!schema.ok) return;
        expect(schema.warnings).toEqual([]);
        expect(fast).toStrictEqual(schema.cluster);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(schema.cluster)); // the same field order
      }),
      { seed: 60606, numRuns: 20000 },
    );
    // the comparison means something only if both outcomes occur often
    expect(accepted).toBeGreaterThan(1000);
    expect(refusedByBoth).toBeGreaterThan(1000);
  });

  it('accepts every cluster of a generated fleet (the shape the P6 benchmark reads) as the schema parses it', () => {
    const clusters = toFleetSnapshot(generateFleet({ clusters: 300, subscriptions: 3, seed: 6, extensionsPerCluster: [4, 6] })).clusters.map(asParsed);
    for (const c of clusters) expect(fastCluster(c)).toStrictEqual(bySchema(c).ok && (bySchema(c) as { cluster: unknown }).cluster);
  });

  it.each([
    ['a null extensions list (the default is for an absent one only)', { id: 'a', kubernetesVersion: '1.30.0', extensions: null }],
    ['a null tags object', { id: 'a', kubernetesVersion: '1.30.0', tags: null }],
    ['an empty id', { id: '', kubernetesVersion: '1.30.0' }],
    ['an unknown provisioning state', { id: 'a', kubernetesVersion: '1.30.0', extensions: [{ name: 'n', extensionType: 't', version: '1', provisioningState: 'Running' }] }],
    ['managementDetails (left to the schema)', { id: 'a', kubernetesVersion: '1.30.0', extensions: [{ name: 'n', extensionType: 't', version: '1', managementDetails: {} }] }],
    ['an unknown field (the schema warns)', { id: 'a', kubernetesVersion: '1.30.0', colour: 'red' }],
    ['a tag named __proto__', JSON.parse('{"id":"a","kubernetesVersion":"1.30.0","tags":{"__proto__":"x"}}') as unknown],
  ])('leaves %s to the schema', (_name, value) => {
    expect(fastCluster(value)).toBeUndefined();
  });
});
