/**
 * Reads one cluster live from ARM: the cluster resource (running Kubernetes version, tags, location, an Arc cluster's
 * distribution and connectivity, an AKS cluster's power state) and its extensions, both from raw bodies
 * (@azure-rest/core-client) so that absent flags are not invented. AKS on Azure Local is a connected cluster of kind
 * ProvisionedCluster: when its agent reports no version, the version is read from provisionedClusterInstances/default.
 * Ids of the retired top-level provisionedClusters type still parse, but name nothing to read (null).
 */
import { createRestError, type Client } from '@azure-rest/core-client';
import { z } from 'zod';
import { issueText } from '../../domain/schemas/zodInput';
import type { ClusterSnapshot, ClusterType, ExtensionSnapshot } from '../../domain/model';
import type { ClusterReader } from '../../domain/ports';
import { armRestClient, type ArmConnection } from './armConnection';
import { parseClusterId } from '../../domain/armId';
import { extensionsPath } from './armIds';
import { EXTENSIONS_API_VERSION, extensionFromProperties } from './extensionBody';
import { clusterFacts } from '../shared/clusterFacts';

/** The api-version used to read each cluster type (none for the retired top-level provisionedClusters). */
export const CLUSTER_API_VERSIONS: Record<Exclude<ClusterType, 'provisionedCluster'>, string> = {
  managedCluster: '2024-09-01',
  connectedCluster: '2024-01-01',
};

/** Stable hybridaks api-version of `provisionedClusterInstances` (AKS on Azure Local). */
export const PROVISIONED_INSTANCE_API_VERSION = '2024-01-01';

/** Options of ArmClusterReader. */
export interface ArmClusterReaderOptions {
  /** Pipeline retries on 429 / 5xx. Default 3. */
  maxRetries?: number;
  /** First pipeline backoff for 5xx. Default 1000. */
  retryDelayMs?: number;
  /** Called for each extension body skipped as malformed. */
  onWarning?: (message: string) => void;
}

const clusterBody = z.object({
  id: z.string().optional(),
  kind: z.string().nullish(),
  location: z.string().nullish(),
  tags: z.record(z.string(), z.string()).nullish(),
  properties: z
    .object({
      currentKubernetesVersion: z.string().nullish(),
      kubernetesVersion: z.string().nullish(),
      distribution: z.string().nullish(),
      connectivityStatus: z.string().nullish(),
      powerState: z.object({ code: z.string().nullish() }).loose().nullish(),
    })
    .loose()
    .nullish(),
});

const instanceBody = z.object({ properties: z.object({ kubernetesVersion: z.string().nullish() }).loose().nullish() });

const extensionPage = z.object({
  value: z.array(z.object({ name: z.string(), managedBy: z.unknown().optional(), properties: z.unknown() }).loose()),
  nextLink: z.string().nullish(),
});

/**
 * A managed or connected cluster's GET body as the snapshot's cluster (no extensions yet): Kubernetes version =
 * `currentKubernetesVersion`, else `kubernetesVersion`, else "" (the plan reports it invalid); throws naming the cluster
 * and the field when the body is not the spec's shape. Pure.
 */
export function clusterFromBody(clusterId: string, raw: unknown): ClusterSnapshot {
  const parsed = clusterBody.safeParse(raw);
  if (!parsed.success) throw new Error(`cluster ${clusterId}: ARM body: ${issueText(parsed.error)}`);
  const body = parsed.data;
  const p = body.properties;
  const cluster: ClusterSnapshot = {
    id: body.id ?? clusterId,
    kubernetesVersion: p?.currentKubernetesVersion || p?.kubernetesVersion || '',
    ...clusterFacts({ distribution: p?.distribution, kind: body.kind, connectivityStatus: p?.connectivityStatus, powerState: p?.powerState?.code }),
    tags: { ...(body.tags ?? {}) },
    extensions: [],
  };
  if (body.location) cluster.location = body.location;
  return cluster;
}

/** ClusterReader over ARM. */
export class ArmClusterReader implements ClusterReader {
  private readonly client: Client;

  constructor(
    conn: ArmConnection,
    private readonly options: ArmClusterReaderOptions = {},
  ) {
    this.client = armRestClient(conn, { maxRetries: options.maxRetries ?? 3, retryDelayInMs: options.retryDelayMs ?? 1000 });
  }

  /** The cluster with its extensions; null on 404. Kubernetes version = currentKubernetesVersion, else kubernetesVersion. */
  async readCluster(clusterId: string): Promise<ClusterSnapshot | null> {
    const id = parseClusterId(clusterId);
    if (id.clusterType === 'provisionedCluster') return null;
    const res = await this.client.pathUnchecked(clusterId).get({ queryParameters: { 'api-version': CLUSTER_API_VERSIONS[id.clusterType] } });
    if (res.status === '404') return null;
    if (res.status !== '200') throw createRestError(res);
    const cluster = clusterFromBody(clusterId, res.body);
    if (!cluster.kubernetesVersion && cluster.kind?.toLowerCase() === 'provisionedcluster') cluster.kubernetesVersion = await this.provisionedVersion(clusterId);
    cluster.extensions = await this.listExtensions(clusterId);
    return cluster;
  }

  /** The Kubernetes version of an AKS on Azure Local cluster from its instance (`v1.29.4` → `1.29.4`); "" when none. */
  private async provisionedVersion(clusterId: string): Promise<string> {
    const res = await this.client
      .pathUnchecked(`${clusterId}/providers/Microsoft.HybridContainerService/provisionedClusterInstances/default`)
      .get({ queryParameters: { 'api-version': PROVISIONED_INSTANCE_API_VERSION } });
    if (res.status === '404') return '';
    if (res.status !== '200') throw createRestError(res);
    const parsed = instanceBody.safeParse(res.body);
    if (!parsed.success) throw new Error(`provisioned cluster instance of ${clusterId}: ARM body: ${issueText(parsed.error)}`);
    return (parsed.data.properties?.kubernetesVersion ?? '').replace(/^v/i, '');
  }

  /** The extensions of one cluster from the ARM list (2025-03-01, paged); [] on 404; malformed items skipped with a warning. */
  async listExtensions(clusterId: string): Promise<ExtensionSnapshot[]> {
    const out: ExtensionSnapshot[] = [];
    let url: string | undefined = extensionsPath(clusterId);
    let first = true;
    while (url) {
      const res = await this.client.pathUnchecked(url).get(first ? { queryParameters: { 'api-version': EXTENSIONS_API_VERSION } } : {});
      first = false;
      if (res.status === '404') return out;
      if (res.status !== '200') throw createRestError(res);
      const page = extensionPage.safeParse(res.body);
      if (!page.success) throw new Error(`extensions of ${clusterId}: ARM body: ${issueText(page.error)}`);
      for (const [i, item] of page.data.value.entries()) {
        const ext = extensionFromProperties(item.name, item.properties, ['value', i, 'properties'], item.managedBy);
        if (ext.ok) out.push(ext.value);
        else this.options.onWarning?.(`extension ${item.name} of ${clusterId} skipped: ${ext.problem}`);
      }
      url = page.data.nextLink ?? undefined;
    }
    return out;
  }
}
