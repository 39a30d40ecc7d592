/**
 * The version policy for one extension: the ordered rules of the Foundation contract, each ending in a decision with
 * a reason code. Pure.
 */
import { Range, type SemVer } from 'semver';
import type { IndexedType, IndexedVersion } from './catalogIndex';
import { platformUpgradeReason } from './autoUpgrade';
import { matchingHold } from './holds';
import { BUSY_PROVISIONING_STATES, type ClusterSnapshot, type ClusterType, type Decision, type ExtensionSnapshot, type Policy } from './model';
import type { DecisionCode } from './reasonCodes';
import { compareLines, lineOf, moveKindOf, parseVersion, sameLine } from './versions';

/** What the planner knows about the cluster an extension lives on. */
export interface ClusterFacts {
  cluster: ClusterSnapshot;
  clusterType: ClusterType;
  kubernetes: SemVer;
  /** True when the cluster's Kubernetes minor is above the reconciled one. */
  windowOpen: boolean;
}

/** Policy parts compiled once per plan. */
export interface CompiledPolicy {
  policy: Policy;
  managed: Set<string> | undefined;
  /** Per lower-cased type: each constraint compiled without and with prereleases (the Preview train sees them). */
  constraints: Map<string, { stable: Range; preview: Range }[]>;
  nowMs: number;
  /** Parses an installed version once per distinct text (fleets repeat the same few versions). */
  installed(text: string): SemVer | null;
}

/** Compiles the policy's type list and constraint ranges. */
export function compilePolicy(policy: Policy, now: Date): CompiledPolicy {
  const constraints = new Map<string, { stable: Range; preview: Range }[]>();
  for (const c of policy.constraints) {
    const key = c.extensionType.toLowerCase();
    const compiledRange = { stable: new Range(c.range), preview: new Range(c.range, { includePrerelease: true }) };
    constraints.set(key, [...(constraints.get(key) ?? []), compiledRange]);
  }
  const managed = policy.extensionTypes ? new Set(policy.extensionTypes.map((t) => t.toLowerCase())) : undefined;
  const parsed = new Map<string, SemVer | null>();
  const installed = (text: string): SemVer | null => {
    let v = parsed.get(text);
    if (v === undefined) parsed.set(text, (v = parseVersion(text)));
    return v;
  };
  return { policy, managed, constraints, nowMs: now.getTime(), installed };
}

const DAY_MS = 86_400_000;

/** Rule 7's filter: the catalog versions this extension could move to, highest first. */
function candidatesFor(ext: ExtensionSnapshot, installed: SemVer, entries: IndexedType, facts: ClusterFacts, compiled: CompiledPolicy): IndexedVersion[] {
  const preview = ext.releaseTrain.toLowerCase() === 'preview';
  const ranges = compiled.constraints.get(ext.extensionType.toLowerCase()) ?? [];
  const minAgeMs = compiled.policy.minReleaseAgeDays * DAY_MS;
  const out: IndexedVersion[] = [];
  for (const v of entries.versions) {
    if (v.semver.compare(installed) <= 0) break; // highest first: nothing below can be a candidate
    if (v.preview && !preview) continue;
    if (!v.compatible(facts.clusterType, facts.kubernetes)) continue;
    if (!ranges.every((r) => (preview ? r.preview : r.stable).test(v.semver))) continue;
    // issue 15: a security fix (catalog `security: true`) skips the release-age wait, and only that
    if (!v.security && v.releasedAtMs !== undefined && v.releasedAtMs + minAgeMs > compiled.nowMs) continue;
    out.push(v);
  }
  return out;
}

/** Builds a decision with no target. */
function noMove(ext: ExtensionSnapshot, clusterId: string, action: Decision['action'], code: DecisionCode, reason: string): Decision {
  return { clusterId, extensionName: ext.name, extensionType: ext.extensionType, action, from: ext.version, to: null, moveKind: null, path: [], code, reason };
}

/** The hops of a move: with stepMinors, the highest candidate of every line between installed and target, then the target. */
function pathOf(installed: SemVer, target: IndexedVersion, candidates: IndexedVersion[], stepMinors: boolean): string[] {
  if (!stepMinors || sameLine(installed, target.semver)) return [target.text];
  const hops: IndexedVersion[] = [];
  for (const c of candidates) {
    // candidates are highest first, so the first seen of each line is that line's highest
    if (compareLines(c.semver, installed) > 0 && compareLines(c.semver, target.semver) < 0 && !hops.some((h) => sameLine(h.semver, c.semver))) hops.push(c);
  }
  return [...hops.reverse().map((h) => h.text), target.text];
}

/** Decides the move allowed now for one extension (rules 1-9 of the contract). */
export function decideExtension(ext: ExtensionSnapshot, facts: ClusterFacts | string, entries: IndexedType | undefined, compiled: CompiledPolicy): Decision {
  const clusterId = typeof facts === 'string' ? facts : facts.cluster.id;
  const type = ext.extensionType.toLowerCase();
  if (ext.isSystemExtension) return noMove(ext, clusterId, 'skip', 'system-extension', 'System extensions are managed by the platform.');
  if (compiled.managed && !compiled.managed.has(type)) return noMove(ext, clusterId, 'skip', 'not-managed', `Extension type ${ext.extensionType} is not in the policy's extensionTypes.`);
  if (!entries) return noMove(ext, clusterId, 'skip', 'not-in-catalog', `Extension type ${ext.extensionType} is not in the catalog.`);
  if (typeof facts === 'string') return noMove(ext, clusterId, 'error', 'invalid-kubernetes-version', facts);
  const installed = compiled.installed(ext.version);
  const platform = platformUpgradeReason(ext); // an extension the platform moves is held even when no version is reported
  if (!installed && platform === undefined) return noMove(ext, clusterId, 'error', 'invalid-version', `Installed version "${ext.version}" is not valid semver.`);
  if (BUSY_PROVISIONING_STATES.has(ext.provisioningState)) return noMove(ext, clusterId, 'wait', 'operation-in-progress', `The extension is ${ext.provisioningState}; decide again when it settles.`);
  if (platform !== undefined || !installed) return noMove(ext, clusterId, 'hold', 'platform-auto-upgrade', platform ?? '');

  const candidates = candidatesFor(ext, installed, entries, facts, compiled);
  const allowed = candidates.filter((c) => (facts.windowOpen ? compiled.policy.allowMajor || c.semver.major === installed.major : sameLine(c.semver, installed)));
  const own = entries.find(installed);
  const installedCompatible = own ? own.compatible(facts.clusterType, facts.kubernetes) : true;
  const k8s = `${facts.kubernetes.major}.${facts.kubernetes.minor}`;

  const target = allowed[0];
  if (!target) {
    if (!installedCompatible) return noMove(ext, clusterId, 'blocked', 'incompatible-no-allowed-version', `${ext.version} does not support Kubernetes ${facts.kubernetes.version} and no allowed version does.`);
    const outside = candidates.find((c) => !sameLine(c.semver, installed));
    if (outside) {
      const why = facts.windowOpen ? `${outside.text} is a major move and the policy does not allow major moves` : `${outside.text} waits for a Kubernetes minor upgrade of the cluster (now ${k8s})`;
      return noMove(ext, clusterId, 'none', 'minor-waits-for-kubernetes-upgrade', `${ext.version} is the newest allowed; ${why}.`);
    }
    return noMove(ext, clusterId, 'none', 'up-to-date', `${ext.version} is the newest version allowed for Kubernetes ${k8s}.`);
  }

  const moveKind = moveKindOf(installed, target.semver);
  const code: DecisionCode = !installedCompatible ? 'restore-compatibility' : moveKind === 'patch' ? 'patch-available' : 'kubernetes-minor-upgraded';
  const path = pathOf(installed, target, candidates, compiled.policy.stepMinors);
  const why =
    code === 'restore-compatibility'
      ? `${ext.version} does not support Kubernetes ${facts.kubernetes.version}; ${target.text} does`
      : code === 'patch-available'
        ? `patch ${target.text} is available on the ${lineOf(installed)} line`
        : `the cluster moved to Kubernetes ${k8s}, which opens ${moveKind} moves`;
  const hold = matchingHold(compiled.policy.holds, ext.extensionType, facts.cluster);
  // fields in the contract's order (the JSON output shows them so)
  const move = (action: Decision['action'], c: DecisionCode, reason: string): Decision => ({ clusterId, extensionName: ext.name, extensionType: ext.extensionType, action, from: ext.version, to: target.text, moveKind, path, code: c, reason });
  if (hold) return move('hold', 'held-by-policy', `Held by policy${hold.reason ? ` (${hold.reason})` : ''}; would move to ${target.text}: ${why}.`);
  return move('upgrade', code, `Move ${ext.version} → ${target.text}: ${why}.`);
}
