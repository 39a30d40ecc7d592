/**
 * Version arithmetic of the policy: installed and catalog versions are semver (a leading `v` allowed); cluster
 * versions are `X.Y` or `X.Y.Z`, optionally followed by a distribution suffix (`v1.28.9+k3s1`, `1.30.0-eks-a1b2c3d`,
 * `1.29.8-gke.1031000`). A *line* is a version's `major.minor`.
 */
import { SemVer } from 'semver';
import type { MoveKind } from './model';

const KUBERNETES_VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+][0-9A-Za-z][0-9A-Za-z.+_-]*)?$/;

/** Parses an extension version (semver, leading `v` allowed); null when it is not valid semver. */
export function parseVersion(text: string): SemVer | null {
  try {
    return new SemVer(text.trim());
  } catch {
    return null;
  }
}

/**
 * Parses a cluster's Kubernetes version into `X.Y.Z`: `X.Y` or `X.Y.Z`, a leading `v` allowed, optionally followed by a
 * distribution suffix starting `-` or `+` (ignored: `v1.28.9+k3s1` is 1.28.9); null when malformed. The one parser of
 * Kubernetes versions: everything that compares them goes through it, and keeps the cluster's own text for people.
 */
export function parseKubernetesVersion(text: string): SemVer | null {
  const m = KUBERNETES_VERSION.exec(text.trim());
  if (!m) return null;
  try {
    return new SemVer(`${Number(m[1])}.${Number(m[2])}.${Number(m[3] ?? 0)}`);
  } catch {
    return null; // a component beyond what semver counts (more than 16 digits) is no version
  }
}

/**
 * The `major.minor` line of a Kubernetes version text, by parseKubernetesVersion's grammar (`v1.28.9+k3s1` → `1.28`),
 * without building a SemVer (cheap once per cluster); null when the text is not a Kubernetes version.
 */
export function kubernetesLine(text: string): string | null {
  const m = KUBERNETES_VERSION.exec(text.trim());
  return m ? `${Number(m[1])}.${Number(m[2])}` : null;
}

/** True when both versions are on the same `major.minor` line. */
export function sameLine(a: SemVer, b: SemVer): boolean {
  return a.major === b.major && a.minor === b.minor;
}

/** Orders lines: negative when `a`'s line is below `b`'s. */
export function compareLines(a: SemVer, b: SemVer): number {
  return a.major - b.major || a.minor - b.minor;
}

/** The kind of a move from `from` to `to`. */
export function moveKindOf(from: SemVer, to: SemVer): MoveKind {
  if (from.major !== to.major) return 'major';
  if (from.minor !== to.minor) return 'minor';
  return 'patch';
}

/** `major.minor` of a version, for messages. */
export function lineOf(v: SemVer): string {
  return `${v.major}.${v.minor}`;
}

/** True when two version texts name the same version: a leading `v`, surrounding space and case are ignored. */
export function sameVersion(a: string, b: string): boolean {
  const norm = (v: string): string => v.trim().replace(/^v/i, '').toLowerCase();
  return norm(a) === norm(b);
}
