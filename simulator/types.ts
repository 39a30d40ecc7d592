/**
 * The ARM fleet simulator's public surface (test infrastructure, also used by the demo and the benchmark).
 * An HTTPS server on 127.0.0.1 that the real Azure SDK clients talk to. See simulator/README.md.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { FleetSnapshot } from '../src/domain/model';
import type { SimAlert } from './alerts';
import type { SimFleetManager } from './fleetManager';

/** One extension on a simulated cluster (ARM property names). */
export interface SimExtension {
  name: string;
  extensionType: string;
  /** Installed version (`currentVersion`). */
  currentVersion: string;
  /** Pinned version (`version`); undefined when auto-upgrading. */
  version?: string;
  autoUpgradeMinorVersion: boolean;
  releaseTrain: string;
  provisioningState: 'Succeeded' | 'Failed' | 'Canceled' | 'Creating' | 'Updating' | 'Deleting';
  isSystemExtension: boolean;
  configurationSettings?: Record<string, string>;
  /** Write-only secrets: never returned by the simulator, as in ARM. */
  configurationProtectedSettings?: Record<string, string>;
  /** `errorInfo` shown while `provisioningState` is Failed. */
  errorCode?: string;
  errorMessage?: string;
  /** `statuses[]` served as given (default: one Error entry while Failed, else none). */
  statuses?: { code: string; displayStatus?: string; level: 'Error' | 'Warning' | 'Information'; message: string; time?: string }[];
  /** 2025-03-01 `autoUpgradeMode`; absent = not served (the spec's GetExtension example omits it). */
  autoUpgradeMode?: 'none' | 'patch' | 'compatible';
  /** Top-level `managedBy`: the ARM id of the resource that owns the extension. */
  managedBy?: string;
  /** 2025-03-01 `managementDetails` (read-only); users without Write are refused writes (403). */
  managementDetails?: { category?: string; accessDetails?: { entity?: string; allowedActions?: string[]; description?: string }[] };
  /** 2025-03-01 `extensionState` (free string, e.g. "Ready"). */
  extensionState?: string;
}

/** One simulated cluster. */
export interface SimCluster {
  /** Full ARM id (managedClusters or connectedClusters; old provisionedClusters ids are served but never discovered). */
  id: string;
  /** Region as ARM shows it: a name (`eastus`) or, as in the connectedClusters example, a display name (`East US`). */
  location: string;
  kubernetesVersion: string;
  /** Arc only: `properties.distribution` (default `generic`). */
  distribution?: string;
  /** Arc only: `properties.connectivityStatus` (default `Connected`). */
  connectivityStatus?: 'Connected' | 'Connecting' | 'Offline' | 'Expired' | 'AgentNotInstalled';
  /** AKS only: `properties.powerState.code` (default `Running`). */
  powerState?: 'Running' | 'Stopped';
  /** Arc only: top-level `kind`; `ProvisionedCluster` = AKS on Azure Local, whose version is served by provisionedClusterInstances/default (2024-01-01) with a leading `v`, not on the connected cluster. */
  kind?: 'ProvisionedCluster';
  /** Arc only: false = the agent has not reported `properties.kubernetesVersion` (nor Resource Graph); a ProvisionedCluster's version is then read from its instance. */
  reportsKubernetesVersion?: false;
  tags: Record<string, string>;
  extensions: SimExtension[];
}

/** One version an extension type offers, in the simulator's catalog. */
export interface SimTypeVersion {
  version: string;
  releaseTrain: 'stable' | 'preview';
  /** ISO-8601 release time (the generator sets it; not served by the versions API, which has no such field). */
  releasedAt?: string;
  /** Issue 24: the regions (names, `eastus`) that offer the version so far; absent = every region. A region's list omits the version until then. */
  regions?: string[];
  /** `unsupportedKubernetesVersions` per cluster type, as the 2024-11-01-preview API shows it. */
  unsupportedKubernetesVersions?: Partial<Record<'managedCluster' | 'connectedCluster' | 'provisionedCluster' | 'appliances', { distributions?: string[]; unsupportedVersions: string[] }[]>>;
}

/** The fleet the simulator holds. */
export interface SimFleet {
  clusters: SimCluster[];
  /** Management group name -> subscription ids. */
  managementGroups?: Record<string, string[]>;
  /** Extension type (lower-case) -> versions. */
  extensionTypes: Record<string, SimTypeVersion[]>;
  /** Azure Monitor alerts (`alertsmanagementresources`); add with `faults.fireAlert`. */
  alerts?: SimAlert[];
}

/** Counters the simulator keeps (reset with resetCounters). */
export interface SimCounters {
  /** Requests by kind, e.g. `resourceGraph`, `extensions.list`, `extensions.get`, `extensions.patch`, `lro.poll`, `extensionTypes.versions`, `clusters.get`. */
  calls: Record<string, number>;
  throttled: number;
  /** Successful version changes, one entry per completed write. */
  writesApplied: { clusterId: string; extensionName: string; from: string; to: string }[];
  /** Every extension write received (PUT, PATCH, DELETE), with the names of the `properties` its body carried. */
  writeBodies: { method: 'PUT' | 'PATCH' | 'DELETE'; clusterId: string; extensionName: string; properties: string[] }[];
}

/** Request kinds the simulator counts and faults can target. */
export type SimRequestKind =
  | 'resourceGraph'
  | 'clusters.get'
  | 'clusters.instance'
  | 'extensions.list'
  | 'extensions.get'
  | 'extensions.put'
  | 'extensions.patch'
  | 'extensions.delete'
  | 'lro.poll'
  | 'extensionTypes.versions'
  | 'fleet.read'
  | 'fleet.gates.patch'
  | 'unknown';

/** Options of generateFleet. */
export interface GenerateFleetOptions {
  clusters: number;
  subscriptions: number;
  /** PRNG seed; default 1. Same options + seed = same fleet. */
  seed?: number;
  /** Inclusive [min, max] extensions per cluster; default [0, 4]. */
  extensionsPerCluster?: [number, number];
  /** Share of Arc connected clusters in [0, 1]; default 0.3. */
  arcShare?: number;
  /** Number of management groups the subscriptions are spread over (round robin, `mg-<n>`); default 0. */
  managementGroups?: number;
}

/** Fault injection on a running simulator. Each fault applies to requests received after it is set. */
export interface SimFaults {
  /** Delay every response by `ms` (0 to stop). */
  latency(ms: number): void;
  /** The next `count` requests of the given kinds (default: all kinds) answer `status` (default 503, also 500). */
  serverErrors(options: { count: number; kinds?: SimRequestKind[]; status?: 500 | 503 }): void;
  /** The next `count` requests (any kind) answer 429 with Retry-After (`retryAfterMs`, default 1000). */
  throttleStorm(options: { count: number; retryAfterMs?: number }): void;
  /** Writes to `version` of `extensionType` on clusters whose Kubernetes version satisfies `onKubernetes` (semver range; default `*`) end Failed. */
  failVersion(options: { extensionType: string; version: string; onKubernetes?: string }): void;
  /** Matching writes (all when no filter) never finish: the LRO stays `Updating` and the extension `Updating`. */
  neverFinish(options?: { extensionType?: string; version?: string }): void;
  /** When a write to `version` of `extensionType` completes, an alert fires on its cluster at `at()` (pass the orchestration clock). */
  alertOnWrite(options: { extensionType: string; version: string; severity: SimAlert['severity']; name: string; at: () => string }): void;
  /** Writes to `version` of `extensionType` succeed, but the extension then reports an Error status (cleared by a write to another version). */
  failHealthOnWrite(options: { extensionType: string; version: string }): void;
  /** Fires an Azure Monitor alert on a cluster now (Resource Graph serves it to the alerts query at once). */
  fireAlert(alert: SimAlert): void;
  /**
   * Every versions request for `extensionType` answers `status` with ARM error `code` (e.g. 403 AuthorizationFailed, or
   * a feature not registered), until cleared; other types are served as usual.
   */
  refuseExtensionType(options: { extensionType: string; status: number; code: string; message?: string }): void;
  /** Fleet query answers stop after `rows` rows with `resultTruncated: "true"` and no `$skipToken` (rows are lost). */
  truncateResults(rows: number): void;
  /** Removes every fault (alerts already fired stay: they are part of the fleet). */
  clear(): void;
}

/** Options of startFleetSimulator. */
export interface FleetSimulatorOptions {
  /** The fleet to serve (kept and mutated live); default generateFleet({ clusters: 20, subscriptions: 2, seed }). */
  fleet?: SimFleet;
  seed?: number;
  /** Resource Graph quota per principal (bearer token); default 15 queries per 5000 ms. */
  quota?: { queries: number; windowMs: number };
  /** Write token bucket per subscription; default burst 200, refill 10/s. */
  writeBucket?: { burst: number; refillPerSecond: number };
  /** Polls before an operation completes; default 1 (0 = complete at once, first poll sees the end). */
  lroSteps?: number;
  /** Retry-After (ms) sent on LRO polls; default none (the client's own interval applies). */
  lroPollRetryAfterMs?: number;
  /** How Resource Graph rows spell extension properties; default PascalCase with the installed version (see armBodies GraphShape). */
  resourceGraph?: { casing?: 'PascalCase' | 'camelCase'; installedVersion?: boolean };
}

/** A running simulator: an HTTPS ARM endpoint plus its control surface. */
export interface FleetSimulator {
  /** `https://127.0.0.1:<port>`: pass as the SDK clients' `endpoint`. */
  endpoint: string;
  /** PEM of the self-signed certificate: pass as `tlsOptions: { ca }`. */
  ca: string;
  /** A credential returning a fake bearer token (`sim-token`); the token names the principal for the quota. */
  credential: TokenCredential;
  /** The live fleet (mutated by writes; prefer the methods below to change it). */
  fleet: SimFleet;
  /** The live fleet as the domain's FleetSnapshot. */
  snapshot(): FleetSnapshot;
  /** Sets a cluster's running Kubernetes version (as an AKS or Arc upgrade would). Throws for an unknown cluster. */
  upgradeKubernetes(clusterId: string, version: string): void;
  /** Issue 24: publishes a new version of a type now (as a release reaching Azure; `regions` limits where it is offered so far). */
  publishVersion(extensionType: string, entry: SimTypeVersion): void;
  /** Patches an extension in place (no LRO); e.g. `{ provisioningState: 'Updating' }` makes writes answer 409. */
  setExtension(clusterId: string, name: string, patch: Partial<SimExtension>): void;
  faults: SimFaults;
  /** Azure Kubernetes Fleet Manager: fleets, update runs, gates and their events (simulator/fleetManager.ts). */
  fleetManager: SimFleetManager;
  /** How gate approvals are answered: 200 at once (default), or 202 + Location + Retry-After (`retryAfterSeconds`, default 0). */
  gateApprovals(options: { async: boolean; retryAfterSeconds?: number }): void;
  counters(): SimCounters;
  resetCounters(): void;
  close(): Promise<void>;
}
