/**
 * Parses Resource Graph fleet rows into the domain's fleet snapshot (extension properties through the ARM extension
 * body parser, whatever their key case). Pure.
 */
import { z } from 'zod';
import type { ClusterSnapshot, FleetSnapshot } from '../../domain/model';
import { issueText } from '../../domain/schemas/zodInput';
import { extensionFromProperties, reportsInstalledVersion } from '../arm/extensionBody';
import { clusterFacts } from '../shared/clusterFacts';

const tagsSchema = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((t) => Object.fromEntries(Object.entries(t ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])));

const rowSchema = z.object({
  clusterId: z.string().min(1),
  location: z.string().nullish(),
  tags: tagsSchema,
  kubernetesVersion: z.string().nullish(),
  kind: z.string().nullish(),
  distribution: z.string().nullish(),
  connectivityStatus: z.string().nullish(),
  powerState: z.string().nullish(),
  extensionId: z.string().nullish(),
  extensionName: z.string().nullish(),
  extensionManagedBy: z.string().nullish(),
  extensionProperties: z.unknown(),
});

/** Accumulates rows into clusters (merged by id, case-insensitively) and collects warnings for bad rows. */
export class FleetRowCollector {
  private readonly clusters = new Map<string, ClusterSnapshot>();
  private readonly extensionKeys = new Set<string>();
  /** One sentence per skipped row or extension. */
  readonly warnings: string[] = [];
  /** Rows seen (good or bad). */
  rows = 0;
  /** Ids of clusters with an extension row that carries no installed version: their extensions are read from ARM instead. */
  readonly withoutInstalledVersion = new Set<string>();

  /** Adds one Resource Graph row; `where` names it in warnings (e.g. `page 3 row 17`). */
  add(row: unknown, where: string): void {
    this.rows++;
    const r = rowSchema.safeParse(row);
    if (!r.success) {
      this.warnings.push(`Resource Graph ${where}: skipped: ${issueText(r.error)}`);
      return;
    }
    const { clusterId, location, tags, kubernetesVersion, extensionName, extensionId, extensionManagedBy, extensionProperties } = r.data;
    const key = clusterId.toLowerCase();
    let cluster = this.clusters.get(key);
    if (!cluster) {
      cluster = { id: clusterId, kubernetesVersion: kubernetesVersion ?? '', ...clusterFacts(r.data), tags, extensions: [] };
      if (location) cluster.location = location;
      this.clusters.set(key, cluster);
    }
    if (extensionProperties === null || extensionProperties === undefined) return;
    const name = extensionName ?? extensionId?.split('/').pop();
    if (!name) {
      this.warnings.push(`Resource Graph ${where}: extension skipped: $.extensionName: missing`);
      return;
    }
    const ext = extensionFromProperties(name, extensionProperties, ['extensionProperties'], extensionManagedBy);
    if (!ext.ok) {
      this.warnings.push(`Resource Graph ${where}: extension ${name} of ${clusterId} skipped: ${ext.problem}`);
      return;
    }
    if (!reportsInstalledVersion(extensionProperties)) this.withoutInstalledVersion.add(cluster.id);
    const extKey = `${key}|${name.toLowerCase()}`;
    if (this.extensionKeys.has(extKey)) return;
    this.extensionKeys.add(extKey);
    cluster.extensions.push(ext.value);
  }

  /** The fleet so far, clusters in first-seen order. */
  snapshot(): FleetSnapshot {
    return { clusters: [...this.clusters.values()] };
  }

  /** Replaces one cluster's extensions (read from ARM because its rows carried no installed version). */
  replaceExtensions(clusterId: string, extensions: ClusterSnapshot['extensions']): void {
    const cluster = this.clusters.get(clusterId.toLowerCase());
    if (cluster) cluster.extensions = extensions;
  }
}
