/**
 * The version policy for one extension: the ordered rules of the plan contract (version 2), each ending in a decision
 * with a reason code. Pure.
 */
import { Range, type SemVer } from 'semver';
import { asPolicy, moveUnder, type ClusterFacts, type Move, type MoveContext } from './candidates';
import type { IndexedType } from './catalogIndex';
import { platformUpgradeReason, reportedModeNote } from './autoUpgrade';
import { matchingHold } from './holds';
import { usersMayNotWrite } from './managedExtension';
import { BUSY_PROVISIONING_STATES, type Decision, type ExtensionSnapshot, type Policy } from './model';
import type { DecisionCode } from './reasonCodes';
import { lineOf, moveKindOf, parseVersion, sameLine } from './versions';
import { offeredIn } from './regionalAvailability';

export type { ClusterFacts } from './candidates';

/** Why a cluster's extensions cannot be decided: its own id and the problem with its Kubernetes version. */
export interface ClusterProblem {
  clusterId: string;
  problem: string;
}

/** Policy parts compiled once per plan. */
export interface CompiledPolicy {
  policy: Policy;
  managed: Set<string> | undefined;
  /** Per lower-cased type: each constraint compiled (prereleases included: only the Preview train sees them). */
  constraints: Map<string, Range[]>;
  nowMs: number;
  /** Parses an installed version once per distinct text (fleets repeat the same few versions). */
  installed(text: string): SemVer | null;
  /** Rules 6, 7 and 9 answered once per distinct context and shared across the plan (see sharedVerdicts). */
  verdicts: SharedVerdicts;
}

/** Compiles the policy's type list and constraint ranges. */
export function compilePolicy(policy: Policy, now: Date): CompiledPolicy {
  const constraints = new Map<string, Range[]>();
  for (const c of policy.constraints) {
    const key = c.extensionType.toLowerCase();
    constraints.set(key, [...(constraints.get(key) ?? []), new Range(c.range, { includePrerelease: true })]);
  }
  const managed = policy.extensionTypes ? new Set(policy.extensionTypes.map((t) => t.toLowerCase())) : undefined;
  const parsed = new Map<string, SemVer | null>();
  const installed = (text: string): SemVer | null => {
    let v = parsed.get(text);
    if (v === undefined) parsed.set(text, (v = parseVersion(text)));
    return v;
  };
  return { policy, managed, constraints, nowMs: now.getTime(), installed, verdicts: { count: 0, byCluster: new Map(), lastFacts: undefined, lastShelf: undefined } };
}


/** Rule 2: why another Azure resource owns the extension (managedBy, or managementDetails deny users Write); undefined when it does not. */
function managedReason(ext: ExtensionSnapshot): string | undefined {
  if (typeof ext.managedBy === 'string' && ext.managedBy.length > 0) return `Managed by ${ext.managedBy}: read, never written.`;
  return usersMayNotWrite(ext.managementDetails) ? 'Its managementDetails do not allow users to Write: read, never written.' : undefined;
}

/** Rule 8's offline test: a connected cluster not Connected, or a managed cluster whose power state is Stopped; the state's name, else undefined. */
function offlineState(facts: ClusterFacts): string | undefined {
  const { connectivityStatus, powerState } = facts.cluster;
  // an Arc cluster that reports no status is not offline: undefined is returned for it
  if (facts.clusterType === 'connectedCluster' && connectivityStatus !== 'Connected') return connectivityStatus;
  if (facts.clusterType === 'managedCluster' && powerState?.toLowerCase() === 'stopped') return 'Stopped';
  return undefined;
}

/** Builds a decision with no target. */
function noMove(ext: ExtensionSnapshot, clusterId: string, action: Decision['action'], code: DecisionCode, reason: string): Decision {
  return { clusterId, extensionName: ext.name, extensionType: ext.extensionType, action, from: ext.version, to: null, moveKind: null, path: [], code, reason };
}

/** Decides the move allowed now for one extension (rules 1-9 of the contract, in order). */
export function decideExtension(ext: ExtensionSnapshot, facts: ClusterFacts | ClusterProblem, entries: IndexedType | undefined, compiled: CompiledPolicy): Decision {
  const clusterId = 'problem' in facts ? facts.clusterId : facts.cluster.id;
  const type = ext.extensionType.toLowerCase();
  if (ext.isSystemExtension) return noMove(ext, clusterId, 'skip', 'system-extension', 'System extensions are managed by the platform.');
  const managedBy = managedReason(ext);
  if (managedBy) return noMove(ext, clusterId, 'skip', 'managed-extension', managedBy);
  if (compiled.managed && !compiled.managed.has(type)) return noMove(ext, clusterId, 'skip', 'not-managed', `Extension type ${ext.extensionType} is not in the policy's extensionTypes.`);
  if (!entries) return noMove(ext, clusterId, 'skip', 'not-in-catalog', `Extension type ${ext.extensionType} is not in the catalog.`);
  if ('problem' in facts) return noMove(ext, clusterId, 'error', 'invalid-kubernetes-version', facts.problem);
  const installed = compiled.installed(ext.version);
  const platform = platformUpgradeReason(ext); // an extension the platform moves is held even when it reports no version yet
  if (!installed && platform === undefined) return noMove(ext, clusterId, 'error', 'invalid-version', `Installed version "${ext.version}" is not valid semver.`);
  if (BUSY_PROVISIONING_STATES.has(ext.provisioningState)) return noMove(ext, clusterId, 'wait', 'operation-in-progress', `The extension is ${ext.provisioningState}; decide again when it settles.`);
  if (platform !== undefined || !installed) return noMove(ext, clusterId, 'hold', 'platform-auto-upgrade', platform ?? '');

  const verdict = sharedVerdict(compiled, ext, facts, () => ({ ext, installed, entries, facts, policy: compiled.policy, ranges: compiled.constraints.get(type) ?? [], nowMs: compiled.nowMs }));
  const decision = 'why' in verdict ? decideMove(ext, facts, compiled.policy, verdict) : noMove(ext, clusterId, verdict.action, verdict.code, verdict.reason);
  const mode = reportedModeNote(ext);
  if (mode !== undefined) decision.reason += mode;
  return decision;
}

/** Rules 6, 7 and 9 for one context: the move with what rule 8 needs to name it, or why there is none. */
type Verdict = MoveVerdict | { action: Decision['action']; code: DecisionCode; reason: string };

/** A move as rule 8 names it, before a hold or an offline cluster turns it into a hold or a wait. */
interface MoveVerdict {
  to: string;
  path: readonly string[];
  moveKind: NonNullable<Decision['moveKind']>;
  code: DecisionCode;
  why: string;
  /** The upgrade's reason, one text for every cluster the verdict is shared by. */
  upgrade: string;
}

/** Fleets repeat the same few (type, version, Kubernetes) contexts; a plan keeps at most this many verdicts to share. */
const MAX_SHARED_VERDICTS = 65_536;

/**
 * Verdicts shared across one plan. A MoveContext varies between extensions of a plan only in the cluster's part
 * (compatibility key, Kubernetes version, window, region) and the extension's part (type as written, installed version, train):
 * verdicts are filed by the first (one key per cluster context), then by each field of the second.
 */
interface SharedVerdicts {
  count: number;
  byCluster: Map<string, Shelf>;
  /** The shelf of the cluster decided last: a cluster's extensions are decided one after another. */
  lastFacts: MoveContext['facts'] | undefined;
  lastShelf: Shelf | undefined;
}

/** Verdicts of one cluster context, by type as written, installed version and train. */
type Shelf = Map<string, Map<string, Map<string, Verdict>>>;

/** The verdict of an extension's context: shared when the plan met it before, else decided (and filed while fewer than the cap are). */
function sharedVerdict(compiled: CompiledPolicy, ext: MoveContext['ext'], facts: MoveContext['facts'], context: () => MoveContext): Verdict {
  const shared = compiled.verdicts;
  if (shared.count >= MAX_SHARED_VERDICTS) return policyVerdict(context());
  if (shared.lastFacts !== facts || !shared.lastShelf) {
    const { compatKey, kubernetes, windowOpen, region } = facts;
    const key = `${compatKey.length}:${compatKey}${kubernetes.version}${windowOpen ? '+' : '-'}${region ?? ''}`;
    let shelf = shared.byCluster.get(key);
    if (!shelf) shared.byCluster.set(key, (shelf = new Map<string, Map<string, Map<string, Verdict>>>()));
    shared.lastFacts = facts;
    shared.lastShelf = shelf;
  }
  const shelf = shared.lastShelf;
  let byVersion = shelf.get(ext.extensionType);
  if (!byVersion) shelf.set(ext.extensionType, (byVersion = new Map<string, Map<string, Verdict>>()));
  let byTrain = byVersion.get(ext.version);
  if (!byTrain) byVersion.set(ext.version, (byTrain = new Map<string, Verdict>()));
  let verdict = byTrain.get(ext.releaseTrain);
  if (!verdict) {
    byTrain.set(ext.releaseTrain, (verdict = policyVerdict(context())));
    shared.count++;
  }
  return verdict;
}

/** Rules 6, 7 and 9 under the policy: the move, or the first no-move reason that applies. */
function policyVerdict(ctx: MoveContext): Verdict {
  const { ext, installed, entries, facts } = ctx;
  const policy = asPolicy(ctx.policy);
  const { candidates, walk } = moveUnder(ctx, policy);
  const own = entries.find(installed);
  const installedCompatible = own ? own.compatible(facts.compatKey, facts.kubernetes) : true;
  if (walk.move) return namedMove(ctx, walk.move, installedCompatible);

  // rule 9: no move — the first reason that applies
  const k8s = `${facts.kubernetes.major}.${facts.kubernetes.minor}`;
  const none = (code: DecisionCode, reason: string): Verdict => ({ action: 'none', code, reason });
  if (!installedCompatible) return { action: 'blocked', code: 'incompatible-no-allowed-version', reason: `${ext.version} does not support Kubernetes ${facts.kubernetes.version} and no allowed version does.` };
  const young = moveUnder(ctx, { ...policy, minReleaseAgeDays: 0 }).walk.move;
  if (young) {
    // the first hop is the young one: had it been old enough, the policy's own walk would have taken it
    const hop = young.hops[0]!;
    return { action: 'wait', code: 'release-too-young', reason: `${hop.text} is younger than minReleaseAgeDays (${policy.minReleaseAgeDays}); the move to ${young.target.text} waits until it is old enough.` };
  }
  // issue 24: a newer version the cluster's region does not offer yet (of any age: the region is what it waits for first)
  const elsewhere = moveUnder(ctx, { ...policy, minReleaseAgeDays: 0, region: false }).walk.move;
  if (elsewhere) {
    const missing = elsewhere.hops.find((h) => !offeredIn(h.regions, facts.region)) ?? elsewhere.target;
    return { action: 'wait', code: 'not-yet-in-region', reason: `${missing.text} is offered in other regions but not yet in ${facts.region ?? '?'}; the move to ${elsewhere.target.text} waits until the region offers it.` };
  }
  // (each variant below gives nothing new when its knob is already off: no guard needed)
  const unstepped = moveUnder(ctx, { ...policy, stepMinors: false }).walk.move;
  if (unstepped) return none('step-path-gap', `stepMinors: the ${walk.gap ?? 'next'} line offers no allowed version, so ${ext.version} cannot step towards ${unstepped.target.text}.`);
  // with the window open and no move, every candidate left is on a higher major (a same-major one would have been
  // allowed and moved, or stepped): allowMajor false left them out
  const major = facts.windowOpen ? candidates[0] : undefined;
  if (major) return none('major-not-allowed', `${major.text} is a major move and the policy does not allow major moves (allowMajor false).`);
  // reached only with the window closed or no candidate at all (an open window allows every same-major candidate)
  const outside = candidates.find((c) => !sameLine(c.semver, installed));
  if (outside) return none('minor-waits-for-kubernetes-upgrade', `${ext.version} is the newest allowed on its line; ${outside.text} waits for a Kubernetes minor upgrade of the cluster (now ${k8s}).`);
  const excluded = moveUnder(ctx, { ...policy, constraints: false }).candidates[0];
  if (excluded) return none('excluded-by-constraint', `${excluded.text} is excluded by the policy's constraints on ${ext.extensionType}.`);
  if (!own) return none('installed-version-not-in-catalog', `Installed version ${ext.version} is not in the catalog and no newer version is allowed.`);
  return none('up-to-date', `${ext.version} is the newest version allowed for Kubernetes ${k8s}.`);
}

/** Rule 8's move, named from the verdict's context alone: its target, path, kind, code and why it is allowed. */
function namedMove(ctx: MoveContext, { target, hops }: Move, installedCompatible: boolean): MoveVerdict {
  const { ext, installed, facts } = ctx;
  const moveKind = moveKindOf(installed, target.semver);
  const code: DecisionCode = !installedCompatible ? 'restore-compatibility' : moveKind === 'patch' ? 'patch-available' : 'kubernetes-minor-upgraded';
  const k8s = `${facts.kubernetes.major}.${facts.kubernetes.minor}`;
  const why =
    code === 'restore-compatibility'
      ? `${ext.version} does not support Kubernetes ${facts.kubernetes.version}; ${target.text} does`
      : code === 'patch-available'
        ? `patch ${target.text} is available on the ${lineOf(installed)} line`
        : `the cluster moved to Kubernetes ${k8s}, which opens ${moveKind} moves`;
  return { to: target.text, path: hops.map((h) => h.text), moveKind, code, why, upgrade: `Move ${ext.version} → ${target.text}: ${why}.` };
}

/** Rule 8: a move becomes an upgrade, a hold (policy) or a wait (offline cluster), keeping its target and path. */
function decideMove(ext: ExtensionSnapshot, facts: ClusterFacts, policy: Policy, { to, path, moveKind, code, why, upgrade }: MoveVerdict): Decision {
  // fields in the contract's order (the JSON output shows them so); each decision gets its own path array
  const move = (action: Decision['action'], c: DecisionCode, reason: string): Decision => ({ clusterId: facts.cluster.id, extensionName: ext.name, extensionType: ext.extensionType, action, from: ext.version, to, moveKind, path: [...path], code: c, reason });
  const hold = matchingHold(policy.holds, ext.extensionType, facts.cluster);
  if (hold) return move('hold', 'held-by-policy', `Held by policy${hold.reason ? ` (${hold.reason})` : ''}; would move to ${to}: ${why}.`);
  const offline = offlineState(facts);
  if (offline) return move('wait', 'cluster-offline', `The cluster is ${offline}; would move ${ext.version} → ${to}: ${why}. Decided again when it is back.`);
  return move('upgrade', code, upgrade);
}
