/**
 * Versions held fleet-wide after they failed (table FailedVersionHolds): PartitionKey = the encoded, lower-cased
 * extension type, RowKey = the encoded version. `add` keeps the first failure (insert, a 409 means already held).
 */
import type { TableClient } from '@azure/data-tables';
import type { FailedVersionHoldStore } from '../../domain/ports';
import type { FailedVersionHold } from '../../domain/versionHolds';
import { tableReady, withTableRetry, type TableRetryOptions } from './tableRetry';
import { encodeKey } from './tableKeys';

/** The table's name. */
export const FAILED_VERSION_HOLDS_TABLE = 'FailedVersionHolds';

const FIELDS = ['extensionType', 'version', 'clusterId', 'rolloutId', 'heldAt', 'reason'] as const;

/** The table keys of a hold. */
export function holdKeys(extensionType: string, version: string): { partitionKey: string; rowKey: string } {
  return { partitionKey: encodeKey(extensionType.toLowerCase()), rowKey: encodeKey(version.trim().replace(/^v/i, '').toLowerCase()) };
}

const statusOf = (error: unknown): unknown => (error as { statusCode?: unknown }).statusCode;

/** FailedVersionHoldStore over a TableClient. */
export class TableFailedVersionHolds implements FailedVersionHoldStore {
  private readonly ensureTable: () => Promise<void>;

  constructor(
    private readonly client: TableClient,
    private readonly options: TableRetryOptions = {},
  ) {
    this.ensureTable = tableReady(client, options);
  }

  /** Every hold (a small table: one row per failed version). */
  async list(): Promise<FailedVersionHold[]> {
    await this.ensureTable();
    return withTableRetry(async () => {
      const out: FailedVersionHold[] = [];
      for await (const e of this.client.listEntities<Record<string, unknown>>()) {
        if (FIELDS.every((f) => typeof e[f] === 'string')) out.push(Object.fromEntries(FIELDS.map((f) => [f, e[f]])) as unknown as FailedVersionHold);
      }
      return out;
    }, this.options);
  }

  /** Inserts the hold unless the version is already held (the first failure is kept). */
  async add(hold: FailedVersionHold): Promise<void> {
    await this.ensureTable();
    const entity = { ...holdKeys(hold.extensionType, hold.version), ...hold, extensionType: hold.extensionType.toLowerCase() };
    await withTableRetry(async () => {
      try {
        await this.client.createEntity(entity);
      } catch (error) {
        if (statusOf(error) !== 409) throw error;
      }
    }, this.options);
  }

  /** Deletes the hold; false when none existed. */
  async clear(extensionType: string, version: string): Promise<boolean> {
    await this.ensureTable();
    const { partitionKey, rowKey } = holdKeys(extensionType, version);
    return withTableRetry(async () => {
      try {
        await this.client.deleteEntity(partitionKey, rowKey);
        return true;
      } catch (error) {
        if (statusOf(error) === 404) return false;
        throw error;
      }
    }, this.options);
  }
}
