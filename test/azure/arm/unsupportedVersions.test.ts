import semver from 'semver';
import { unsupportedToRange } from '../../../src/azure/arm/unsupportedVersions';
import { isInputError } from '../../../src/domain/inputError';

describe('unsupportedToRange', () => {
  it.each([
    [[], '*'],
    [['1.18..1.21'], '<1.18.0 || >=1.22.0'],
    [['>1.22'], '<1.23.0'],
    [['>=1.22'], '<1.22.0'],
    [['<1.20'], '>=1.20.0'],
    [['<=1.21'], '>=1.22.0'],
    [['1.25'], '<1.25.0 || >=1.26.0'],
    [['1.25.3'], '<1.25.3 || >=1.25.4'],
    [['1.18..1.21', '>1.29'], '<1.18.0 || >=1.22.0 <1.30.0'],
    [['<1.20', '1.19..1.24', '>1.30'], '>=1.25.0 <1.31.0'],
    [['1.18 .. 1.21', '>= 1.30'], '<1.18.0 || >=1.22.0 <1.30.0'],
    [['<1.20', '>=1.20'], '<0.0.0'],
    [['v1.26.1'], '<1.26.1 || >=1.26.2'],
  ])('%j supports %s', (unsupported, expected) => {
    expect(unsupportedToRange(unsupported)).toBe(expected);
  });

  it.each([
    [['1.18..1.21'], '1.21.9', false],
    [['1.18..1.21'], '1.22.0', true],
    [['1.18..1.21'], '1.17.14', true],
    [['>1.22'], '1.22.15', true],
    [['>1.22'], '1.23.0', false],
    [['<1.20'], '1.19.16', false],
    [['1.25.3'], '1.25.3', false],
    [['1.25.3'], '1.25.2', true],
  ])('%j: Kubernetes %s supported = %s', (unsupported, kubernetes, supported) => {
    expect(semver.satisfies(kubernetes, unsupportedToRange(unsupported))).toBe(supported);
  });

  it.each([['latest'], ['1.x'], ['~1.2'], ['1.18...'], ['']])('throws an InputError naming %j', (bad) => {
    let caught: unknown;
    try {
      unsupportedToRange(['1.20', bad]);
    } catch (e) {
      caught = e;
    }
    expect(isInputError(caught)).toBe(true);
    expect((caught as Error).message).toContain(`"${bad}"`);
    expect((caught as Error).message).toContain('$[1]');
  });
});
