/**
 * The planned clusters of fleet rollouts in Table storage (table RolloutPlan): PartitionKey = the encoded plan id,
 * one row per chunk of CHUNK_SIZE clusters of a ring (RowKey `rrrr-cccccc`: ring, chunk), the clusters in a JSON
 * column. Writes go in entity-group transactions and are retried on transient errors; reads are point reads. A plan's
 * rows are deleted when its rollout ends, and any plan an ended rollout left behind when the next fleet rollout plans.
 */
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import type { PlannedClusterRef, RolloutPlanStore } from '../../domain/ports';
import { sizedBatches } from '../shared/sizedBatches';
import { tableReady, withTableRetry, type TableRetryOptions } from './tableRetry';
import { encodeKey } from './tableKeys';

/** The rollout plan table's name. */
export const ROLLOUT_PLAN_TABLE = 'RolloutPlan';

/** Clusters per row: 50 ARM ids of up to ~600 characters stay under a string property's 32 K UTF-16 units. */
export const PLAN_CHUNK_SIZE = 50;

const MAX_BATCH_ROWS = 100;
const MAX_BATCH_BYTES = 3 * 1024 * 1024; // the service limit is 4 MiB; leave room for the multipart envelope

type PlanEntity = { partitionKey: string; rowKey: string; ring: number; chunk: number; clusters: string };

/** The row key of chunk `chunk` of ring `ring` (sorts in rollout order). */
export function planRowKey(ring: number, chunk: number): string {
  return `${String(ring).padStart(4, '0')}-${String(chunk).padStart(6, '0')}`;
}

function decode(value: unknown): PlannedClusterRef[] {
  if (typeof value !== 'string') return [];
  const pairs = JSON.parse(value) as [string, string][];
  return pairs.map(([clusterId, kubernetesVersion]) => ({ clusterId, kubernetesVersion }));
}

/** RolloutPlanStore over a TableClient for the RolloutPlan table. */
export class TableRolloutPlanStore implements RolloutPlanStore {
  private readonly ensureTable: () => Promise<void>;

  constructor(
    private readonly client: TableClient,
    private readonly options: TableRetryOptions = {},
  ) {
    this.ensureTable = tableReady(client, options);
  }

  /** Upserts one row per chunk of each ring; the same plan written twice upserts the same rows. */
  async write(planId: string, rings: PlannedClusterRef[][]): Promise<void> {
    const partitionKey = encodeKey(planId);
    const entities: PlanEntity[] = [];
    rings.forEach((clusters, ring) => {
      for (let chunk = 0; chunk * PLAN_CHUNK_SIZE < clusters.length; chunk++) {
        const slice = clusters.slice(chunk * PLAN_CHUNK_SIZE, (chunk + 1) * PLAN_CHUNK_SIZE);
        entities.push({ partitionKey, rowKey: planRowKey(ring, chunk), ring, chunk, clusters: JSON.stringify(slice.map((c) => [c.clusterId, c.kubernetesVersion])) });
      }
    });
    if (entities.length === 0) return;
    await this.ensureTable();
    for (const batch of sizedBatches(entities, { maxBytes: MAX_BATCH_BYTES, maxCount: MAX_BATCH_ROWS, overheadBytes: 512 })) {
      const actions: TransactionAction[] = batch.map((entity) => ['upsert', entity, 'Replace']);
      await withTableRetry(() => this.client.submitTransaction(actions), this.options);
    }
  }

  /** Deletes every row of the plans named, in transactions of up to 100 rows; returns the rows deleted. */
  async delete(planIds: string[]): Promise<number> {
    if (planIds.length === 0) return 0;
    await this.ensureTable();
    let deleted = 0;
    for (const planId of new Set(planIds)) {
      const partitionKey = encodeKey(planId);
      const keys: string[] = [];
      const rows = this.client.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}`, select: ['RowKey'] } });
      for await (const row of rows) keys.push(row.rowKey as string);
      deleted += await this.deleteRows(partitionKey, keys);
    }
    return deleted;
  }

  /** Deletes the plans whose id does not start with `keepPrefix` (left by rollouts that ended without deleting theirs). */
  async deleteAllBut(keepPrefix: string): Promise<number> {
    await this.ensureTable();
    const keep = encodeKey(keepPrefix);
    const byPartition = new Map<string, string[]>();
    for await (const row of this.client.listEntities({ queryOptions: { select: ['PartitionKey', 'RowKey'] } })) {
      const partitionKey = row.partitionKey as string;
      if (partitionKey.startsWith(keep)) continue;
      byPartition.set(partitionKey, [...(byPartition.get(partitionKey) ?? []), row.rowKey as string]);
    }
    let deleted = 0;
    for (const [partitionKey, keys] of byPartition) deleted += await this.deleteRows(partitionKey, keys);
    return deleted;
  }

  private async deleteRows(partitionKey: string, rowKeys: string[]): Promise<number> {
    for (let i = 0; i < rowKeys.length; i += MAX_BATCH_ROWS) {
      const actions: TransactionAction[] = rowKeys.slice(i, i + MAX_BATCH_ROWS).map((rowKey) => ['delete', { partitionKey, rowKey }]);
      await withTableRetry(async () => {
        try {
          await this.client.submitTransaction(actions);
        } catch (error) {
          // a retried transaction whose first try went through finds the rows gone: deleted is deleted
          if ((error as { statusCode?: unknown }).statusCode !== 404) throw error;
        }
      }, this.options);
    }
    return rowKeys.length;
  }

  /** Reads the chunks covering [offset, offset + count) of the ring and returns that slice. */
  async read(planId: string, ringIndex: number, offset: number, count: number): Promise<PlannedClusterRef[]> {
    if (count <= 0) return [];
    await this.ensureTable();
    const partitionKey = encodeKey(planId);
    const first = Math.floor(offset / PLAN_CHUNK_SIZE);
    const last = Math.floor((offset + count - 1) / PLAN_CHUNK_SIZE);
    const chunks = await Promise.all(
      Array.from({ length: last - first + 1 }, (_, n) =>
        withTableRetry(async () => {
          try {
            const entity = await this.client.getEntity<Record<string, unknown>>(partitionKey, planRowKey(ringIndex, first + n));
            return decode(entity.clusters);
          } catch (error) {
            if ((error as { statusCode?: unknown }).statusCode === 404) return [];
            throw error;
          }
        }, this.options),
      ),
    );
    const from = offset - first * PLAN_CHUNK_SIZE;
    return chunks.flat().slice(from, from + count);
  }
}
