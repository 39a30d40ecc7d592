/**
 * An independent oracle of the plan: a second, deliberately plain implementation of the README's "How it decides" rules
 * (plan contract v2), written from the README's text. It imports nothing of src/domain's policy (only the `semver`
 * package), so the e2e, fault and differential tests can state expected decisions without asking planFleet.
 */
import * as semver from 'semver';

/** A decision as the oracle states it (the contract's fields without the human reason). */
export interface OracleDecision {
  clusterId: string;
  extensionName: string;
  extensionType: string;
  action: 'upgrade' | 'hold' | 'wait' | 'skip' | 'blocked' | 'none' | 'error';
  from: string;
  to: string | null;
  moveKind: 'major' | 'minor' | 'patch' | null;
  path: string[];
  code: string;
  /** Issue 24: only for a type with a support window. */
  inSupport?: boolean;
}

/** The snapshot, catalog and policy fields the rules read (structurally the same as the files'). */
export interface OracleInput {
  snapshot: { clusters: { id: string; kubernetesVersion: string; location?: string; reconciledKubernetesVersion?: string; distribution?: string; kind?: string; connectivityStatus?: string; powerState?: string; tags: Record<string, string>; extensions: { name: string; extensionType: string; version: string; autoUpgradeMinorVersion: boolean; releaseTrain: string; provisioningState: string; isSystemExtension: boolean; managedBy?: string; managementDetails?: { accessDetails?: { entity?: string; allowedActions?: string[] }[] }; autoUpgradeMode?: string }[] }[] };
  catalog: { extensionTypes: Record<string, { versions: { version: string; releaseTrain: string; releasedAt?: string; kubernetes?: string | Record<string, string | undefined>; regions?: string[] }[] }> };
  policy: { extensionTypes?: string[]; allowMajor: boolean; stepMinors: boolean; minReleaseAgeDays: number; holds: { extensionType: string; clusterTags: Record<string, string>; clusterIds: string[] }[]; constraints: { extensionType: string; range: string }[]; supportWindows?: { extensionType: string; supportedMinors: number }[] };
  now: Date;
}

type Cluster = OracleInput['snapshot']['clusters'][number];
type Ext = Cluster['extensions'][number];
type Entry = OracleInput['catalog']['extensionTypes'][string]['versions'][number];
/** One catalog version after merging the entries that list it. */
interface Version { text: string; sv: semver.SemVer; entries: Entry[] }

const lower = (s: string): string => s.toLowerCase();
const line = (v: semver.SemVer): number => v.major * 100_000 + v.minor;

/** "X.Y" or "X.Y.Z" (a leading v allowed), optionally followed by a distribution suffix "-…" or "+…" → a SemVer; else null. */
function kubeVersion(text: string): semver.SemVer | null {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+][0-9A-Za-z][0-9A-Za-z.+_-]*)?$/.exec(text.trim());
  return m ? new semver.SemVer(`${+m[1]!}.${+m[2]!}.${+(m[3] ?? 0)}`) : null;
}

/** The README's cluster types, from the id's last resource type. */
function clusterType(id: string): string | null {
  const parts = id.split('/').filter(Boolean);
  return ({ managedclusters: 'managedCluster', connectedclusters: 'connectedCluster', provisionedclusters: 'provisionedCluster' } as Record<string, string>)[lower(parts[parts.length - 2] ?? '')] ?? null;
}

/** One entry supports the cluster: no field, a range, or the most specific of connectedCluster/<distribution>, the type, `*`. */
function entrySupports(e: Entry, c: Cluster, type: string, k8s: semver.SemVer): boolean {
  if (e.kubernetes === undefined) return true;
  if (typeof e.kubernetes === 'string') return semver.satisfies(k8s, e.kubernetes);
  const keys = Object.entries(e.kubernetes);
  const pick = (k: string): string | undefined => keys.find(([key]) => lower(key) === lower(k))?.[1];
  const range = (type === 'connectedCluster' && c.distribution ? pick(`connectedCluster/${c.distribution}`) : undefined) ?? pick(type) ?? pick('*');
  if (range === undefined || !semver.satisfies(k8s, range)) return false;
  // issue 20 item 3: AKS on Azure Local (a connected cluster of kind ProvisionedCluster) must also satisfy provisionedCluster
  if (type !== 'connectedCluster' || lower(c.kind ?? '') !== 'provisionedcluster') return true;
  const provisioned = pick('provisionedCluster') ?? pick('*');
  return provisioned !== undefined && semver.satisfies(k8s, provisioned);
}

/** The catalog's versions of a type, merged per version (compatible only where every entry is). */
function versionsOf(input: OracleInput, extensionType: string): Version[] | undefined {
  const lists = Object.entries(input.catalog.extensionTypes).filter(([t]) => lower(t) === lower(extensionType));
  if (lists.length === 0) return undefined;
  const byVersion = new Map<string, Version>();
  for (const [, { versions }] of lists)
    for (const e of versions) {
      const sv = semver.parse(e.version.trim());
      if (!sv) continue;
      const v = byVersion.get(sv.version) ?? { text: e.version, sv, entries: [] };
      v.entries.push(e);
      const texts = v.entries.map((x) => x.version);
      v.text = texts.includes(sv.version) ? sv.version : texts.sort()[0]!;
      byVersion.set(sv.version, v);
    }
  return [...byVersion.values()];
}

interface Knobs { minAge: number; step: boolean; constraints: boolean; region: boolean }

/** Issue 24: a region's name without spaces, lower-cased ("East US" = eastus). */
const regionOf = (location: string): string => lower(location.replace(/\s+/g, ''));

/** Issue 24: a version is offered in the cluster's region when no entry names regions, the cluster has no location, or an entry names its region. */
function offered(v: Version, c: Cluster): boolean {
  const named = v.entries.filter((e) => e.regions !== undefined);
  return named.length === 0 || c.location === undefined || named.some((e) => e.regions!.some((r) => regionOf(r) === regionOf(c.location!)));
}

/** Issue 24: the newest N distinct major.minor lines on the extension's train (Stable: no prereleases, no preview entries). */
function inSupport(input: OracleInput, x: Ext, versions: Version[] | undefined): boolean | undefined {
  const window = input.policy.supportWindows?.find((w) => lower(w.extensionType) === lower(x.extensionType));
  if (!window) return undefined;
  const onTrain = (versions ?? []).filter((v) => lower(x.releaseTrain) === 'preview' || (v.sv.prerelease.length === 0 && !v.entries.some((e) => lower(e.releaseTrain) === 'preview')));
  const lines = [...new Set(onTrain.map((v) => line(v.sv)))].sort((a, b) => b - a).slice(0, window.supportedMinors);
  const installed = semver.parse(x.version.trim());
  return installed !== null && lines.includes(line(installed));
}

/** Rules 6-7 for one extension: the candidates and the move (target + path) under some knobs. */
function moveWith(input: OracleInput, c: Cluster, x: Ext, installed: semver.SemVer, versions: Version[], windowOpen: boolean, knobs: Knobs) {
  const type = clusterType(c.id)!;
  const k8s = kubeVersion(c.kubernetesVersion)!;
  const previewTrain = lower(x.releaseTrain) === 'preview';
  const ranges = input.policy.constraints.filter((r) => lower(r.extensionType) === lower(x.extensionType));
  const candidates = versions.filter((v) => {
    if (semver.lte(v.sv, installed)) return false;
    if (!previewTrain && (v.sv.prerelease.length > 0 || v.entries.some((e) => lower(e.releaseTrain) === 'preview'))) return false;
    if (!v.entries.every((e) => entrySupports(e, c, type, k8s))) return false;
    if (knobs.region && !offered(v, c)) return false;
    if (knobs.constraints && !ranges.every((r) => semver.satisfies(v.sv, r.range, { includePrerelease: true }))) return false;
    const released = v.entries.filter((e) => e.releasedAt).map((e) => Date.parse(e.releasedAt!));
    return released.length === 0 || Math.max(...released) + knobs.minAge * 86_400_000 <= input.now.getTime();
  });
  const allowed = candidates.filter((v) => (windowOpen ? input.policy.allowMajor || v.sv.major === installed.major : line(v.sv) === line(installed))).sort((a, b) => semver.rcompare(a.sv, b.sv));
  const best = allowed[0];
  let move: { target: Version; path: Version[] } | undefined;
  if (best && (!knobs.step || line(best.sv) === line(installed))) move = { target: best, path: [best] };
  else if (best) {
    const lines = [...new Set(versions.map((v) => line(v.sv)))].filter((l) => l > line(installed) && l <= line(best.sv)).sort((a, b) => a - b);
    const path: Version[] = [];
    for (const l of lines) {
      const top = allowed.find((v) => line(v.sv) === l);
      if (!top) break;
      path.push(top);
    }
    const patch = allowed.find((v) => line(v.sv) === line(installed));
    move = path.length ? { target: path[path.length - 1]!, path } : patch ? { target: patch, path: [patch] } : undefined;
  }
  return { candidates, move };
}

/** The decision for one extension, rules 1-9 in the README's order, with `inSupport` for a type with a support window. */
function decide(input: OracleInput, c: Cluster, x: Ext): OracleDecision {
  const d = decideRules(input, c, x);
  const support = inSupport(input, x, versionsOf(input, x.extensionType));
  return support === undefined ? d : { ...d, inSupport: support };
}

/** Rules 1-9. */
function decideRules(input: OracleInput, c: Cluster, x: Ext): OracleDecision {
  const d = (action: OracleDecision['action'], code: string, move?: { target: Version; path: Version[] }, installed?: semver.SemVer): OracleDecision => ({
    clusterId: c.id, extensionName: x.name, extensionType: x.extensionType, action, from: x.version, to: move ? move.target.text : null,
    moveKind: move && installed ? (move.target.sv.major !== installed.major ? 'major' : move.target.sv.minor !== installed.minor ? 'minor' : 'patch') : null,
    path: move ? move.path.map((v) => v.text) : [], code,
  });
  if (x.isSystemExtension) return d('skip', 'system-extension');
  const usersCannotWrite = (x.managementDetails?.accessDetails ?? []).some((a) => lower(a.entity ?? '') === 'users' && !(a.allowedActions ?? []).map(lower).includes('write'));
  if ((typeof x.managedBy === 'string' && x.managedBy !== '') || usersCannotWrite) return d('skip', 'managed-extension');
  if (input.policy.extensionTypes && !input.policy.extensionTypes.map(lower).includes(lower(x.extensionType))) return d('skip', 'not-managed');
  const versions = versionsOf(input, x.extensionType);
  if (!versions) return d('skip', 'not-in-catalog');
  const k8s = kubeVersion(c.kubernetesVersion);
  const reconciled = c.reconciledKubernetesVersion === undefined ? k8s : kubeVersion(c.reconciledKubernetesVersion);
  if (!clusterType(c.id) || !k8s || !reconciled) return d('error', 'invalid-kubernetes-version');
  const installed = semver.parse(x.version.trim());
  // issue 20 item 1: the platform owns it when autoUpgradeMinorVersion is on; a pin is the policy's whatever autoUpgradeMode reports
  const platform = x.autoUpgradeMinorVersion;
  if (!installed && !platform) return d('error', 'invalid-version');
  if (['Creating', 'Updating', 'Deleting'].includes(x.provisioningState)) return d('wait', 'operation-in-progress');
  if (platform || !installed) return d('hold', 'platform-auto-upgrade');

  const windowOpen = line(k8s) > line(reconciled);
  const knobs: Knobs = { minAge: input.policy.minReleaseAgeDays, step: input.policy.stepMinors, constraints: true, region: true };
  const { candidates, move } = moveWith(input, c, x, installed, versions, windowOpen, knobs);
  const own = versions.find((v) => semver.eq(v.sv, installed));
  const ownOk = !own || own.entries.every((e) => entrySupports(e, c, clusterType(c.id)!, k8s));
  if (move) {
    const code = !ownOk ? 'restore-compatibility' : line(move.target.sv) === line(installed) ? 'patch-available' : 'kubernetes-minor-upgraded';
    const held = input.policy.holds.some(
      (h) => (h.extensionType === '*' || lower(h.extensionType) === lower(x.extensionType)) &&
        Object.entries(h.clusterTags).every(([k, v]) => Object.entries(c.tags).some(([ck, cv]) => lower(ck) === lower(k) && cv === v)) &&
        (h.clusterIds.length === 0 || h.clusterIds.some((id) => lower(id) === lower(c.id))),
    );
    if (held) return d('hold', 'held-by-policy', move, installed);
    const type = clusterType(c.id);
    const offline = (type === 'connectedCluster' && c.connectivityStatus !== undefined && c.connectivityStatus !== 'Connected') || (type === 'managedCluster' && lower(c.powerState ?? '') === 'stopped');
    return offline ? d('wait', 'cluster-offline', move, installed) : d('upgrade', code, move, installed);
  }
  if (!ownOk) return d('blocked', 'incompatible-no-allowed-version');
  if (moveWith(input, c, x, installed, versions, windowOpen, { ...knobs, minAge: 0 }).move) return d('wait', 'release-too-young');
  if (moveWith(input, c, x, installed, versions, windowOpen, { ...knobs, minAge: 0, region: false }).move) return d('wait', 'not-yet-in-region');
  if (knobs.step && moveWith(input, c, x, installed, versions, windowOpen, { ...knobs, step: false }).move) return d('none', 'step-path-gap');
  if (windowOpen && !input.policy.allowMajor && candidates.some((v) => v.sv.major > installed.major)) return d('none', 'major-not-allowed');
  if (!windowOpen && candidates.some((v) => line(v.sv) !== line(installed))) return d('none', 'minor-waits-for-kubernetes-upgrade');
  if (moveWith(input, c, x, installed, versions, windowOpen, { ...knobs, constraints: false }).candidates.length > 0) return d('none', 'excluded-by-constraint');
  if (!own) return d('none', 'installed-version-not-in-catalog');
  return d('none', 'up-to-date');
}

/** Every decision of the fleet by the README's rules, sorted by cluster id then extension name. */
export function oraclePlan(input: OracleInput): OracleDecision[] {
  const out = input.snapshot.clusters.flatMap((c) => c.extensions.map((x) => decide(input, c, x)));
  return out.sort((a, b) => (a.clusterId < b.clusterId ? -1 : a.clusterId > b.clusterId ? 1 : a.extensionName < b.extensionName ? -1 : a.extensionName > b.extensionName ? 1 : 0));
}
