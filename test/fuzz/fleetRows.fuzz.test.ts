/**
 * Fuzzing of Resource Graph rows through FleetRowCollector / extensionFromProperties: odd-cased keys, non-semver
 * versions, wrong types. Never throws; bad rows become warnings naming the row; every good row lands.
 */
import fc from 'fast-check';
import { extensionFromProperties } from '../../src/azure/arm/extensionBody';
import { FleetRowCollector } from '../../src/azure/resourceGraph/fleetRows';

const SEED = 424242;
const STATES = ['Succeeded', 'Failed', 'Canceled', 'Creating', 'Updating', 'Deleting'];

/** `key` in a random case. */
const anyCase = (key: string): fc.Arbitrary<string> =>
  fc.array(fc.boolean(), { minLength: key.length, maxLength: key.length }).map((flags) => [...key].map((ch, i) => (flags[i] ? ch.toUpperCase() : ch.toLowerCase())).join(''));

const version = fc.oneof(fc.stringMatching(/^\d{1,3}\.\d{1,3}\.\d{1,3}$/), fc.string({ maxLength: 30 }), fc.constantFrom('latest', 'v1.2', '1.2.3-preview.1+b', '', '💥'));
const boolish = fc.constantFrom(true, false, 'true', 'false', 'True', 'False', null, undefined);

/** Good extension properties with keys in any case and values of allowed types. */
const goodProps = fc
  .record({
    extensionType: fc.string({ minLength: 1, maxLength: 40 }),
    version,
    currentVersion: fc.option(version, { nil: undefined }),
    autoUpgradeMinorVersion: boolish,
    releaseTrain: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
    provisioningState: fc.constantFrom(...STATES).chain((s) => anyCase(s)),
    isSystemExtension: boolish,
  })
  .chain((props) =>
    fc.tuple(...Object.keys(props).map((k) => anyCase(k))).map((keys) => {
      const out: Record<string, unknown> = {};
      Object.values(props).forEach((v, i) => {
        if (v !== undefined) out[keys[i]!] = v;
      });
      return out;
    }),
  );

const wrongType = fc.oneof(fc.constant(null), fc.integer(), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }), fc.boolean());
const nonString = fc.oneof(fc.integer(), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }), fc.boolean());

/** Extension properties that must be refused: no extension type, a wrong type or an unknown state. */
const badProps = fc.oneof(
  goodProps.map((p) => Object.fromEntries(Object.entries(p).filter(([k]) => k.toLowerCase() !== 'extensiontype'))),
  fc.tuple(goodProps, fc.constantFrom('extensionType', 'provisioningState', 'version', 'autoUpgradeMinorVersion'), fc.oneof(fc.integer(), fc.array(fc.string(), { maxLength: 2 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 1 }))).map(
    ([p, key, value]) => ({ ...Object.fromEntries(Object.entries(p).filter(([k]) => k.toLowerCase() !== key.toLowerCase())), [key]: value }),
  ),
  fc.tuple(goodProps, fc.string({ maxLength: 12 }).filter((s) => !STATES.some((x) => x.toLowerCase() === s.toLowerCase()))).map(([p, s]) => ({
    ...Object.fromEntries(Object.entries(p).filter(([k]) => k.toLowerCase() !== 'provisioningstate')),
    provisioningState: s,
  })),
  fc.oneof(fc.constant(null), fc.integer(), fc.array(fc.anything(), { maxLength: 2 }), fc.string()).filter((v) => v !== null),
);

type Kind = 'good' | 'bad-row' | 'bad-ext';

const row = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant<Kind>('good'), props: goodProps, kv: fc.oneof(fc.stringMatching(/^1\.\d\d\.\d$/), fc.string({ maxLength: 8 }), fc.constant(null)), tags: fc.oneof(fc.constant(null), fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 3 })) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant<Kind>('bad-ext'), props: badProps, kv: fc.constant('1.30.1'), tags: fc.constant(null) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant<Kind>('bad-row'), props: goodProps, kv: fc.oneof(nonString, fc.constant('1.30.1')), tags: fc.oneof(fc.integer(), fc.string(), fc.constant({})) }) },
);

describe('Resource Graph rows under fuzzing', () => {
  it('never throws; every good row lands; every bad row or extension leaves one warning naming it', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.array(fc.oneof(wrongType, fc.anything()), { maxLength: 3 }), (rows, junk) => {
        const c = new FleetRowCollector();
        const expected: { clusterId: string; name: string }[] = [];
        let bad = 0;
        rows.forEach((r, i) => {
          const clusterId = `/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c${i % 7}`;
          const name = `ext-${i}`;
          const raw: Record<string, unknown> = {
            clusterId: r.kind === 'bad-row' && i % 2 === 0 ? (i % 4 === 0 ? 42 : '') : clusterId,
            location: 'westeurope',
            tags: r.tags,
            kubernetesVersion: r.kv,
            extensionId: `${clusterId}/providers/Microsoft.KubernetesConfiguration/extensions/${name}`,
            extensionName: i % 3 === 0 ? null : name,
            extensionProperties: r.props,
          };
          c.add(raw, `page 1 row ${i}`);
          const schemaBad = r.kind === 'bad-row' && (i % 2 === 0 || typeof r.kv !== 'string' || typeof r.tags !== 'object');
          if (schemaBad || r.kind === 'bad-ext') {
            bad++;
            expect(c.warnings.at(-1)).toContain(`page 1 row ${i}`);
          } else expected.push({ clusterId, name });
        });
        for (const j of junk) c.add(j, 'junk');
        expect(c.rows).toBe(rows.length + junk.length);
        const snapshot = c.snapshot();
        for (const { clusterId, name } of expected) {
          const cluster = snapshot.clusters.find((x) => x.id === clusterId);
          expect(cluster?.extensions.map((e) => e.name)).toContain(name);
        }
        for (const cluster of snapshot.clusters) {
          expect(typeof cluster.kubernetesVersion).toBe('string');
          for (const v of Object.values(cluster.tags)) expect(typeof v).toBe('string');
          for (const e of cluster.extensions) {
            expect(typeof e.version).toBe('string');
            expect(STATES).toContain(e.provisioningState);
            expect(typeof e.autoUpgradeMinorVersion).toBe('boolean');
            expect(typeof e.isSystemExtension).toBe('boolean');
          }
        }
        expect(c.warnings.length).toBeGreaterThanOrEqual(bad);
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  it('extensionFromProperties never throws on anything and names the field path when it refuses', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), goodProps, badProps, fc.jsonValue()), (props) => {
        const r = extensionFromProperties('x', props);
        if (!r.ok) expect(r.problem).toMatch(/^\$\.properties/);
      }),
      { seed: SEED + 1, numRuns: 3000 },
    );
  });

  it('good properties in any key case are always accepted, version = currentVersion || version', () => {
    fc.assert(
      fc.property(goodProps, (props) => {
        const r = extensionFromProperties('x', props);
        expect(r.ok).toBe(true);
        const lower = Object.fromEntries(Object.entries(props).map(([k, v]) => [k.toLowerCase(), v]));
        const want = (lower.currentversion as string | undefined) || (lower.version as string | undefined) || '';
        expect(r.ok && r.value.version).toBe(want);
      }),
      { seed: SEED + 2, numRuns: 2000 },
    );
  });
});
