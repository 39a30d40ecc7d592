/**
 * Typed in-memory fakes of every port, over one in-memory fleet, for orchestration tests, the demo and benchmarks.
 * No jest. The writer can be scripted per hop (failures, transient errors, slow or failed health).
 */
import type { AlertSignal } from '../../src/domain/healthGate';
import type { Catalog, ClusterSnapshot, ExtensionSnapshot, FleetSnapshot, Policy } from '../../src/domain/model';
import { heldVersion, type FailedVersionHold } from '../../src/domain/versionHolds';
import type {
  ApplyOutcome,
  AuditLog,
  AuditQuery,
  AuditRecord,
  CatalogSource,
  ClusterReader,
  ClusterState,
  ClusterStateStore,
  ExtensionWriter,
  FailedVersionHoldStore,
  FleetInventory,
  FleetScope,
  HopRequest,
  Notification,
  Notifier,
  PlannedClusterRef,
  PublishResult,
  RolloutPlanStore,
} from '../../src/domain/ports';
import type { Services } from '../../src/host/services';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The fleet as the fakes see it; tests mutate it to simulate the world moving. */
export class InMemoryFleet {
  readonly clusters = new Map<string, ClusterSnapshot>();

  constructor(clusters: ClusterSnapshot[] = []) {
    for (const c of clusters) this.clusters.set(c.id.toLowerCase(), clone(c));
  }

  /** A cluster by id (case-insensitive), or undefined. */
  cluster(id: string): ClusterSnapshot | undefined {
    return this.clusters.get(id.toLowerCase());
  }

  /** An extension of a cluster, or undefined. */
  extension(clusterId: string, name: string): ExtensionSnapshot | undefined {
    return this.cluster(clusterId)?.extensions.find((e) => e.name.toLowerCase() === name.toLowerCase());
  }

  /** Installed version of an extension (throws when absent). */
  version(clusterId: string, name: string): string {
    const ext = this.extension(clusterId, name);
    if (!ext) throw new Error(`no extension ${name} on ${clusterId}`);
    return ext.version;
  }
}

/** FleetInventory over the fleet (reconciledKubernetesVersion left unset, as Resource Graph does). */
export class FakeInventory implements FleetInventory {
  discovered = 0;
  /** Management group name → subscription ids, for scope checks. */
  managementGroups: Record<string, string[]> = {};
  /** Azure Monitor alerts the fake Resource Graph holds; tests push to fire one. */
  alerts: AlertSignal[] = [];
  /** Every alert lookup: the clusters and the time asked for. */
  alertLookups: { clusterIds: string[]; since: string }[] = [];
  constructor(private readonly fleet: InMemoryFleet) {}
  /** The alerts on those clusters started at or after `since`. */
  alertsSince(clusterIds: string[], since: string): Promise<AlertSignal[]> {
    this.alertLookups.push({ clusterIds: [...clusterIds], since });
    const ids = new Set(clusterIds.map((c) => c.toLowerCase()));
    return Promise.resolve(clone(this.alerts.filter((a) => ids.has(a.targetResource.toLowerCase()) && Date.parse(a.startDateTime) >= Date.parse(since))));
  }
  /** Subscriptions of the listed groups; the group `root` (the fakes' default scope) holds every subscription of the fleet. */
  subscriptionsIn(groups: string[]): Promise<string[]> {
    const wanted = new Set(groups.map((g) => g.toLowerCase()));
    const listed = Object.entries(this.managementGroups).flatMap(([name, subs]) => (wanted.has(name.toLowerCase()) ? subs.map((s) => s.toLowerCase()) : []));
    const root = wanted.has('root') && !Object.keys(this.managementGroups).some((n) => n.toLowerCase() === 'root') ? [...this.fleet.clusters.keys()].map((id) => id.split('/')[2]!.toLowerCase()) : [];
    return Promise.resolve([...new Set([...listed, ...root])]);
  }
  /** The clusters in the scope's subscriptions and under its management groups (as subscriptionsIn reads them), in fleet order. */
  async discover(scope: FleetScope): Promise<FleetSnapshot> {
    this.discovered++;
    const inScope = new Set([...scope.subscriptions.map((s) => s.toLowerCase()), ...(await this.subscriptionsIn(scope.managementGroups))]);
    // a row whose id names no subscription (corrupt data) still comes back from some query: the first subscription's
    const first = scope.subscriptions[0]?.toLowerCase();
    const subscriptionOf = (id: string): string | undefined => {
      const seg = String(id).split('/');
      return seg[1]?.toLowerCase() === 'subscriptions' && seg[2] ? seg[2].toLowerCase() : first;
    };
    const clusters = [...this.fleet.clusters.values()].filter((c) => inScope.has(subscriptionOf(c.id) ?? '')).map((c) => {
      const copy = clone(c);
      delete copy.reconciledKubernetesVersion;
      return copy;
    });
    return { clusters };
  }
}

/** ClusterReader over the fleet. */
export class FakeClusterReader implements ClusterReader {
  constructor(private readonly fleet: InMemoryFleet) {}
  readCluster(clusterId: string): Promise<ClusterSnapshot | null> {
    const c = this.fleet.cluster(clusterId);
    if (!c) return Promise.resolve(null);
    const copy = clone(c);
    delete copy.reconciledKubernetesVersion;
    return Promise.resolve(copy);
  }
}

/** CatalogSource returning one fixed catalog. */
export class FixedCatalog implements CatalogSource {
  constructor(public catalog: Catalog) {}
  catalogFor(_snapshot: FleetSnapshot): Promise<Catalog> {
    return Promise.resolve(clone(this.catalog));
  }
}

/** A scripted behaviour for one hop `cluster/extension@version`. */
export type HopScript =
  | { outcome: Exclude<ApplyOutcome['kind'], 'succeeded'>; message?: string; errorCode?: string }
  /** Throw a transient error this many times, then apply. */
  | { throwTimes: number }
  /** Apply, then read back provisioningState `state` for `reads` reads (Infinity: for ever). */
  | { health: ExtensionSnapshot['provisioningState']; reads: number };

/** ExtensionWriter over the fleet: applies hops by changing the installed version; scriptable per hop. */
export class FakeWriter implements ExtensionWriter {
  readonly applied: HopRequest[] = [];
  readonly scripts = new Map<string, HopScript>();
  private readonly thrown = new Map<string, number>();
  private readonly healthReads = new Map<string, number>();

  constructor(private readonly fleet: InMemoryFleet) {}

  /** Key of a hop script. */
  static key(clusterId: string, extensionName: string, version: string): string {
    return `${clusterId.toLowerCase()}/${extensionName.toLowerCase()}@${version}`;
  }

  /** Scripts what happens when `extensionName` on `clusterId` is moved to `version`. */
  script(clusterId: string, extensionName: string, version: string, script: HopScript): this {
    this.scripts.set(FakeWriter.key(clusterId, extensionName, version), script);
    return this;
  }

  applyHop(hop: HopRequest): Promise<ApplyOutcome> {
    const key = FakeWriter.key(hop.clusterId, hop.extensionName, hop.version);
    const script = this.scripts.get(key);
    if (script && 'throwTimes' in script) {
      const n = this.thrown.get(key) ?? 0;
      if (n < script.throwTimes) {
        this.thrown.set(key, n + 1);
        return Promise.reject(new Error(`transient: 503 ServiceUnavailable (attempt ${n + 1})`));
      }
    }
    if (script && 'outcome' in script) {
      const message = script.message ?? `scripted ${script.outcome}`;
      if (script.outcome === 'failed') return Promise.resolve({ kind: 'failed', errorCode: script.errorCode ?? 'ExtensionOperationFailed', message });
      return Promise.resolve({ kind: script.outcome, message });
    }
    const ext = this.fleet.extension(hop.clusterId, hop.extensionName);
    if (!ext) return Promise.resolve({ kind: 'failed', errorCode: 'ResourceNotFound', message: 'extension not found' });
    this.applied.push({ ...hop });
    ext.version = hop.version;
    ext.autoUpgradeMinorVersion = false;
    ext.provisioningState = 'Succeeded';
    if (script && 'health' in script) ext.provisioningState = script.health;
    return Promise.resolve({ kind: 'succeeded', installedVersion: hop.version });
  }

  readExtension(clusterId: string, extensionName: string): Promise<ExtensionSnapshot | null> {
    const ext = this.fleet.extension(clusterId, extensionName);
    if (!ext) return Promise.resolve(null);
    const key = FakeWriter.key(clusterId, extensionName, ext.version);
    const script = this.scripts.get(key);
    if (script && 'health' in script && ext.provisioningState === script.health) {
      const reads = (this.healthReads.get(key) ?? 0) + 1;
      this.healthReads.set(key, reads);
      if (reads > script.reads) ext.provisioningState = 'Succeeded';
    }
    return Promise.resolve(clone(ext));
  }
}

/** Key of an audit row for idempotent appends. */
function auditKey(r: AuditRecord): string {
  if (r.kind === 'approved') return [r.rolloutId, 'approved', (r.ring ?? '').toLowerCase()].join('|'); // one per ring of a rollout, as in the table
  return [r.rolloutId, r.clusterId.toLowerCase(), r.extensionName.toLowerCase(), r.kind, r.code, r.from, r.to, r.at, r.ring ?? ''].join('|');
}

/** AuditLog in memory; appending the same row twice keeps one. Can be made to fail (outage). */
export class InMemoryAuditLog implements AuditLog {
  private readonly rows = new Map<string, AuditRecord>();
  failures = 0;

  append(rows: AuditRecord[]): Promise<void> {
    if (this.failures > 0) {
      this.failures--;
      return Promise.reject(new Error('transient: table storage unavailable'));
    }
    for (const r of rows) this.rows.set(auditKey(r), clone(r));
    return Promise.resolve();
  }

  claimApproval(row: AuditRecord): Promise<AuditRecord | undefined> {
    const existing = this.rows.get(auditKey(row));
    if (existing) return Promise.resolve(clone(existing));
    this.rows.set(auditKey(row), clone(row));
    return Promise.resolve(undefined);
  }

  query(filter: AuditQuery): Promise<AuditRecord[]> {
    let out = [...this.rows.values()];
    if (filter.clusterId) out = out.filter((r) => r.clusterId.toLowerCase() === filter.clusterId?.toLowerCase());
    if (filter.rolloutId) out = out.filter((r) => r.rolloutId === filter.rolloutId);
    if (filter.kinds?.length) out = out.filter((r) => filter.kinds?.includes(r.kind));
    return Promise.resolve(out.slice(0, filter.limit ?? out.length));
  }

  /** Every row, in append order. */
  all(): AuditRecord[] {
    return [...this.rows.values()];
  }
}

/** ClusterStateStore in memory. */
export class InMemoryClusterState implements ClusterStateStore {
  readonly states = new Map<string, ClusterState>();
  get(clusterIds: string[]): Promise<Map<string, ClusterState>> {
    const out = new Map<string, ClusterState>();
    for (const id of clusterIds) {
      const s = this.states.get(id.toLowerCase());
      if (s) out.set(id, clone(s));
    }
    return Promise.resolve(out);
  }
  put(state: ClusterState): Promise<void> {
    this.states.set(state.clusterId.toLowerCase(), clone(state));
    return Promise.resolve();
  }
  async putMany(states: ClusterState[]): Promise<void> {
    for (const state of states) await this.put(state);
  }
}

/** FailedVersionHoldStore in memory. */
export class InMemoryHolds implements FailedVersionHoldStore {
  readonly holds: FailedVersionHold[] = [];
  list(): Promise<FailedVersionHold[]> {
    return Promise.resolve(clone(this.holds));
  }
  add(hold: FailedVersionHold): Promise<void> {
    if (!heldVersion(this.holds, hold.extensionType, hold.version)) this.holds.push({ ...clone(hold), extensionType: hold.extensionType.toLowerCase() });
    return Promise.resolve();
  }
  clear(extensionType: string, version: string): Promise<boolean> {
    const found = heldVersion(this.holds, extensionType, version);
    if (found) this.holds.splice(this.holds.indexOf(found), 1);
    return Promise.resolve(found !== undefined);
  }
}

/** Notifier recording every notification by id (at-least-once delivery is deduplicated); `down` refuses them. */
export class RecordingNotifier implements Notifier {
  readonly byId = new Map<string, Notification>();
  down = false;
  publish(events: Notification[]): Promise<PublishResult> {
    if (this.down) return Promise.resolve({ delivered: 0, undelivered: events.length, skipped: false, error: 'topic unavailable' });
    for (const e of events) this.byId.set(e.id, clone(e));
    return Promise.resolve({ delivered: events.length, undelivered: 0, skipped: false });
  }
  /** Every notification received, in order. */
  all(): Notification[] {
    return [...this.byId.values()];
  }
}

/** RolloutPlanStore in memory: plans by id, rings as arrays. */
export class InMemoryRolloutPlanStore implements RolloutPlanStore {
  readonly plans = new Map<string, PlannedClusterRef[][]>();
  /** Number of reads served. */
  reads = 0;

  write(planId: string, rings: PlannedClusterRef[][]): Promise<void> {
    this.plans.set(planId, clone(rings));
    return Promise.resolve();
  }

  read(planId: string, ringIndex: number, offset: number, count: number): Promise<PlannedClusterRef[]> {
    this.reads++;
    return Promise.resolve(clone((this.plans.get(planId)?.[ringIndex] ?? []).slice(offset, offset + Math.max(0, count))));
  }

  delete(planIds: string[]): Promise<number> {
    let rows = 0;
    for (const id of planIds) {
      rows += this.plans.get(id)?.length ?? 0;
      this.plans.delete(id);
    }
    return Promise.resolve(rows);
  }

  deleteAllBut(keepPrefix: string): Promise<number> {
    return this.delete([...this.plans.keys()].filter((id) => !id.startsWith(keepPrefix)));
  }
}

/** The fakes wired as Services, plus handles to each. */
export interface FakeWorld {
  services: Services;
  fleet: InMemoryFleet;
  writer: FakeWriter;
  audit: InMemoryAuditLog;
  state: InMemoryClusterState;
  notifier: RecordingNotifier;
  plans: InMemoryRolloutPlanStore;
  catalog: FixedCatalog;
  inventory: FakeInventory;
  holds: InMemoryHolds;
}

/** Builds a world of fakes around `clusters`, `catalog` and `policy`. */
export function fakeWorld(opts: { clusters: ClusterSnapshot[]; catalog: Catalog; policy: Policy; scope?: FleetScope; dryRun?: boolean }): FakeWorld {
  const fleet = new InMemoryFleet(opts.clusters);
  const writer = new FakeWriter(fleet);
  const audit = new InMemoryAuditLog();
  const state = new InMemoryClusterState();
  const notifier = new RecordingNotifier();
  const plans = new InMemoryRolloutPlanStore();
  const catalog = new FixedCatalog(opts.catalog);
  const inventory = new FakeInventory(fleet);
  const holds = new InMemoryHolds();
  const services: Services = {
    scope: opts.scope ?? { subscriptions: [], managementGroups: ['root'] },
    policy: opts.policy,
    dryRun: opts.dryRun ?? false,
    inventory,
    clusters: new FakeClusterReader(fleet),
    catalog,
    writer,
    audit,
    state,
    holds,
    plans,
    notifier,
  };
  return { services, fleet, writer, audit, state, notifier, plans, catalog, inventory, holds };
}

/** An AKS cluster id in subscription `sub` (default 00000000-0000-0000-0000-000000000001). */
export function aksId(name: string, sub = '00000000-0000-0000-0000-000000000001'): string {
  return `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${name}`;
}

/** A cluster with one flux extension at `fluxVersion` (pinned, stable, Succeeded). */
export function sampleCluster(name: string, opts: { ring?: string; kubernetesVersion?: string; fluxVersion?: string } = {}): ClusterSnapshot {
  return {
    id: aksId(name),
    kubernetesVersion: opts.kubernetesVersion ?? '1.30.2',
    location: 'westeurope',
    tags: opts.ring ? { ring: opts.ring } : {},
    extensions: [
      { name: 'flux', extensionType: 'microsoft.flux', version: opts.fluxVersion ?? '1.8.0', autoUpgradeMinorVersion: false, releaseTrain: 'stable', provisioningState: 'Succeeded', isSystemExtension: false },
    ],
  };
}

/** A catalog where flux offers 1.8.0, 1.8.3, 1.9.1 and 1.10.0 on the stable train, all compatible. */
export function sampleCatalog(): Catalog {
  return { extensionTypes: { 'microsoft.flux': { versions: ['1.8.0', '1.8.3', '1.9.1', '1.10.0'].map((version) => ({ version, releaseTrain: 'stable' as const })) } } };
}
