/**
 * First sightings of extension type versions per region (table ReleaseSightings, issue 24): PartitionKey = the encoded,
 * lower-cased extension type, RowKey = the encoded version and region joined by `|`. A row is inserted once (a 409
 * means another pass saw it first and its time is kept). At most MAX_NEW_SIGHTINGS_PER_PASS rows are written per pass.
 */
import { odata, type TableClient } from '@azure/data-tables';
import type { ReleaseSightingStore } from '../../domain/ports';
import { sightingKey, type ReleaseSighting } from '../../domain/releaseAge';
import { tableReady, withTableRetry, type TableRetryOptions } from './tableRetry';
import { encodeKey, KEY_SEPARATOR } from './tableKeys';

/** The table's name. */
export const RELEASE_SIGHTINGS_TABLE = 'ReleaseSightings';

const CONCURRENCY = 8;

/** The table keys of one sighting. */
export function sightingKeys(s: Pick<ReleaseSighting, 'extensionType' | 'version' | 'region'>): { partitionKey: string; rowKey: string } {
  const [type, version, region] = sightingKey(s.extensionType, s.version, s.region).split('|') as [string, string, string];
  return { partitionKey: encodeKey(type), rowKey: `${encodeKey(version, 120)}${KEY_SEPARATOR}${encodeKey(region, 100)}` };
}

const statusOf = (error: unknown): unknown => (error as { statusCode?: unknown }).statusCode;

/** ReleaseSightingStore over a TableClient. */
export class TableReleaseSightings implements ReleaseSightingStore {
  private readonly ensureTable: () => Promise<void>;

  constructor(
    private readonly client: TableClient,
    private readonly options: TableRetryOptions = {},
  ) {
    this.ensureTable = tableReady(client, options);
  }

  /** Every recorded sighting of the types (one partition query per type). */
  async read(extensionTypes: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (extensionTypes.length === 0) return out;
    await this.ensureTable();
    for (const type of new Set(extensionTypes.map((t) => t.toLowerCase()))) {
      const partitionKey = encodeKey(type);
      await withTableRetry(async () => {
        for await (const e of this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } })) {
          const { extensionType, version, region, firstSeen } = e;
          if (typeof extensionType === 'string' && typeof version === 'string' && typeof region === 'string' && typeof firstSeen === 'string') out.set(sightingKey(extensionType, version, region), firstSeen);
        }
      }, this.options);
    }
    return out;
  }

  /** Inserts each sighting unless recorded (eight at a time). */
  async record(sightings: ReleaseSighting[]): Promise<void> {
    if (sightings.length === 0) return;
    await this.ensureTable();
    for (let i = 0; i < sightings.length; i += CONCURRENCY) {
      await Promise.all(
        sightings.slice(i, i + CONCURRENCY).map((s) =>
          withTableRetry(async () => {
            try {
              await this.client.createEntity({ ...sightingKeys(s), extensionType: s.extensionType.toLowerCase(), version: s.version, region: s.region, firstSeen: s.firstSeen });
            } catch (error) {
              if (statusOf(error) !== 409) throw error;
            }
          }, this.options),
        ),
      );
    }
  }
}
