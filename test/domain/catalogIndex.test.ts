/**
 * The catalog index (catalogIndex.ts) on its own: order, the text a version is targeted by, the conservative merge of a
 * version listed more than once, and the compatibility keys of the README's "Compatibility keys" rule.
 */
import { compatibilityKey, indexCatalog } from '../../src/domain/catalogIndex';
import type { Catalog, CatalogVersion } from '../../src/domain/model';
import { parseKubernetesVersion, parseVersion } from '../../src/domain/versions';
import { catalog, v } from './planFixtures';

const k8s = (text: string) => parseKubernetesVersion(text)!;
const only = (versions: CatalogVersion[]) => {
  const type = indexCatalog(catalog(versions)).get('microsoft.flux');
  if (!type) throw new Error('type not indexed');
  return type;
};
const one = (versions: CatalogVersion[]) => {
  const [entry, ...rest] = only(versions).versions;
  expect(rest).toEqual([]);
  return entry!;
};

describe('indexCatalog: types and order', () => {
  it('keys types in lower case, lists valid versions highest first and leaves out invalid ones', () => {
    const cat: Catalog = { extensionTypes: { 'Microsoft.Flux': { versions: [v('1.9.0'), v('latest'), v('1.10.0'), v('1.8.5'), v('2.0.0-rc.1')] }, 'microsoft.dapr': { versions: [] } } };
    const index = indexCatalog(cat);
    expect([...index.keys()].sort()).toEqual(['microsoft.dapr', 'microsoft.flux']);
    expect(index.get('microsoft.flux')!.versions.map((x) => x.text)).toEqual(['2.0.0-rc.1', '1.10.0', '1.9.0', '1.8.5']);
    expect(index.get('microsoft.dapr')!.versions).toEqual([]);
  });

  it('two spellings of one type are one type', () => {
    const cat: Catalog = { extensionTypes: { 'Microsoft.Flux': { versions: [v('1.8.5')] }, 'microsoft.flux': { versions: [v('1.9.0')] } } };
    expect(indexCatalog(cat).get('microsoft.flux')!.versions.map((x) => x.text)).toEqual(['1.9.0', '1.8.5']);
  });

  it('find answers the entry equal to a version, whatever its spelling', () => {
    const type = only([v('1.8.5'), v('v1.9.0')]);
    expect(type.find(parseVersion('v1.8.5')!)?.text).toBe('1.8.5');
    expect(type.find(parseVersion('1.9.0')!)?.text).toBe('v1.9.0');
    expect(type.find(parseVersion('1.8.6')!)).toBeUndefined();
  });
});

describe('indexCatalog: the text a version listed more than once is targeted by', () => {
  it.each([
    ['the plain text when one entry writes it so', ['1.8.5+b.2', '1.8.5', 'v1.8.5'], '1.8.5'],
    ['else the smallest text, whatever the order (b.1 before b.2)', ['1.8.5+b.2', '1.8.5+b.1'], '1.8.5+b.1'],
    ['else the smallest text, whatever the order (reversed)', ['1.8.5+b.1', '1.8.5+b.2'], '1.8.5+b.1'],
    ['else the smallest text: "1…" before "v…"', ['v1.8.5', '1.8.5+z'], '1.8.5+z'],
    ['a single entry keeps its own text', ['v1.8.5'], 'v1.8.5'],
  ])('%s', (_name, texts, expected) => {
    expect(one(texts.map((t) => v(t))).text).toBe(expected);
  });
});

describe('indexCatalog: a version listed more than once is merged conservatively', () => {
  const early = '2024-01-01T00:00:00Z';
  const late = '2024-03-01T00:00:00Z';

  it.each([
    ['preview if any entry says so', [v('1.8.5'), v('1.8.5', { releaseTrain: 'preview' })], true],
    ['stable when every entry is stable', [v('1.8.5'), v('1.8.5')], false],
  ])('%s', (_name, entries, preview) => {
    expect(one(entries).preview).toBe(preview);
  });

  it.each([
    ['the latest date given', [v('1.8.5', { releasedAt: late }), v('1.8.5', { releasedAt: early })], Date.parse(late)],
    ['the latest date given (other order)', [v('1.8.5', { releasedAt: early }), v('1.8.5', { releasedAt: late })], Date.parse(late)],
    ['an entry without a date gives none', [v('1.8.5'), v('1.8.5', { releasedAt: early })], Date.parse(early)],
    ['an unreadable date gives none', [v('1.8.5', { releasedAt: 'soon' }), v('1.8.5', { releasedAt: early })], Date.parse(early)],
    ['no date at all', [v('1.8.5'), v('1.8.5')], undefined],
  ])('released at %s', (_name, entries, releasedAtMs) => {
    expect(one(entries).releasedAtMs).toBe(releasedAtMs);
  });

  it.each([
    ['a security fix when every entry says so', [v('1.8.5', { security: true }), v('1.8.5', { security: true })], true],
    ['not when one entry does not', [v('1.8.5', { security: true }), v('1.8.5')], false],
    ['not when one entry says false', [v('1.8.5', { security: false }), v('1.8.5', { security: true })], false],
    ['a single entry without the flag is not', [v('1.8.5')], false],
  ])('%s', (_name, entries, security) => {
    expect(one(entries).security).toBe(security);
  });

  it('compatible only where every entry says so', () => {
    const merged = one([v('1.8.5', { kubernetes: '>=1.29.0' }), v('1.8.5', { kubernetes: '<1.30.0' })]);
    expect(['1.28.9', '1.29.0', '1.29.9', '1.30.0'].map((x) => merged.compatible('managedCluster', k8s(x)))).toEqual([false, true, true, false]);
  });
});

describe('compatibility keys', () => {
  it.each([
    ['managedCluster', undefined, 'managedCluster'],
    ['managedCluster', 'gke', 'managedCluster'],
    ['provisionedCluster', 'AKS', 'provisionedCluster'],
    ['connectedCluster', undefined, 'connectedCluster'],
    ['connectedCluster', '', 'connectedCluster'],
    ['connectedCluster', 'GKE', 'connectedcluster/gke'],
  ] as const)('%s with distribution %j is looked up as %s', (type, distribution, key) => {
    expect(compatibilityKey(type, distribution)).toBe(key);
  });

  const spec = { managedCluster: '>=1.30.0', provisionedCluster: '>=1.31.0', connectedCluster: '>=1.28.0', 'connectedCluster/GKE': '>=1.32.0', '*': '>=1.0.0' };
  const entry = one([v('1.8.5', { kubernetes: spec })]);
  it.each([
    ['managedCluster', '1.29.0', false],
    ['managedCluster', '1.30.0', true],
    ['provisionedCluster', '1.30.0', false],
    ['provisionedCluster', '1.31.0', true],
    ['connectedCluster', '1.28.0', true],
    ['connectedCluster', '1.27.0', false],
    ['connectedcluster/gke', '1.31.0', false],
    ['connectedcluster/gke', '1.32.0', true],
    ['connectedcluster/k3s', '1.28.0', true],
    ['connectedcluster/k3s', '1.27.0', false],
  ])('an object of ranges: %s on Kubernetes %s → %s', (key, kubernetes, expected) => {
    expect(entry.compatible(key, k8s(kubernetes))).toBe(expected);
    // asked again (the answer is memoised per key and version object), the same
    expect(entry.compatible(key, k8s(kubernetes))).toBe(expected);
  });

  it('an object naming neither the cluster type nor * does not offer the version', () => {
    const gkeOnly = one([v('1.8.5', { kubernetes: { 'connectedCluster/gke': '>=1.0.0' } })]);
    expect(gkeOnly.compatible('connectedcluster/gke', k8s('1.29.0'))).toBe(true);
    expect(gkeOnly.compatible('connectedcluster/k3s', k8s('1.29.0'))).toBe(false);
    expect(gkeOnly.compatible('connectedCluster', k8s('1.29.0'))).toBe(false);
    expect(gkeOnly.compatible('managedCluster', k8s('1.29.0'))).toBe(false);
  });

  it('one range applies to every key; no range means every Kubernetes version', () => {
    const ranged = one([v('1.8.5', { kubernetes: '<1.30.0' })]);
    const open = only([v('1.8.6')]).versions[0]!;
    for (const key of ['managedCluster', 'connectedcluster/gke', 'provisionedCluster']) {
      expect([ranged.compatible(key, k8s('1.29.9')), ranged.compatible(key, k8s('1.30.0'))]).toEqual([true, false]);
      expect(open.compatible(key, k8s('9.9.9'))).toBe(true);
    }
  });

  it('one version object asked under two keys gets the answer of each key', () => {
    const v130 = k8s('1.30.0');
    expect(entry.compatible('managedCluster', v130)).toBe(true);
    expect(entry.compatible('provisionedCluster', v130)).toBe(false);
    expect(entry.compatible('managedCluster', v130)).toBe(true);
  });
});
