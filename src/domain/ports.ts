/**
 * The small interfaces (ports) the core depends on. Adapters in src/azure implement them against Azure;
 * tests of the core swap them for typed in-memory fakes.
 */
import type { Catalog, ClusterSnapshot, ExtensionSnapshot, FleetSnapshot, MoveKind } from './model';
import type { AlertSignal } from './healthGate';
import type { ReasonCode } from './reasonCodes';
import type { FailedVersionHold } from './versionHolds';

/** Which part of Azure the app looks at: subscriptions and/or management groups. */
export interface FleetScope {
  subscriptions: string[];
  managementGroups: string[];
}

/** Discovers every cluster and extension in a scope (Resource Graph). `reconciledKubernetesVersion` is left unset. */
export interface FleetInventory {
  discover(scope: FleetScope): Promise<FleetSnapshot>;
  /** The subscriptions (lower-case ids) under the management groups, to check the scope before a write. */
  subscriptionsIn(managementGroups: string[]): Promise<string[]>;
  /** Azure Monitor alerts on the given clusters (ARM ids, case-insensitive) that started at or after `since` (ISO-8601). */
  alertsSince(clusterIds: string[], since: string): Promise<AlertSignal[]>;
}

/** Versions held fleet-wide after they failed (Table storage); a person clears them through the API. */
export interface FailedVersionHoldStore {
  list(): Promise<FailedVersionHold[]>;
  /** Records a hold; idempotent per (extension type, version): the first failure is kept. */
  add(hold: FailedVersionHold): Promise<void>;
  /** Removes the hold of `version` of `extensionType`; false when there was none. */
  clear(extensionType: string, version: string): Promise<boolean>;
}

/** Reads one cluster live by its ARM id; null when it does not exist. */
export interface ClusterReader {
  readCluster(clusterId: string): Promise<ClusterSnapshot | null>;
}

/** Produces the catalog for the extension types, locations and cluster types of a snapshot. */
export interface CatalogSource {
  catalogFor(snapshot: FleetSnapshot): Promise<Catalog>;
}

/** One hop to apply: pin the extension to `version` (autoUpgradeMinorVersion false). */
export interface HopRequest {
  clusterId: string;
  extensionName: string;
  version: string;
}

/** The typed result of applying one hop. */
export type ApplyOutcome =
  | { kind: 'succeeded'; installedVersion: string }
  | { kind: 'failed'; errorCode: string; message: string }
  | { kind: 'conflict'; message: string }
  /** 429 beyond the writer's retries; `retryAfterMs` from the last answer's Retry-After when it carried one. Nothing was written. */
  | { kind: 'throttled'; message: string; retryAfterMs?: number }
  | { kind: 'timed-out'; message: string };

/** Writes extension versions (ARM PATCH + LRO) and reads one extension back. */
export interface ExtensionWriter {
  applyHop(hop: HopRequest): Promise<ApplyOutcome>;
  readExtension(clusterId: string, extensionName: string): Promise<ExtensionSnapshot | null>;
}

/** What started a rollout. */
export type Trigger = { kind: 'timer' } | { kind: 'event'; eventId: string; eventType: string } | { kind: 'manual'; by?: string };

/** The kinds of audit row. */
export type AuditKind = 'planned' | 'applied' | 'failed' | 'skipped' | 'halted' | 'approved' | 'event' | 'ring' | 'rollout' | 'rollback' | 'hold' | 'gate';

/** One row of the audit log: a decision or an action. */
export interface AuditRecord {
  rolloutId: string;
  clusterId: string;
  /** Empty for cluster-, ring- or rollout-level rows. */
  extensionName: string;
  extensionType: string;
  kind: AuditKind;
  from: string | null;
  to: string | null;
  moveKind: MoveKind | null;
  code: ReasonCode;
  reason: string;
  trigger: string;
  /** ARM error code and message when an action failed. */
  armError?: string;
  /** ISO-8601; supplied by the caller (orchestrations pass their replay-safe time). */
  at: string;
  /** Who approved (approval rows). */
  actor?: string;
  ring?: string;
}

/** A filter over the audit log. */
export interface AuditQuery {
  clusterId?: string;
  rolloutId?: string;
  /** Only rows of these kinds (e.g. `rollout`, `halted` to list recent rollouts). */
  kinds?: AuditKind[];
  limit?: number;
}

/** Append-only audit log (Table storage). `append` is idempotent for the same rows. */
export interface AuditLog {
  append(rows: AuditRecord[]): Promise<void>;
  query(filter: AuditQuery): Promise<AuditRecord[]>;
}

/** What the app remembers about one cluster between runs. */
export interface ClusterState {
  clusterId: string;
  lastSeenKubernetesVersion: string;
  reconciledKubernetesVersion?: string;
  lastRolloutId?: string;
  lastResult?: ReasonCode;
  /** The cluster rollout instance working on this cluster now (cleared when it ends). */
  inFlightRolloutId?: string;
  /** When that rollout started working on the cluster (ISO-8601). */
  inFlightSince?: string;
  updatedAt: string;
}

/** Per-cluster state (Table storage). */
export interface ClusterStateStore {
  get(clusterIds: string[]): Promise<Map<string, ClusterState>>;
  put(state: ClusterState): Promise<void>;
  /** Upserts many states at once (batched per partition); same effect as `put` for each. */
  putMany(states: ClusterState[]): Promise<void>;
}

/** A cluster of a stored rollout plan: what a fleet rollout needs to start its cluster rollout. */
export interface PlannedClusterRef {
  clusterId: string;
  kubernetesVersion: string;
}

/**
 * The planned clusters of one fleet rollout, ring by ring, kept outside the orchestration (Table storage) so that
 * orchestrations pass a plan id and read the clusters a slice at a time.
 */
export interface RolloutPlanStore {
  /** Stores the clusters of each ring (ring order = array order) under `planId`; rewriting the same plan is idempotent. */
  write(planId: string, rings: PlannedClusterRef[][]): Promise<void>;
  /** The clusters of ring `ringIndex` from position `offset`, at most `count` of them (fewer at the ring's end). */
  read(planId: string, ringIndex: number, offset: number, count: number): Promise<PlannedClusterRef[]>;
}

/** The notification event types the app publishes (CloudEvents `type`). */
export const NOTIFICATION_TYPES = [
  'K8sExtensionReconciler.ExtensionUpgradeSucceeded',
  'K8sExtensionReconciler.ExtensionUpgradeFailed',
  'K8sExtensionReconciler.RingCompleted',
  'K8sExtensionReconciler.RolloutHalted',
  'K8sExtensionReconciler.ApprovalRequired',
  'K8sExtensionReconciler.RolloutCompleted',
  'K8sExtensionReconciler.ExtensionRolledBack',
  'K8sExtensionReconciler.NodePoolRollingFailed',
  'K8sExtensionReconciler.FleetGateApproved',
  'K8sExtensionReconciler.FleetGateHeld',
] as const;

/** A notification's type. */
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** One outgoing notification; `subject` is the cluster id or the rollout id. */
export interface Notification {
  id: string;
  type: NotificationType;
  subject: string;
  time: string;
  data: Record<string, unknown> & { rolloutId: string; code: ReasonCode };
}

/** Result of publishing: delivered, skipped (no topic configured) or undelivered (topic down after retries). */
export type PublishResult = { delivered: number; undelivered: number; skipped: boolean; error?: string };

/** Publishes notifications (Event Grid CloudEvents). Never throws for a topic that is down: it reports undelivered. */
export interface Notifier {
  publish(events: Notification[]): Promise<PublishResult>;
}
