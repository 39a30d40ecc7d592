/**
 * Per-cluster state in Table storage (table ClusterState): PartitionKey = the cluster's subscription, RowKey = the
 * encoded, lower-cased cluster id; the original id is kept in a column. Writes upsert and are retried on transient errors.
 */
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { ClusterState, ClusterStateStore } from '../../domain/ports';
import type { ReasonCode } from '../../domain/reasonCodes';
import { tableReady, withTableRetry, type TableRetryOptions } from './tableRetry';
import { subscriptionOf } from '../../domain/armId';
import { armIdKey, encodeKey } from './tableKeys';
import { countingWriteFailures } from '../../telemetry/metrics';
import { inChildSpan } from '../../telemetry/rolloutTrace';

/** The cluster state table's name. */
export const CLUSTER_STATE_TABLE = 'ClusterState';

/** Above this many ids in one partition, read the whole partition instead of point reads. */
const POINT_READ_LIMIT = 16;
const CONCURRENCY = 8;

/** The table keys of a cluster's state row. */
export function clusterStateKeys(clusterId: string): { partitionKey: string; rowKey: string } {
  return { partitionKey: encodeKey(subscriptionOf(clusterId) ?? '_'), rowKey: armIdKey(clusterId) };
}

function str(entity: Record<string, unknown>, key: string): string | undefined {
  const value = entity[key];
  return typeof value === 'string' ? value : undefined;
}

function fromEntity(entity: Record<string, unknown>): ClusterState | undefined {
  const clusterId = str(entity, 'clusterId');
  const lastSeen = str(entity, 'lastSeenKubernetesVersion');
  const updatedAt = str(entity, 'updatedAt');
  if (clusterId === undefined || lastSeen === undefined || updatedAt === undefined) return undefined;
  const state: ClusterState = { clusterId, lastSeenKubernetesVersion: lastSeen, updatedAt };
  const reconciled = str(entity, 'reconciledKubernetesVersion');
  if (reconciled !== undefined) state.reconciledKubernetesVersion = reconciled;
  const rollout = str(entity, 'lastRolloutId');
  if (rollout !== undefined) state.lastRolloutId = rollout;
  const result = str(entity, 'lastResult');
  if (result !== undefined) state.lastResult = result as ReasonCode;
  const inFlight = str(entity, 'inFlightRolloutId');
  const since = str(entity, 'inFlightSince');
  if (inFlight !== undefined && since !== undefined) Object.assign(state, { inFlightRolloutId: inFlight, inFlightSince: since });
  return state;
}

/** ClusterStateStore over a TableClient for the ClusterState table. */
export class TableClusterStateStore implements ClusterStateStore {
  private readonly ensureTable: () => Promise<void>;

  constructor(
    private readonly client: TableClient,
    private readonly options: TableRetryOptions = {},
  ) {
    this.ensureTable = tableReady(client, options);
  }


  /** The known states of `clusterIds`, keyed by the ids as given; unknown clusters are absent. */
  async get(clusterIds: string[]): Promise<Map<string, ClusterState>> {
    const result = new Map<string, ClusterState>();
    if (clusterIds.length === 0) return result;
    await this.ensureTable();
    const byPartition = new Map<string, Map<string, string[]>>();
    for (const id of clusterIds) {
      const { partitionKey, rowKey } = clusterStateKeys(id);
      const rows = byPartition.get(partitionKey) ?? new Map<string, string[]>();
      rows.set(rowKey, [...(rows.get(rowKey) ?? []), id]);
      byPartition.set(partitionKey, rows);
    }
    const pointReads: Array<{ partitionKey: string; rowKey: string; ids: string[] }> = [];
    for (const [partitionKey, rows] of byPartition) {
      if (rows.size <= POINT_READ_LIMIT) {
        for (const [rowKey, ids] of rows) pointReads.push({ partitionKey, rowKey, ids });
        continue;
      }
      await withTableRetry(async () => {
        for await (const entity of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } })) {
          const state = fromEntity(entity);
          for (const id of rows.get(entity.rowKey ?? '') ?? []) if (state) result.set(id, { ...state });
        }
      }, this.options);
    }
    for (let i = 0; i < pointReads.length; i += CONCURRENCY) {
      await Promise.all(
        pointReads.slice(i, i + CONCURRENCY).map(async ({ partitionKey, rowKey, ids }) => {
          const entity = await withTableRetry(async () => {
            try {
              return await this.client.getEntity<Record<string, unknown>>(partitionKey, rowKey);
            } catch (error) {
              if ((error as { statusCode?: unknown }).statusCode === 404) return undefined;
              throw error;
            }
          }, this.options);
          const state = entity ? fromEntity(entity) : undefined;
          for (const id of ids) if (state) result.set(id, { ...state });
        }),
      );
    }
    return result;
  }

  /** Upserts (replaces) the state of one cluster. */
  async put(state: ClusterState): Promise<void> {
    await countingWriteFailures('cluster-state', 1, () => this.ensureTable());
    const entity = toStateEntity(state);
    await countingWriteFailures('cluster-state', 1, () => withTableRetry(() => this.client.upsertEntity(entity, 'Replace'), this.options));
  }

  /** Upserts many states in 100-entity transactions per partition (subscription); retried as a whole on transient errors. */
  async putMany(states: ClusterState[]): Promise<void> {
    if (states.length === 0) return;
    await countingWriteFailures('cluster-state', states.length, () => this.ensureTable());
    const byPartition = new Map<string, Map<string, ReturnType<typeof toStateEntity>>>();
    for (const state of states) {
      const entity = toStateEntity(state);
      const partition = byPartition.get(entity.partitionKey) ?? new Map<string, ReturnType<typeof toStateEntity>>();
      partition.set(entity.rowKey, entity);
      byPartition.set(entity.partitionKey, partition);
    }
    for (const partition of byPartition.values()) {
      const entities = [...partition.values()];
      for (let i = 0; i < entities.length; i += 100) {
        const actions: TransactionAction[] = entities.slice(i, i + 100).map((e) => ['upsert', e, 'Replace']);
        await inChildSpan('tables state batch', () => countingWriteFailures('cluster-state', actions.length, () => withTableRetry(() => this.client.submitTransaction(actions), this.options)), { 'reconciler.rows': actions.length });
      }
    }
  }
}

/** The ClusterState row of one cluster. */
function toStateEntity(state: ClusterState): { partitionKey: string; rowKey: string } & Record<string, string> {
    const entity: { partitionKey: string; rowKey: string } & Record<string, string> = {
      ...clusterStateKeys(state.clusterId),
      clusterId: state.clusterId,
      lastSeenKubernetesVersion: state.lastSeenKubernetesVersion,
      updatedAt: state.updatedAt,
    };
    if (state.reconciledKubernetesVersion !== undefined) entity.reconciledKubernetesVersion = state.reconciledKubernetesVersion;
    if (state.lastRolloutId !== undefined) entity.lastRolloutId = state.lastRolloutId;
    if (state.lastResult !== undefined) entity.lastResult = state.lastResult;
    if (state.inFlightRolloutId !== undefined && state.inFlightSince !== undefined) Object.assign(entity, { inFlightRolloutId: state.inFlightRolloutId, inFlightSince: state.inFlightSince });
    return entity;
}
