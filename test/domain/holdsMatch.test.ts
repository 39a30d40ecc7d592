/** Policy holds (holds.ts): which hold covers an extension on a cluster, by type, tags and cluster ids. */
import { matchingHold, tagsMatch } from '../../src/domain/holds';
import type { Hold } from '../../src/domain/model';
import { AKS, ARC, cluster } from './planFixtures';

const hold = (over: Partial<Hold> = {}): Hold => ({ extensionType: '*', clusterTags: {}, clusterIds: [], ...over });

describe('tagsMatch: every listed tag on the cluster, keys case-insensitive, values exact', () => {
  it.each([
    [{}, {}, true],
    [{}, { ring: 'prod' }, true],
    [{ ring: 'prod' }, { ring: 'prod' }, true],
    [{ RING: 'prod' }, { Ring: 'prod' }, true],
    [{ ring: 'prod' }, { ring: 'Prod' }, false],
    [{ ring: 'prod' }, {}, false],
    [{ ring: 'prod', team: 'a' }, { ring: 'prod' }, false],
    [{ ring: 'prod', team: 'a' }, { team: 'a', env: 'x', ring: 'prod' }, true],
    [{ ring: 'prod' }, { ring: 'canary', RING: 'prod' }, true],
  ])('%j on %j: %s', (required, tags, expected) => {
    expect(tagsMatch(required, tags)).toBe(expected);
  });
});

describe('matchingHold', () => {
  const aks = cluster({ id: AKS, tags: { Ring: 'prod' } });

  it('no holds, no match', () => {
    expect(matchingHold([], 'microsoft.flux', aks)).toBeUndefined();
  });

  it.each([
    ['* matches any type', hold(), true],
    ['the type, any case', hold({ extensionType: 'Microsoft.FLUX' }), true],
    ['another type', hold({ extensionType: 'microsoft.dapr' }), false],
    ['a type that only starts the same', hold({ extensionType: 'microsoft.flu' }), false],
    ['its tags', hold({ clusterTags: { ring: 'prod' } }), true],
    ['another tag value', hold({ clusterTags: { ring: 'canary' } }), false],
    ['its id, any case', hold({ clusterIds: [ARC, AKS.toUpperCase()] }), true],
    ['other ids only', hold({ clusterIds: [ARC] }), false],
    ['type and tags match but not the ids', hold({ extensionType: 'microsoft.flux', clusterTags: { ring: 'prod' }, clusterIds: [ARC] }), false],
    ['ids and tags match but not the type', hold({ extensionType: 'microsoft.dapr', clusterTags: { ring: 'prod' }, clusterIds: [AKS] }), false],
    ['type and ids match but not the tags', hold({ extensionType: 'microsoft.flux', clusterTags: { ring: 'canary' }, clusterIds: [AKS] }), false],
  ])('%s', (_name, h, matches) => {
    expect(matchingHold([h], 'MICROSOFT.flux', aks)).toBe(matches ? h : undefined);
  });

  it('the first matching hold wins', () => {
    const other = hold({ extensionType: 'microsoft.dapr', reason: 'dapr' });
    const first = hold({ clusterTags: { ring: 'prod' }, reason: 'first' });
    const second = hold({ reason: 'second' });
    expect(matchingHold([other, first, second], 'microsoft.flux', aks)).toBe(first);
  });
});
