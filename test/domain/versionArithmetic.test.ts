/** The version arithmetic of the policy (versions.ts), against its documented contract. */
import { compareLines, kubernetesLine, lineOf, moveKindOf, parseKubernetesVersion, parseVersion, sameLine, sameVersion } from '../../src/domain/versions';

const sv = (text: string) => {
  const v = parseVersion(text);
  if (!v) throw new Error(`test version ${text} does not parse`);
  return v;
};

describe('parseVersion: semver, a leading v allowed', () => {
  it.each([
    ['1.2.3', '1.2.3'],
    ['v1.2.3', '1.2.3'],
    [' 1.2.3 ', '1.2.3'],
    ['1.0.1+build.7', '1.0.1'],
    ['1.11.0-rc.1', '1.11.0-rc.1'],
  ])('%j is %s', (text, version) => {
    expect(parseVersion(text)?.version).toBe(version);
  });
  it.each(['1.8', 'latest', '', '1.2.3.4'])('%j is not semver', (text) => {
    expect(parseVersion(text)).toBeNull();
  });
});

describe('parseKubernetesVersion: X.Y or X.Y.Z, a leading v and a distribution suffix allowed, as X.Y.Z', () => {
  it.each([
    ['1.29', '1.29.0'],
    ['1.29.4', '1.29.4'],
    ['v1.30', '1.30.0'],
    ['10.2.3', '10.2.3'],
    ['12.3', '12.3.0'],
    ['1.29.04', '1.29.4'],
    [' 1.29.4 ', '1.29.4'],
    ['v1.28.9+k3s1', '1.28.9'],
    ['1.30.0-eks-a1b2c3d', '1.30.0'],
    ['1.29.8-gke.1031000', '1.29.8'],
    ['v1.27.10+rke2r1', '1.27.10'],
    ['1.29.1-hotfix', '1.29.1'],
    ['1.28-custom', '1.28.0'],
  ])('%j is %s', (text, version) => {
    expect(parseKubernetesVersion(text)?.version).toBe(version);
  });
  it.each(['1', '1.29.', '1.29.4-', '1.28.5+', '1.28.5 k3s', '1.28.5_k3s', 'latest', 'x1.29', '1.29.4.1', 'vv1.29', '', '-1.29.4', '1.29.4+k3s 1'])('%j is malformed', (text) => {
    expect(parseKubernetesVersion(text)).toBeNull();
  });
});

describe('lines', () => {
  it.each([
    ['1.8.2', '1.8.9', true, 0],
    ['1.8.2', '1.9.0', false, -1],
    ['1.9.0', '1.8.2', false, 1],
    ['2.1.0', '1.9.0', false, 1],
    ['1.9.0', '2.1.0', false, -1],
    ['2.8.0', '1.8.0', false, 1],
  ])('%s and %s: same line %s, order %i', (a, b, same, sign) => {
    expect(sameLine(sv(a), sv(b))).toBe(same);
    expect(Math.sign(compareLines(sv(a), sv(b)))).toBe(sign);
  });
  it('a line is major.minor', () => {
    expect(lineOf(sv('1.10.3'))).toBe('1.10');
  });
});

describe('moveKindOf', () => {
  it.each([
    ['1.8.2', '1.8.5', 'patch'],
    ['1.8.2', '1.9.0', 'minor'],
    ['1.8.2', '2.8.2', 'major'],
    ['1.8.2', '2.0.0', 'major'],
  ])('%s → %s is a %s move', (from, to, kind) => {
    expect(moveKindOf(sv(from), sv(to))).toBe(kind);
  });
});

describe('sameVersion: a leading v, surrounding space and case are ignored', () => {
  it.each([
    ['1.2.3', '1.2.3', true],
    ['v1.2.3', '1.2.3', true],
    ['V1.2.3', '1.2.3', true],
    [' v1.2.3 ', '1.2.3', true],
    ['1.2.3-RC.1', '1.2.3-rc.1', true],
    ['1.2.3', '1.2.4', false],
    ['1.2.3v', '1.2.3', false],
    ['vv1.2.3', 'v1.2.3', false],
    ['1.2.3', '1.2.3.0', false],
  ])('%j and %j: %s', (a, b, expected) => {
    expect(sameVersion(a, b)).toBe(expected);
    expect(sameVersion(b, a)).toBe(expected);
  });
});

describe('kubernetesLine: the line of a Kubernetes version text, by the same grammar', () => {
  it.each([
    ['1.29.4', '1.29'],
    [' v1.28.9+k3s1 ', '1.28'],
    ['1.030.0-eks-a1b2c3d', '1.30'],
    ['latest', null],
    ['1.29.4-', null],
  ])('%j is %s', (text, line) => {
    expect(kubernetesLine(text)).toBe(line);
  });
});
