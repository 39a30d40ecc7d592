/**
 * The freeze calendar at its boundaries (README "Freeze calendar": `from` inclusive, `to` exclusive; a freeze applies
 * when unscoped, or its `clusterIds` and every `clusterTags` entry match; entries of the same scope must not overlap).
 */
import { activeFreeze, freezeApplies, freezesOverlap, sameFreezeScope, upcomingFreezes, type FreezeTarget } from '../../src/domain/freeze';
import type { Freeze } from '../../src/domain/model';

const CLUSTER = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-prod-1';
const OTHER = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-prod-2';
const prod: FreezeTarget = { id: CLUSTER, tags: { env: 'prod', region: 'weu' } };
const freeze = (from: string, to: string, over: Partial<Freeze> = {}): Freeze => ({ from, to, reason: 'year-end', clusterIds: [], clusterTags: {}, ...over });

describe('freezeApplies: the scope of a freeze', () => {
  it.each<[string, Partial<Freeze>, boolean]>([
    ['unscoped: every cluster', {}, true],
    ['its own id', { clusterIds: [CLUSTER] }, true],
    ['its id in another case', { clusterIds: [CLUSTER.toUpperCase()] }, true],
    ['its id among others (not first)', { clusterIds: [OTHER, CLUSTER.toLowerCase()] }, true],
    ['only other ids', { clusterIds: [OTHER] }, false],
    ['every listed tag on the cluster', { clusterTags: { env: 'prod', region: 'weu' } }, true],
    ['one listed tag missing', { clusterTags: { env: 'prod', tier: 'gold' } }, false],
    ['a listed tag with another value', { clusterTags: { env: 'dev' } }, false],
    ['its id and its tags', { clusterIds: [CLUSTER], clusterTags: { env: 'prod' } }, true],
    ['its id but not its tags', { clusterIds: [CLUSTER], clusterTags: { env: 'dev' } }, false],
    ['its tags but another id', { clusterIds: [OTHER], clusterTags: { env: 'prod' } }, false],
  ])('%s → %s', (_name, scope, applies) => {
    expect(freezeApplies(freeze('2026-12-20T00:00:00Z', '2027-01-04T00:00:00Z', scope), prod)).toBe(applies);
  });

  it('a cluster id in upper case matches a freeze listing it in lower case', () => {
    expect(freezeApplies(freeze('2026-12-20T00:00:00Z', '2027-01-04T00:00:00Z', { clusterIds: [CLUSTER.toLowerCase()] }), { id: CLUSTER.toUpperCase(), tags: {} })).toBe(true);
  });
});

describe('activeFreeze: which freeze stops writes at an instant', () => {
  const yearEnd = freeze('2026-12-20T00:00:00Z', '2027-01-04T00:00:00Z', { reason: 'year-end' });
  it.each<[string, string, Freeze | undefined]>([
    ['one millisecond before from: free', '2026-12-19T23:59:59.999Z', undefined],
    ['exactly at from: frozen', '2026-12-20T00:00:00.000Z', yearEnd],
    ['one millisecond before to: frozen', '2027-01-03T23:59:59.999Z', yearEnd],
    ['exactly at to: free', '2027-01-04T00:00:00.000Z', undefined],
    ['the same instant written with another offset: frozen', '2027-01-04T00:59:59+01:00', yearEnd],
  ])('%s', (_name, at, expected) => {
    expect(activeFreeze(new Date(at), [yearEnd], prod)).toBe(expected);
  });

  it('several freezes in force: the one ending last, whatever the order of the calendar', () => {
    const short = freeze('2026-12-20T00:00:00Z', '2026-12-27T00:00:00Z', { reason: 'short' });
    const long = freeze('2026-12-22T00:00:00Z', '2027-01-04T00:00:00Z', { reason: 'long', clusterTags: { env: 'prod' } });
    const at = new Date('2026-12-24T00:00:00Z');
    expect(activeFreeze(at, [short, long], prod)).toBe(long);
    expect(activeFreeze(at, [long, short], prod)).toBe(long);
  });

  it('two freezes in force ending at the same instant: the first listed is shown (the calendar order breaks the tie)', () => {
    const tagged = freeze('2026-12-20T00:00:00Z', '2027-01-04T00:00:00Z', { reason: 'tagged', clusterTags: { env: 'prod' } });
    const all = freeze('2026-12-22T00:00:00Z', '2027-01-04T00:00:00Z', { reason: 'all' });
    const at = new Date('2026-12-24T00:00:00Z');
    expect(activeFreeze(at, [tagged, all], prod)).toBe(tagged);
    expect(activeFreeze(at, [all, tagged], prod)).toBe(all);
  });

  it('a later-ending freeze that does not apply to the cluster does not win', () => {
    const applies = freeze('2026-12-20T00:00:00Z', '2026-12-27T00:00:00Z', { reason: 'all' });
    const elsewhere = freeze('2026-12-20T00:00:00Z', '2027-02-01T00:00:00Z', { reason: 'dev only', clusterTags: { env: 'dev' } });
    expect(activeFreeze(new Date('2026-12-24T00:00:00Z'), [applies, elsewhere], prod)).toBe(applies);
    expect(activeFreeze(new Date('2026-12-24T00:00:00Z'), [elsewhere, applies], prod)).toBe(applies);
  });

  it('a later-ending freeze not yet started does not win', () => {
    const now = freeze('2026-12-20T00:00:00Z', '2026-12-27T00:00:00Z', { reason: 'now' });
    const later = freeze('2026-12-25T00:00:00Z', '2027-01-04T00:00:00Z', { reason: 'later' });
    expect(activeFreeze(new Date('2026-12-24T00:00:00Z'), [now, later], prod)).toBe(now);
    expect(activeFreeze(new Date('2026-12-24T00:00:00Z'), [later, now], prod)).toBe(now);
  });

  it('a freeze that starts as another ends is waited for in turn', () => {
    const first = freeze('2026-12-20T00:00:00Z', '2026-12-27T00:00:00Z', { reason: 'first' });
    const second = freeze('2026-12-27T00:00:00Z', '2027-01-04T00:00:00Z', { reason: 'second' });
    expect(activeFreeze(new Date('2026-12-26T23:59:59.999Z'), [second, first], prod)).toBe(first);
    expect(activeFreeze(new Date('2026-12-27T00:00:00Z'), [first, second], prod)).toBe(second);
  });
});

describe('upcomingFreezes: what a plan shows', () => {
  const at = new Date('2026-12-24T00:00:00Z');
  it.each<[string, Freeze, boolean]>([
    ['ended one millisecond ago', freeze('2026-12-01T00:00:00Z', '2026-12-23T23:59:59.999Z'), false],
    ['ending exactly now (to is exclusive: over)', freeze('2026-12-01T00:00:00Z', '2026-12-24T00:00:00Z'), false],
    ['ending one millisecond from now', freeze('2026-12-01T00:00:00Z', '2026-12-24T00:00:00.001Z'), true],
    ['in force', freeze('2026-12-20T00:00:00Z', '2027-01-04T00:00:00Z'), true],
    ['to come', freeze('2027-06-01T00:00:00Z', '2027-06-02T00:00:00Z'), true],
  ])('%s → listed: %s', (_name, f, listed) => {
    expect(upcomingFreezes(at, [f])).toEqual(listed ? [f] : []);
  });

  it('lists them by start, earliest first, whatever the order of the calendar', () => {
    const a = freeze('2026-12-20T00:00:00Z', '2027-01-04T00:00:00Z', { reason: 'a' });
    const b = freeze('2027-03-01T00:00:00Z', '2027-03-02T00:00:00Z', { reason: 'b' });
    const c = freeze('2027-02-01T00:00:00Z', '2027-02-02T00:00:00Z', { reason: 'c' });
    expect(upcomingFreezes(at, [b, a, c]).map((f) => f.reason)).toEqual(['a', 'c', 'b']);
    expect(upcomingFreezes(at, [a, c, b]).map((f) => f.reason)).toEqual(['a', 'c', 'b']);
  });

  it('leaves the calendar it was given as it was', () => {
    const calendar = [freeze('2027-03-01T00:00:00Z', '2027-03-02T00:00:00Z'), freeze('2027-02-01T00:00:00Z', '2027-02-02T00:00:00Z')];
    const copy = [...calendar];
    upcomingFreezes(at, calendar);
    expect(calendar).toEqual(copy);
  });
});

describe('sameFreezeScope: two entries freezing the same clusters', () => {
  const scoped = (clusterIds: string[], clusterTags: Record<string, string> = {}): Freeze => freeze('2026-12-20T00:00:00Z', '2027-01-04T00:00:00Z', { clusterIds, clusterTags });
  it.each<[string, Freeze, Freeze, boolean]>([
    ['both unscoped', scoped([]), scoped([]), true],
    ['the same ids in another order and case', scoped([CLUSTER, OTHER]), scoped([OTHER.toUpperCase(), CLUSTER]), true],
    ['different ids', scoped([CLUSTER]), scoped([OTHER]), false],
    ['unscoped and scoped to one id', scoped([]), scoped([CLUSTER]), false],
    ['one id and two ids', scoped([CLUSTER]), scoped([CLUSTER, OTHER]), false],
    ['two ids and one id that is their two names run together', scoped(['aks-1', 'aks-2']), scoped(['aks-1aks-2']), false],
    ['the same tags in another order, tag names in another case', scoped([], { env: 'prod', region: 'weu' }), scoped([], { REGION: 'weu', Env: 'prod' }), true],
    ['a tag value in another case (values are exact)', scoped([], { env: 'prod' }), scoped([], { env: 'Prod' }), false],
    ['different tags', scoped([], { env: 'prod' }), scoped([], { env: 'dev' }), false],
    ['the same ids but different tags', scoped([CLUSTER], { env: 'prod' }), scoped([CLUSTER], {}), false],
    ['the same tags but different ids', scoped([CLUSTER], { env: 'prod' }), scoped([OTHER], { env: 'prod' }), false],
  ])('%s → %s', (_name, a, b, same) => {
    expect(sameFreezeScope(a, b)).toBe(same);
    expect(sameFreezeScope(b, a)).toBe(same);
  });

  it('folds case as freezeApplies does: names that only upper-casing equates ("ß" and "SS") are other clusters', () => {
    const sharpS = scoped(['aks-ß'], { 'zone-ß': 'a' });
    const doubleS = scoped(['AKS-SS'], { 'ZONE-SS': 'a' });
    expect(freezeApplies(sharpS, { id: 'AKS-SS', tags: { 'ZONE-SS': 'a' } })).toBe(false);
    expect(sameFreezeScope(scoped(['aks-ß']), scoped(['AKS-SS']))).toBe(false);
    expect(sameFreezeScope(scoped([], { 'zone-ß': 'a' }), scoped([], { 'ZONE-SS': 'a' }))).toBe(false);
    expect(sameFreezeScope(sharpS, doubleS)).toBe(false);
  });
});

describe('freezesOverlap: half-open intervals [from, to)', () => {
  const f = (from: string, to: string): Freeze => freeze(from, to);
  const yearEnd = f('2026-12-20T00:00:00Z', '2027-01-04T00:00:00Z');
  it.each<[string, Freeze, boolean]>([
    ['the same interval', f('2026-12-20T00:00:00Z', '2027-01-04T00:00:00Z'), true],
    ['one inside the other', f('2026-12-24T00:00:00Z', '2026-12-26T00:00:00Z'), true],
    ['overlapping its start by a millisecond', f('2026-12-01T00:00:00Z', '2026-12-20T00:00:00.001Z'), true],
    ['overlapping its end by a millisecond', f('2027-01-03T23:59:59.999Z', '2027-02-01T00:00:00Z'), true],
    ['ending as it starts (touching)', f('2026-12-01T00:00:00Z', '2026-12-20T00:00:00Z'), false],
    ['starting as it ends (touching)', f('2027-01-04T00:00:00Z', '2027-02-01T00:00:00Z'), false],
    ['wholly before', f('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'), false],
    ['wholly after', f('2027-02-01T00:00:00Z', '2027-02-02T00:00:00Z'), false],
  ])('%s → %s (either way round)', (_name, other, overlaps) => {
    expect(freezesOverlap(yearEnd, other)).toBe(overlaps);
    expect(freezesOverlap(other, yearEnd)).toBe(overlaps);
  });
});
