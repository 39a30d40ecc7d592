import { hhmmss } from '../../simulator/rateLimits';
import { parseDuration } from '../../src/azure/shared/retry';
import { isUnsupported, supportedRange, unsupportedMinorIntervals } from '../../simulator/unsupportedVersions';

describe('supportedRange', () => {
  test.each([
    [['1.18..1.26'], '<1.18.0 || >=1.27.0'],
    [['>1.31'], '<1.32.0'],
    [['>=1.30'], '<1.30.0'],
    [['<1.28'], '>=1.28.0'],
    [['<=1.28'], '>=1.29.0'],
    [['1.25'], '<1.25.0 || >=1.26.0'],
    [['1.18..1.28', '>1.31'], '<1.18.0 || >=1.29.0 <1.32.0'],
    [['1.18..1.28', '1.27..1.30'], '<1.18.0 || >=1.31.0'],
    [[], undefined],
    [['<1.0', '>=1.0'], '<0.0.0'],
  ])('unsupported %j gives supported %s', (unsupported, expected) => {
    expect(supportedRange(unsupported)).toBe(expected);
  });
});

describe('isUnsupported', () => {
  test.each([
    [['1.18..1.28'], '1.28.9', true],
    [['1.18..1.28'], '1.29.0', false],
    [['>1.29'], '1.30', true],
    [['>1.29'], '1.29.15', false],
    [['not a version'], '1.29.1', false],
  ])('%j on Kubernetes %s -> %s', (unsupported, k8s, expected) => {
    expect(isUnsupported(unsupported, k8s)).toBe(expected);
  });

  test('merges overlapping intervals', () => {
    expect(unsupportedMinorIntervals(['1.20..1.22', '1.21..1.24', '>1.30'])).toEqual([
      { from: 20, to: 25 },
      { from: 31, to: Infinity },
    ]);
  });
});

describe('hhmmss (x-ms-user-quota-resets-after)', () => {
  it.each([
    [0, '00:00:00'],
    [4000, '00:00:04'],
    [4300, '00:00:04.3000000'],
    [4301.2, '00:00:04.3020000'],
    [3_723_000, '01:02:03'],
  ])('%d ms → %s, parsed back by the adapter', (ms, text) => {
    expect(hhmmss(ms)).toBe(text);
    expect(parseDuration(text)).toBe(Math.ceil(ms));
  });
});
