/**
 * The domain's data: fleet snapshot, catalog, policy and decision. Plain data, no behaviour, no Azure.
 * Values here are already validated and defaulted (see src/domain/schemas for the parsers of external input).
 */
import type { DecisionCode } from './reasonCodes';

/** The three kinds of cluster an extension can live on, derived from the cluster's ARM id. */
export type ClusterType = 'managedCluster' | 'connectedCluster' | 'provisionedCluster';

/** ARM provisioning states of an extension. */
export type ProvisioningState = 'Succeeded' | 'Failed' | 'Canceled' | 'Creating' | 'Updating' | 'Deleting';

/** Every provisioning state, in the order ARM documents them. */
export const PROVISIONING_STATES: readonly ProvisioningState[] = ['Succeeded', 'Failed', 'Canceled', 'Creating', 'Updating', 'Deleting'];

/** The provisioning states of an extension with an operation in progress (neither decided on nor written while in one). */
export const BUSY_PROVISIONING_STATES: ReadonlySet<ProvisioningState> = new Set<ProvisioningState>(['Creating', 'Updating', 'Deleting']);

/** How the platform may move an extension by itself (extensions API 2025-03-01; default `compatible`). */
export type AutoUpgradeMode = 'none' | 'patch' | 'compatible';

/** Connectivity of an Arc connected cluster (`properties.connectivityStatus`, connectedClusters API): every value ARM documents. */
export type ConnectivityStatus = 'Connecting' | 'Connected' | 'Offline' | 'Expired' | 'AgentNotInstalled';

/** Every connectivity status, in the order the connectedClusters spec lists them; all but `Connected` wait as cluster-offline. */
export const CONNECTIVITY_STATUSES: readonly ConnectivityStatus[] = ['Connecting', 'Connected', 'Offline', 'Expired', 'AgentNotInstalled'];

/** Who may do what with a managed extension (`properties.managementDetails`, read-only in ARM). */
export interface ManagementDetails {
  category?: string;
  accessDetails?: { entity?: string; allowedActions?: string[]; description?: string }[];
}

/** One extension instance on a cluster, as discovered. */
export interface ExtensionSnapshot {
  name: string;
  extensionType: string;
  /** Installed version as given (a leading `v` allowed). */
  version: string;
  autoUpgradeMinorVersion: boolean;
  releaseTrain: string;
  provisioningState: ProvisioningState;
  isSystemExtension: boolean;
  /** ARM id of the resource that owns this extension (top-level `managedBy`); such an extension is never written. */
  managedBy?: string;
  /** Who may act on the extension, as ARM returns it. */
  managementDetails?: ManagementDetails;
  /** The platform's own upgrade mode; absent = not reported (pre-2025 API or a file that omits it). */
  autoUpgradeMode?: AutoUpgradeMode;
  /** What the extension reports about itself (ARM `statuses`, `extensionState`, `errorInfo`); set by live reads only. */
  health?: ExtensionHealth;
}

/** An extension's self-reported health, as ARM returns it on a GET (read by the health gate). */
export interface ExtensionHealth {
  /** `properties.statuses[]`: `{code, displayStatus, level (Error|Warning|Information), message, time}`. */
  statuses: { code?: string; level?: string; message?: string }[];
  /** `properties.extensionState` (2025-03-01), e.g. `Ready`; absent on older API versions. */
  extensionState?: string;
  /** `properties.errorInfo`. */
  errorInfo?: { code: string; message: string };
}

/** One cluster with its running Kubernetes version and its extensions. */
export interface ClusterSnapshot {
  /** ARM id of the managed, connected or provisioned cluster. */
  id: string;
  /** Running Kubernetes version, `X.Y` or `X.Y.Z`. */
  kubernetesVersion: string;
  /** Kubernetes version at which the extensions were last reconciled; absent = first sight. */
  reconciledKubernetesVersion?: string;
  /** Azure region (used to read the catalog); optional in files. */
  location?: string;
  /** An Arc cluster's `properties.distribution` ("AKS", "gke", "k3s", …); compared case-insensitively. */
  distribution?: string;
  /**
   * The ARM `kind` of a connected cluster: `ProvisionedCluster` (any case) is AKS on Azure Local, which must satisfy both
   * the connected-cluster and the `provisionedCluster` compatibility of a catalog version; absent = none reported.
   */
  kind?: string;
  /** An Arc cluster's connectivity; absent = unknown or not a connected cluster. */
  connectivityStatus?: ConnectivityStatus;
  /** A managed cluster's `properties.powerState.code` ("Running", "Stopped"); absent = unknown. */
  powerState?: string;
  tags: Record<string, string>;
  extensions: ExtensionSnapshot[];
}

/** The fleet as seen at one moment. */
export interface FleetSnapshot {
  clusters: ClusterSnapshot[];
}

/**
 * Compatibility of a catalog version: one semver range, or ranges per cluster type with an optional `*` fallback; a key
 * `connectedCluster/<distribution>` (distribution compared case-insensitively) wins over `connectedCluster`, which wins over `*`.
 */
export type KubernetesCompatibility = string | Partial<Record<ClusterType | '*' | `connectedCluster/${string}`, string>>;

/** One version an extension type offers. */
export interface CatalogVersion {
  version: string;
  releaseTrain: 'stable' | 'preview';
  /** ISO-8601 release time, optional. */
  releasedAt?: string;
  /** Absent = compatible with every Kubernetes version. */
  kubernetes?: KubernetesCompatibility;
  /** A security fix (from a catalog file): ignores minReleaseAgeDays, nothing else. */
  security?: boolean;
  /** Issue 24: the regions (names, e.g. `eastus`) whose live catalog lists the version; absent = offered wherever the type is. */
  regions?: string[];
}

/** The versions every extension type offers, keyed by lower-cased extension type. */
export interface Catalog {
  extensionTypes: Record<string, { versions: CatalogVersion[] }>;
}

/** A policy hold: matching extensions report their target but are not moved. */
export interface Hold {
  /** An extension type, or `*`. */
  extensionType: string;
  clusterTags: Record<string, string>;
  clusterIds: string[];
  reason?: string;
}

/** A team's constraint on the versions of a type (a semver range every target must satisfy). */
export interface Constraint {
  extensionType: string;
  range: string;
}

/** A weekly maintenance window in UTC: day 0 = Sunday; start "HH:MM"; duration in minutes. */
export interface MaintenanceWindow {
  days: number[];
  start: string;
  durationMinutes: number;
}

/** One ring of the rollout: the clusters whose ring tag has this value. */
export interface RingPolicy {
  name: string;
  maxParallel: number;
  bakeMinutes: number;
  /** Failures / clusters above this ratio halt the rollout. */
  maxFailureRatio: number;
  requireApproval: boolean;
  /** Overrides the rollout's maintenance windows for this ring when given. */
  maintenanceWindows?: MaintenanceWindow[];
  /** Succeeded / clusters below this ratio halt the rollout (skipped and offline clusters are no successes); absent = 0. */
  minSuccessRatio?: number;
}

/** The alert-driven health gate: which Azure Monitor alert severities and extension status levels fail a cluster. */
export interface HealthGatePolicy {
  /** e.g. `["Sev0", "Sev1"]`. */
  alertSeverities: string[];
  /** e.g. `["Error"]` (`statuses[].level`; an `errorInfo` or a `Failed` extensionState counts as `Error`). */
  extensionStatusLevels: string[];
}

/** A freeze calendar entry: no write starts between `from` and `to` on the clusters it applies to (all when unscoped). */
export interface Freeze {
  /** ISO-8601 date-time, inclusive. */
  from: string;
  /** ISO-8601 date-time, exclusive. */
  to: string;
  reason: string;
  clusterIds: string[];
  clusterTags: Record<string, string>;
}

/** How a rollout moves through the fleet. */
export interface RolloutPolicy {
  /** The cluster tag whose value names the ring. */
  ringTag: string;
  /** Rings in rollout order; clusters whose tag matches none go into a last ring named `defaultRing`. */
  rings: RingPolicy[];
  defaultRing: RingPolicy;
  approvalTimeoutMinutes: number;
  /** Empty = always open. */
  maintenanceWindows: MaintenanceWindow[];
  healthCheckTimeoutMinutes: number;
  healthCheckIntervalSeconds: number;
  /** Absent = no alert or status gate (only the read-back health check). */
  healthGate?: HealthGatePolicy;
  /** Re-pin the version before a hop whose health check failed, and hold that version fleet-wide. Absent = false. */
  rollbackOnFailure?: boolean;
  /** Freeze calendar; absent = none. */
  freezes?: Freeze[];
}

/** Issue 24: a type's support window: its newest `supportedMinors` major.minor lines are in support (Flux: 3, i.e. N-2). */
export interface SupportWindow {
  extensionType: string;
  supportedMinors: number;
}

/** The version policy plus the rollout policy, every field defaulted. */
export interface Policy {
  /** Absent = every type is managed. Lower-cased. */
  extensionTypes?: string[];
  allowMajor: boolean;
  stepMinors: boolean;
  minReleaseAgeDays: number;
  holds: Hold[];
  constraints: Constraint[];
  rollout: RolloutPolicy;
  /** Issue 24: support windows per extension type; absent = none (no decision carries `inSupport`). */
  supportWindows?: SupportWindow[];
}

/** What the policy decided for one extension. */
export type DecisionAction = 'upgrade' | 'hold' | 'wait' | 'skip' | 'blocked' | 'none' | 'error';

/** How far a move goes. */
export type MoveKind = 'major' | 'minor' | 'patch';

/** One decision per extension: data, never an effect. */
export interface Decision {
  clusterId: string;
  extensionName: string;
  extensionType: string;
  action: DecisionAction;
  /** Installed version as given. */
  from: string;
  to: string | null;
  moveKind: MoveKind | null;
  /** Hops in ascending order, ending at `to`; empty when there is no target. */
  path: string[];
  code: DecisionCode;
  /** A human sentence. */
  reason: string;
  /** Issue 24: only on decisions of a type with a support window: the installed version's line is among the supported lines. */
  inSupport?: boolean;
}
