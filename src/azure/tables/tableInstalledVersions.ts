/**
 * The extension versions the app last saw and wrote per cluster (table InstalledVersions, issue 24): PartitionKey =
 * the cluster's subscription, RowKey = the encoded, lower-cased cluster id; the versions are one JSON column (name →
 * version) of at most MAX_VERSIONS_CHARS characters (a string property holds 32 K UTF-16 units).
 */
import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { InstalledRecord } from '../../domain/drift';
import type { InstalledVersionStore } from '../../domain/ports';
import { clusterStateKeys } from './tableClusterStateStore';
import { tableReady, withTableRetry, type TableRetryOptions } from './tableRetry';

/** The table's name. */
export const INSTALLED_VERSIONS_TABLE = 'InstalledVersions';

/** Longest `versions` column written; extensions past it (the last ones) are not watched for drift. */
export const MAX_VERSIONS_CHARS = 30_000;

const CONCURRENCY = 8;
const statusOf = (error: unknown): unknown => (error as { statusCode?: unknown }).statusCode;

/** The `versions` column: the record's JSON, dropping the last extensions until it fits. */
export function versionsColumn(versions: Record<string, string>): string {
  const entries = Object.entries(versions);
  let text = JSON.stringify(Object.fromEntries(entries));
  while (text.length > MAX_VERSIONS_CHARS && entries.length > 0) {
    entries.pop();
    text = JSON.stringify(Object.fromEntries(entries));
  }
  return text;
}

function fromEntity(e: Record<string, unknown>): InstalledRecord | undefined {
  const { clusterId, kubernetesVersion, versions, at } = e;
  if (typeof clusterId !== 'string' || typeof kubernetesVersion !== 'string' || typeof versions !== 'string' || typeof at !== 'string') return undefined;
  try {
    const parsed = JSON.parse(versions) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const clean = Object.fromEntries(Object.entries(parsed).filter((kv): kv is [string, string] => typeof kv[1] === 'string'));
    return { clusterId, kubernetesVersion, versions: clean, at };
  } catch {
    return undefined; // an unreadable row is a cluster never recorded: no drift reported, rewritten this pass
  }
}

function toEntity(r: InstalledRecord): { partitionKey: string; rowKey: string } & Record<string, string> {
  return { ...clusterStateKeys(r.clusterId), clusterId: r.clusterId, kubernetesVersion: r.kubernetesVersion, versions: versionsColumn(r.versions), at: r.at };
}

/** InstalledVersionStore over a TableClient. */
export class TableInstalledVersions implements InstalledVersionStore {
  private readonly ensureTable: () => Promise<void>;

  constructor(
    private readonly client: TableClient,
    private readonly options: TableRetryOptions = {},
  ) {
    this.ensureTable = tableReady(client, options);
  }

  /** Point reads, eight at a time. */
  async get(clusterIds: string[]): Promise<Map<string, InstalledRecord>> {
    const out = new Map<string, InstalledRecord>();
    if (clusterIds.length === 0) return out;
    await this.ensureTable();
    const ids = [...new Set(clusterIds.map((id) => id.toLowerCase()))];
    for (let i = 0; i < ids.length; i += CONCURRENCY) {
      await Promise.all(
        ids.slice(i, i + CONCURRENCY).map(async (id) => {
          const record = await this.read(id);
          if (record) out.set(id, record);
        }),
      );
    }
    return out;
  }

  /** Upserts (replaces) the records in 100-entity transactions per partition. */
  async putMany(records: InstalledRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.ensureTable();
    const byPartition = new Map<string, Map<string, ReturnType<typeof toEntity>>>();
    for (const r of records) {
      const e = toEntity(r);
      byPartition.set(e.partitionKey, (byPartition.get(e.partitionKey) ?? new Map<string, ReturnType<typeof toEntity>>()).set(e.rowKey, e));
    }
    for (const partition of byPartition.values()) {
      const entities = [...partition.values()];
      for (let i = 0; i < entities.length; i += 100) {
        const actions: TransactionAction[] = entities.slice(i, i + 100).map((e) => ['upsert', e, 'Replace']);
        await withTableRetry(() => this.client.submitTransaction(actions), this.options);
      }
    }
  }

  /** Reads the cluster's record, sets one extension's version and writes it back (a cluster's hops run one at a time). */
  async recordWrite(clusterId: string, extensionName: string, version: string, at: string): Promise<void> {
    await this.ensureTable();
    const record = await this.read(clusterId);
    if (!record) return; // never discovered: the first discovery records it
    await withTableRetry(() => this.client.upsertEntity(toEntity({ ...record, versions: { ...record.versions, [extensionName]: version }, at }), 'Replace'), this.options);
  }

  private async read(clusterId: string): Promise<InstalledRecord | undefined> {
    const { partitionKey, rowKey } = clusterStateKeys(clusterId);
    const entity = await withTableRetry(async () => {
      try {
        return await this.client.getEntity<Record<string, unknown>>(partitionKey, rowKey);
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    }, this.options);
    return entity ? fromEntity(entity) : undefined;
  }
}
