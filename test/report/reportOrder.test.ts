/**
 * Names sort as people read them (Intl.Collator, numeric): `aks-2` before `aks-10`. The fast path ranks a fleet's
 * names by a plain key; a seeded property run checks that the key orders resource names exactly as the collator does.
 */
import fc from 'fast-check';
import { byName, byVersionDesc, nameKey, nameRanks } from '../../src/report/reportOrder';

const sign = (n: number): number => Math.sign(n);
const resourceName = fc.stringMatching(/^[A-Za-z0-9._-]{0,12}$/);

describe('ordering names and versions', () => {
  it.each([
    [['aks-10', 'aks-2', 'AKS-1'], ['AKS-1', 'aks-2', 'aks-10']],
    [['store-0042', 'store-7', 'store-100'], ['store-7', 'store-0042', 'store-100']],
    [['b', 'a_b', 'a-b', 'a.b', 'a1', 'ab'], ['a_b', 'a-b', 'a.b', 'a1', 'ab', 'b']],
  ])('byName orders %j as %j', (names, expected) => {
    expect([...names].sort(byName)).toEqual(expected);
    const ranks = nameRanks(names);
    expect([...names].sort((a, b) => ranks.get(a)! - ranks.get(b)!)).toEqual(expected);
  });

  it('the plain order of nameKey is the collator order for resource names (seeded property run)', () => {
    fc.assert(
      fc.property(resourceName, resourceName, (a, b) => {
        const k = nameKey(a) < nameKey(b) ? -1 : nameKey(a) > nameKey(b) ? 1 : 0;
        expect(k).toBe(sign(byName(a, b)));
      }),
      { seed: 2324, numRuns: 5000 },
    );
  });

  it('names outside the resource-name alphabet are ranked by the collator itself', () => {
    const names = ['été-2', 'ete-10', 'Zürich-1'];
    const ranks = nameRanks(names);
    expect([...names].sort((a, b) => ranks.get(a)! - ranks.get(b)!)).toEqual([...names].sort(byName));
  });

  it('versions compare as versions, highest first; text that is not semver comes last', () => {
    expect(['1.9.0', 'v1.10.0', 'latest', '1.10.0-rc.1'].sort(byVersionDesc)).toEqual(['v1.10.0', '1.10.0-rc.1', '1.9.0', 'latest']);
  });
});
