/**
 * Rules 6-7 of the plan contract: the catalog versions an extension could move to, the ones allowed now, and the move
 * (target and path) they give, under the policy or a variant of it (the "no move" reasons ask what a looser policy would do). Pure.
 */
import { type Range, type SemVer } from 'semver';
import type { IndexedType, IndexedVersion } from './catalogIndex';
import type { ClusterSnapshot, ClusterType, ExtensionSnapshot, Policy } from './model';
import { compareLines, sameLine } from './versions';
import { offeredIn } from './regionalAvailability';

/** What the planner knows about the cluster an extension lives on. */
export interface ClusterFacts {
  cluster: ClusterSnapshot;
  clusterType: ClusterType;
  /** The cluster type, or `connectedcluster/<distribution>` (see compatibilityKey). */
  compatKey: string;
  kubernetes: SemVer;
  /** True when the cluster's Kubernetes minor is above the reconciled one. */
  windowOpen: boolean;
  /** Issue 24: the cluster's region key (`eastus`); undefined when the snapshot gives no location. */
  region: string | undefined;
}

/**
 * One extension being decided, with its parsed installed version and the catalog versions of its type. It holds only
 * what the version policy may read (no cluster id, name or tags), so equal contexts give equal verdicts and the planner
 * shares them (decideExtension.ts): a rule that needs more must add it here, and to the verdict key.
 */
export interface MoveContext {
  ext: Pick<ExtensionSnapshot, 'extensionType' | 'version' | 'releaseTrain'>;
  installed: SemVer;
  entries: IndexedType;
  facts: Pick<ClusterFacts, 'compatKey' | 'kubernetes' | 'windowOpen' | 'region'>;
  policy: Policy;
  /** The policy's constraint ranges for this type (Preview-train ranges admit prereleases). */
  ranges: Range[];
  nowMs: number;
}

/** The knobs a "no move" reason varies. */
export interface Variant {
  minReleaseAgeDays: number;
  stepMinors: boolean;
  constraints: boolean;
  /** Issue 24: only versions the cluster's region offers. */
  region: boolean;
}

/** A move: its target and its hops (the last is the target). */
export interface Move {
  target: IndexedVersion;
  hops: IndexedVersion[];
}

/** The policy's own settings as a variant. */
export function asPolicy(policy: Policy): Variant {
  return { minReleaseAgeDays: policy.minReleaseAgeDays, stepMinors: policy.stepMinors, constraints: true, region: true };
}

const DAY_MS = 86_400_000;

/** Rule 6: versions on the extension's train, compatible, offered in the cluster's region, above the installed one, inside the constraints, old enough; highest first. */
export function candidatesFor(ctx: MoveContext, variant: Variant): IndexedVersion[] {
  const previewTrain = ctx.ext.releaseTrain.toLowerCase() === 'preview';
  const minAgeMs = variant.minReleaseAgeDays * DAY_MS;
  const out: IndexedVersion[] = [];
  for (const v of ctx.entries.versions) {
    if (v.semver.compare(ctx.installed) <= 0) break; // highest first: nothing below can be a candidate
    if (!previewTrain && (v.preview || v.semver.prerelease.length > 0)) continue;
    if (!v.compatible(ctx.facts.compatKey, ctx.facts.kubernetes)) continue;
    if (variant.region && !offeredIn(v.regions, ctx.facts.region)) continue;
    if (variant.constraints && !ctx.ranges.every((r) => r.test(v.semver))) continue;
    // issue 15: a security fix (catalog `security: true`) skips the release-age wait, and only that
    if (!v.security && v.releasedAtMs !== undefined && v.releasedAtMs + minAgeMs > ctx.nowMs) continue;
    out.push(v);
  }
  return out;
}

/** Rule 6's window: every candidate when the window is open (majors only with allowMajor), else the installed line only. */
export function allowedOf(ctx: MoveContext, candidates: IndexedVersion[]): IndexedVersion[] {
  const { installed } = ctx;
  return candidates.filter((c) => (ctx.facts.windowOpen ? ctx.policy.allowMajor || c.semver.major === installed.major : sameLine(c.semver, installed)));
}

/** The walk's outcome: the move it reached, if any, and the first line it could not enter. */
export interface Walk {
  move: Move | undefined;
  /** `major.minor` of the first catalog line with no allowed version, when the walk stopped before the target's line. */
  gap: string | undefined;
}

/** Rule 7: the move the allowed versions give; with stepMinors, one minor line of the catalog at a time. */
export function moveOf(ctx: MoveContext, allowed: IndexedVersion[], stepMinors: boolean): Walk {
  const top = allowed[0];
  if (!top) return { move: undefined, gap: undefined };
  if (!stepMinors) return { move: { target: top, hops: [top] }, gap: undefined };
  // a target on the installed line walks no line and ends as the installed line's highest patch below
  const lines: SemVer[] = [];
  for (const v of ctx.entries.versions) {
    const inRange = compareLines(v.semver, ctx.installed) > 0 && compareLines(v.semver, top.semver) <= 0;
    if (inRange && !lines.some((l) => sameLine(l, v.semver))) lines.push(v.semver);
  }
  lines.reverse(); // ascending
  const hops: IndexedVersion[] = [];
  let gap: string | undefined;
  for (const line of lines) {
    const best = allowed.find((a) => sameLine(a.semver, line)); // highest first: the line's highest allowed
    if (!best) {
      gap = `${line.major}.${line.minor}`;
      break;
    }
    hops.push(best);
  }
  const last = hops[hops.length - 1];
  if (last) return { move: { target: last, hops }, gap };
  const patch = allowed.find((a) => sameLine(a.semver, ctx.installed));
  return { move: patch ? { target: patch, hops: [patch] } : undefined, gap };
}

/** The move a variant of the policy gives (the candidates, the allowed ones and the walk). */
export function moveUnder(ctx: MoveContext, variant: Variant): { candidates: IndexedVersion[]; walk: Walk } {
  const candidates = candidatesFor(ctx, variant);
  return { candidates, walk: moveOf(ctx, allowedOf(ctx, candidates), variant.stepMinors) };
}
