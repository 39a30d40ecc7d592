/**
 * The snapshot and plan stages, in one place for every caller (timer, event, HTTP, CLI): a discovered fleet, the
 * reconciled versions the app remembers, and the catalog, turned into decisions by the pure policy.
 *
 *   discover (FleetInventory / ClusterReader) → merge remembered state → catalogFor → planFleet
 */
import type { Catalog, ClusterSnapshot, Decision, FleetSnapshot, Policy } from '../domain/model';
import { planByCluster, planFleet } from '../domain/plan';
import type { CatalogSource, ClusterState, ClusterStateStore, FailedVersionHoldStore, FleetInventory, FleetScope, ReleaseSightingStore } from '../domain/ports';
import { applyFailedVersionHolds } from '../domain/versionHolds';
import { observedAgeCatalog } from './observedAge';

/** Looks up remembered state by cluster id; ARM ids are case-insensitive. */
export type StateLookup = (clusterId: string) => ClusterState | undefined;

/** A case-insensitive lookup over states read from the store. */
export function stateLookup(states: ReadonlyMap<string, ClusterState>): StateLookup {
  const byLower = new Map<string, ClusterState>();
  for (const [id, state] of states) byLower.set(id.toLowerCase(), state);
  return (clusterId) => states.get(clusterId) ?? byLower.get(clusterId.toLowerCase());
}

/** Reads the remembered state of the snapshot's clusters. */
export async function readStates(store: ClusterStateStore, snapshot: FleetSnapshot): Promise<StateLookup> {
  return stateLookup(await store.get(snapshot.clusters.map((c) => c.id)));
}

const nothingRemembered: StateLookup = () => undefined;

/** Copies the remembered reconciled version onto each cluster of a snapshot. */
export function mergeClusterState(snapshot: FleetSnapshot, stateOf: StateLookup): FleetSnapshot {
  const clusters = snapshot.clusters.map((cluster): ClusterSnapshot => {
    const reconciled = stateOf(cluster.id)?.reconciledKubernetesVersion;
    return reconciled === undefined ? cluster : { ...cluster, reconciledKubernetesVersion: reconciled };
  });
  return { clusters };
}

/** What planning needs besides the snapshot. */
export interface PlanInputs {
  catalog: CatalogSource;
  policy: Policy;
  /** Versions held after they failed (the app's Table); absent = none (the CLI). */
  holds?: FailedVersionHoldStore;
  /** Issue 24: first sightings of live versions (their release age); absent = live versions carry no age. */
  sightings?: ReleaseSightingStore;
  /** Issue 24: read the sightings without recording new ones (the CLI). */
  sightingsReadOnly?: boolean;
  /** Issue 24: where a sightings table failure is reported (the plan goes on). */
  onWarning?: (message: string) => void;
}

/** The catalog of a snapshot, live versions dated by their first sightings when a store is given (issue 24). */
async function datedCatalog(snapshot: FleetSnapshot, inputs: PlanInputs, now: Date): Promise<Catalog> {
  const catalog = await inputs.catalog.catalogFor(snapshot);
  return observedAgeCatalog(catalog, inputs.sightings, now, { ...(inputs.sightingsReadOnly ? { readOnly: true } : {}), ...(inputs.onWarning ? { onWarning: inputs.onWarning } : {}) });
}

/** A planned snapshot: the merged snapshot, the catalog it was planned against, the decisions, the state lookup. */
export interface PlannedSnapshot {
  snapshot: FleetSnapshot;
  catalog: Catalog;
  decisions: Decision[];
  stateOf: StateLookup;
}

/** Plans a discovered snapshot: merges remembered state (none by default), reads the catalog, runs the policy. */
export async function planSnapshot(discovered: FleetSnapshot, inputs: PlanInputs, now: Date, stateOf: StateLookup = nothingRemembered): Promise<PlannedSnapshot> {
  const snapshot = mergeClusterState(discovered, stateOf);
  const catalog = await datedCatalog(snapshot, inputs, now);
  const held = inputs.holds ? await inputs.holds.list() : [];
  return { snapshot, catalog, decisions: applyFailedVersionHolds(planFleet(snapshot, catalog, inputs.policy, now), held), stateOf };
}

/** A planned snapshot whose decisions come cluster by cluster, decided as they are read (outputs that stream). */
export interface PlannedStream {
  snapshot: FleetSnapshot;
  catalog: Catalog;
  runs: Iterable<{ cluster: ClusterSnapshot; decisions: Decision[] }>;
}

/** As planSnapshot, but the decisions are made lazily, one cluster at a time, in the plan's order. */
export async function planSnapshotByCluster(discovered: FleetSnapshot, inputs: PlanInputs, now: Date, stateOf: StateLookup = nothingRemembered): Promise<PlannedStream> {
  const snapshot = mergeClusterState(discovered, stateOf);
  const catalog = await datedCatalog(snapshot, inputs, now);
  return { snapshot, catalog, runs: planByCluster(snapshot, catalog, inputs.policy, now) };
}

/** What the fleet-wide plan reads: the inventory in a scope, the state store, the catalog, the policy. */
export interface FleetPlanPorts extends PlanInputs {
  inventory: FleetInventory;
  scope: FleetScope;
  state: ClusterStateStore;
}

/** Discovers the scope (or only the clusters `keep` accepts) and plans it with the remembered state. */
export async function planScope(ports: FleetPlanPorts, now: Date, keep?: (cluster: ClusterSnapshot) => boolean): Promise<PlannedSnapshot> {
  const discovered = await ports.inventory.discover(ports.scope);
  const snapshot = keep ? { clusters: discovered.clusters.filter(keep) } : discovered;
  return planSnapshot(snapshot, ports, now, await readStates(ports.state, snapshot));
}

/** A fixed catalog (a file) as a catalog source. */
export function fixedCatalog(catalog: Catalog): CatalogSource {
  return { catalogFor: () => Promise.resolve(catalog) };
}
