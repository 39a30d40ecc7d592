import type { SimAlert } from './alerts';
import type { FleetSimulatorOptions, SimCluster, SimCounters, SimExtension, SimFleet, SimRequestKind } from './types';
import { TokenBuckets, WindowQuota } from './rateLimits';
import { SimFleetManager } from './fleetManager';
import type { FleetRouteOptions } from './fleetManagerRoutes';

/** A long-running extension operation the simulator tracks until a poll completes it. */
export interface SimOperation {
  id: string;
  clusterId: string;
  extensionName: string;
  method: 'PUT' | 'PATCH' | 'DELETE';
  /** Properties to apply on success. */
  target: Partial<SimExtension>;
  polls: number;
  status: 'Updating' | 'Succeeded' | 'Failed';
  outcome: 'succeed' | 'fail' | 'never';
  error?: { code: string; message: string };
}

/** Fault settings the `faults` control surface writes and the server reads. */
export interface SimFaultState {
  latencyMs: number;
  serverErrors: { remaining: number; kinds?: SimRequestKind[]; status: number }[];
  throttle: { remaining: number; retryAfterMs: number };
  failVersions: { extensionType: string; version: string; onKubernetes: string }[];
  neverFinish: { extensionType?: string; version?: string }[];
  failHealthOnWrite: { extensionType: string; version: string }[];
  alertOnWrite: { extensionType: string; version: string; severity: SimAlert['severity']; name: string; at: () => string }[];
  /** Extension types (lower-case) whose versions requests are refused, with the answer. */
  refusedTypes?: Record<string, { status: number; code: string; message: string }>;
  /** Fleet query answers cut after this many rows, `resultTruncated: "true"` and no `$skipToken`; undefined = off. */
  truncateAfterRows?: number;
}

/** The simulator's mutable state: the fleet with a case-insensitive index, operations, counters, faults, limits. */
export class SimState {
  readonly byId = new Map<string, SimCluster>();
  readonly operations = new Map<string, SimOperation>();
  readonly quota: WindowQuota;
  readonly buckets: TokenBuckets;
  readonly lroSteps: number;
  readonly lroPollRetryAfterMs: number | undefined;
  /** How Resource Graph rows spell extension properties. */
  readonly graphShape: NonNullable<FleetSimulatorOptions['resourceGraph']>;
  endpoint = '';
  counters: SimCounters = SimState.emptyCounters();
  faults: SimFaultState = SimState.noFaults();
  /** Fleet Manager resources and how gate approvals are answered. */
  readonly fleetManager = new SimFleetManager((id) => this.cluster(id));
  gateApprovals: Omit<FleetRouteOptions, 'principal'> = { gateApprovalsAsync: false, retryAfterSeconds: 0 };
  private nextOp = 1;

  constructor(readonly fleet: SimFleet, options: FleetSimulatorOptions) {
    this.reindex();
    this.quota = new WindowQuota(options.quota?.queries ?? 15, options.quota?.windowMs ?? 5000);
    this.buckets = new TokenBuckets(options.writeBucket?.burst ?? 200, options.writeBucket?.refillPerSecond ?? 10);
    this.lroSteps = options.lroSteps ?? 1;
    this.lroPollRetryAfterMs = options.lroPollRetryAfterMs;
    this.graphShape = options.resourceGraph ?? {};
  }

  /** Rebuilds the id index (call after adding or removing clusters in `fleet` directly). */
  reindex(): void {
    this.byId.clear();
    for (const c of this.fleet.clusters) this.byId.set(c.id.toLowerCase(), c);
  }

  cluster(id: string): SimCluster | undefined {
    return this.byId.get(id.toLowerCase());
  }

  extension(cluster: SimCluster, name: string): SimExtension | undefined {
    const lower = name.toLowerCase();
    return cluster.extensions.find((e) => e.name.toLowerCase() === lower);
  }

  newOperationId(): string {
    return `op-${(this.nextOp++).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
  }

  count(kind: SimRequestKind): void {
    this.counters.calls[kind] = (this.counters.calls[kind] ?? 0) + 1;
  }

  static emptyCounters(): SimCounters {
    return { calls: {}, throttled: 0, writesApplied: [], writeBodies: [] };
  }

  static noFaults(): SimFaultState {
    return { latencyMs: 0, serverErrors: [], throttle: { remaining: 0, retryAfterMs: 1000 }, failVersions: [], neverFinish: [], failHealthOnWrite: [], alertOnWrite: [] };
  }
}
