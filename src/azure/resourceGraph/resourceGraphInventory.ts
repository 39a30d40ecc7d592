/**
 * ADAPTER azure/resourceGraph — discovery: the whole fleet in scope (clusters and their extensions) in one paged
 * Resource Graph query, and the subscriptions under management groups (port FleetInventory). The query text lives in
 * fleetQuery.ts (the simulator answers exactly it), the row parser in fleetRows.ts.
 *
 * Fleet discovery through Azure Resource Graph: one query (FLEET_QUERY) per scope chunk, paged with `$skipToken`,
 * paced on the user quota headers and retried on 429 (Retry-After) and 5xx.
 */
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import type { AlertSignal } from '../../domain/healthGate';
import { errorMessage } from '../../domain/inputError';
import type { ExtensionSnapshot, FleetSnapshot } from '../../domain/model';
import type { FleetInventory, FleetScope } from '../../domain/ports';
import { armClientOptions, type ArmConnection } from '../arm/armConnection';
import { ArmClusterReader } from '../arm/armClusterReader';
import { alertFromRow, alertsQuery, CLUSTERS_PER_ALERT_QUERY } from './alertQuery';
import { FLEET_QUERY, SUBSCRIPTIONS_QUERY } from './fleetQuery';
import { FleetRowCollector } from './fleetRows';
import { parseDuration, sleep as realSleep, withRetries } from '../shared/retry';

/** ARM extension lists read at once for clusters whose rows carry no installed version. */
const ARM_READS_IN_PARALLEL = 8;

/** Subscriptions per query (Resource Graph's advice). */
export const SUBSCRIPTIONS_PER_QUERY = 300;

/** Options of ResourceGraphInventory. */
export interface ResourceGraphInventoryOptions {
  /** Rows per page, 1..1000. Default 1000. */
  pageSize?: number;
  /** Called after each page. */
  onProgress?: (progress: { pages: number; rows: number }) => void;
  /** Called for each row skipped as malformed. */
  onWarning?: (message: string) => void;
  /** Retries of one query on 429 / 5xx. Default 5. */
  maxRetries?: number;
  /** First backoff for 5xx (doubles); 429 waits Retry-After. Default 1000. */
  retryDelayMs?: number;
  /** Injected for tests; default real timers. */
  sleep?: (ms: number) => Promise<void>;
  /** Reads a cluster's extensions from ARM when its Resource Graph rows carry no installed version; default ArmClusterReader. */
  extensionLister?: { listExtensions(clusterId: string): Promise<ExtensionSnapshot[]> };
}

/** What the last discovery did. */
export interface DiscoveryStats {
  /** Query requests sent, retries included. */
  queries: number;
  pages: number;
  rows: number;
  /** Retries after 429 / 5xx. */
  retries: number;
  /** Waits because the user quota was spent. */
  quotaWaits: number;
  /** Clusters whose extensions were read from ARM (their rows carried no installed version). */
  armExtensionReads?: number;
  /** One sentence per skipped row or extension. */
  warnings: string[];
}

/**
 * The warning for a page Resource Graph marks `resultTruncated: "true"` without a `$skipToken` to read the rest: rows are
 * missing from this pass. Not an error: a missing cluster is only left alone (nothing is written from absence) and the
 * next pass reads again; the message says how to make the answer fit.
 */
function truncatedWarning(page: number): string {
  return `Resource Graph page ${page}: resultTruncated is "true" and no $skipToken was returned, so some clusters or extensions are missing from this pass (they are left alone); narrow the scope (fewer subscriptions per deployment) or report the query if it persists`;
}

/** FleetInventory over Resource Graph. `reconciledKubernetesVersion` is left unset. */
export class ResourceGraphInventory implements FleetInventory {
  private readonly client: ResourceGraphClient;
  private readonly pageSize: number;
  private readonly wait: (ms: number) => Promise<void>;
  /** Epoch ms before which the quota is spent (from the last response). */
  private quotaResetAt = 0;
  private readonly lister: { listExtensions(clusterId: string): Promise<ExtensionSnapshot[]> };
  /** Statistics of the last `discover` call. */
  lastStats: DiscoveryStats = { queries: 0, pages: 0, rows: 0, retries: 0, quotaWaits: 0, warnings: [] };

  constructor(
    conn: ArmConnection,
    private readonly options: ResourceGraphInventoryOptions = {},
  ) {
    const size = options.pageSize ?? 1000;
    if (!Number.isInteger(size) || size < 1 || size > 1000) throw new RangeError(`pageSize must be an integer in 1..1000, got ${size}`);
    this.pageSize = size;
    this.wait = options.sleep ?? realSleep;
    // Retries are ours (counted, quota-aware): the pipeline's own retry policy is switched off.
    this.client = new ResourceGraphClient(conn.credential, armClientOptions(conn, { maxRetries: 0 }));
    this.lister = options.extensionLister ?? new ArmClusterReader(conn, { ...(options.onWarning ? { onWarning: options.onWarning } : {}), ...(options.retryDelayMs === undefined ? {} : { retryDelayMs: options.retryDelayMs }) });
  }

  /** Every cluster and extension in the scope's subscriptions (chunks of 300) and management groups; empty scope = empty fleet. */
  async discover(scope: FleetScope): Promise<FleetSnapshot> {
    const stats: DiscoveryStats = { queries: 0, pages: 0, rows: 0, retries: 0, quotaWaits: 0, warnings: [] };
    this.lastStats = stats;
    const collector = new FleetRowCollector();
    const scopes: { subscriptions?: string[]; managementGroups?: string[] }[] = [];
    for (let i = 0; i < scope.subscriptions.length; i += SUBSCRIPTIONS_PER_QUERY) scopes.push({ subscriptions: scope.subscriptions.slice(i, i + SUBSCRIPTIONS_PER_QUERY) });
    if (scope.managementGroups.length > 0) scopes.push({ managementGroups: [...scope.managementGroups] });
    for (const target of scopes) {
      let skipToken: string | undefined;
      const seen = new Set<string>();
      do {
        const page = await this.queryPage(target, skipToken, stats);
        stats.pages++;
        const data: unknown = page.data;
        const rows = Array.isArray(data) ? (data as unknown[]) : [];
        if (!Array.isArray(data)) stats.warnings.push(`Resource Graph page ${stats.pages}: data is not an array (resultFormat objectArray expected)`);
        rows.forEach((row, i) => collector.add(row, `page ${stats.pages} row ${i}`));
        stats.rows = collector.rows;
        this.options.onProgress?.({ pages: stats.pages, rows: stats.rows });
        skipToken = page.skipToken || undefined;
        if (String(page.resultTruncated).toLowerCase() === 'true' && skipToken === undefined) collector.warnings.push(truncatedWarning(stats.pages));
        // a token seen before would page forever: stop with an error rather than loop
        if (skipToken !== undefined && seen.has(skipToken)) throw new Error(`Resource Graph returned the same $skipToken twice (page ${stats.pages}); discovery stopped`);
        if (skipToken !== undefined) seen.add(skipToken);
      } while (skipToken);
    }
    await this.readExtensionsFromArm(collector, stats);
    for (const w of collector.warnings) {
      stats.warnings.push(w);
      this.options.onWarning?.(w);
    }
    return collector.snapshot();
  }

  /**
   * Clusters whose rows carry no installed version: their extensions come from the ARM list (2025-03-01) rather than a
   * guess from the pin. A cluster ARM cannot answer for keeps no extensions this pass (nothing is decided from a guess).
   */
  private async readExtensionsFromArm(collector: FleetRowCollector, stats: DiscoveryStats): Promise<void> {
    const queue = [...collector.withoutInstalledVersion];
    stats.armExtensionReads = queue.length;
    const worker = async (): Promise<void> => {
      for (let clusterId = queue.shift(); clusterId !== undefined; clusterId = queue.shift()) {
        try {
          collector.replaceExtensions(clusterId, await this.lister.listExtensions(clusterId));
        } catch (error) {
          collector.replaceExtensions(clusterId, []);
          collector.warnings.push(`cluster ${clusterId}: Resource Graph gave no installed version and its extensions could not be read from ARM (${errorMessage(error).split('\n')[0]}); left out of this pass`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(ARM_READS_IN_PARALLEL, queue.length) }, worker));
  }

  /** The subscriptions under the management groups (lower-case), read with SUBSCRIPTIONS_QUERY; paged like discovery. */
  async subscriptionsIn(managementGroups: string[]): Promise<string[]> {
    if (managementGroups.length === 0) return [];
    const stats: DiscoveryStats = { queries: 0, pages: 0, rows: 0, retries: 0, quotaWaits: 0, warnings: [] };
    const found = new Set<string>();
    const seen = new Set<string>();
    let skipToken: string | undefined;
    do {
      const page = await this.queryPage({ managementGroups: [...managementGroups] }, skipToken, stats, SUBSCRIPTIONS_QUERY);
      for (const row of Array.isArray(page.data) ? (page.data as unknown[]) : []) {
        const id = (row as { subscriptionId?: unknown } | null)?.subscriptionId;
        if (typeof id === 'string' && id.length > 0) found.add(id.toLowerCase());
      }
      skipToken = page.skipToken || undefined;
      if (skipToken !== undefined && seen.has(skipToken)) throw new Error('Resource Graph returned the same $skipToken twice; subscription lookup stopped');
      if (skipToken !== undefined) seen.add(skipToken);
    } while (skipToken);
    return [...found].sort();
  }

  /** Azure Monitor alerts on `clusterIds` started at or after `since`: chunks of 200 clusters, paged and paced like discovery. */
  async alertsSince(clusterIds: string[], since: string): Promise<AlertSignal[]> {
    const stats: DiscoveryStats = { queries: 0, pages: 0, rows: 0, retries: 0, quotaWaits: 0, warnings: [] };
    const ids = [...new Set(clusterIds.map((id) => id.toLowerCase()))];
    const alerts: AlertSignal[] = [];
    for (let i = 0; i < ids.length; i += CLUSTERS_PER_ALERT_QUERY) {
      const chunk = ids.slice(i, i + CLUSTERS_PER_ALERT_QUERY);
      const subscriptions = [...new Set(chunk.map((id) => id.split('/')[2] ?? '').filter((s) => s.length > 0))];
      const query = alertsQuery(chunk, since);
      const seen = new Set<string>();
      let skipToken: string | undefined;
      do {
        const page = await this.queryPage({ subscriptions }, skipToken, stats, query);
        for (const [n, row] of (Array.isArray(page.data) ? (page.data as unknown[]) : []).entries()) {
          const parsed = alertFromRow(row);
          if (parsed.ok) alerts.push(parsed.value);
          else this.options.onWarning?.(`Resource Graph alert row ${n}: ${parsed.problem}; skipped`);
        }
        skipToken = page.skipToken || undefined;
        if (skipToken !== undefined && seen.has(skipToken)) throw new Error('Resource Graph returned the same $skipToken twice; alert lookup stopped');
        if (skipToken !== undefined) seen.add(skipToken);
      } while (skipToken);
    }
    return alerts;
  }

  private async queryPage(target: { subscriptions?: string[]; managementGroups?: string[] }, skipToken: string | undefined, stats: DiscoveryStats, query = FLEET_QUERY) {
    return withRetries(
      async () => {
        const waitMs = this.quotaResetAt - Date.now();
        if (waitMs > 0) {
          stats.quotaWaits++;
          await this.wait(waitMs);
        }
        stats.queries++;
        return this.client.resources(
          { ...target, query, options: { top: this.pageSize, skipToken, resultFormat: 'objectArray' } },
          {
            onResponse: (raw) => {
              const remaining = Number(raw.headers.get('x-ms-user-quota-remaining'));
              const resetMs = parseDuration(raw.headers.get('x-ms-user-quota-resets-after'));
              if (raw.headers.get('x-ms-user-quota-remaining') !== undefined && remaining <= 0 && resetMs !== undefined) this.quotaResetAt = Date.now() + resetMs;
            },
          },
        );
      },
      {
        maxRetries: this.options.maxRetries ?? 5,
        baseDelayMs: this.options.retryDelayMs ?? 1000,
        sleep: this.wait,
        onRetry: () => {
          stats.retries++;
        },
      },
    );
  }
}
