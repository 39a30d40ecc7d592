/**
 * Reads one cluster live from ARM: the cluster resource (running Kubernetes version, tags, location) and its
 * extensions, both from raw bodies (@azure-rest/core-client) so that absent flags are not invented.
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

/** The api-version used to read each cluster type. */
export const CLUSTER_API_VERSIONS: Record<ClusterType, string> = {
  managedCluster: '2024-09-01',
  connectedCluster: '2024-01-01',
  provisionedCluster: '2022-09-01-preview',
};

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
  location: z.string().nullish(),
  tags: z.record(z.string(), z.string()).nullish(),
  properties: z.object({ currentKubernetesVersion: z.string().nullish(), kubernetesVersion: z.string().nullish() }).loose().nullish(),
});

const extensionPage = z.object({
  value: z.array(z.object({ name: z.string(), managedBy: z.unknown().optional(), properties: z.unknown() }).loose()),
  nextLink: z.string().nullish(),
});

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
    const res = await this.client.pathUnchecked(clusterId).get({ queryParameters: { 'api-version': CLUSTER_API_VERSIONS[id.clusterType] } });
    if (res.status === '404') return null;
    if (res.status !== '200') throw createRestError(res);
    const parsed = clusterBody.safeParse(res.body);
    if (!parsed.success) {
      throw new Error(`cluster ${clusterId}: ARM body: ${issueText(parsed.error)}`);
    }
    const body = parsed.data;
    const cluster: ClusterSnapshot = {
      id: body.id ?? clusterId,
      kubernetesVersion: body.properties?.currentKubernetesVersion || body.properties?.kubernetesVersion || '',
      tags: { ...(body.tags ?? {}) },
      extensions: await this.listExtensions(clusterId),
    };
    if (body.location) cluster.location = body.location;
    return cluster;
  }

  private async listExtensions(clusterId: string): Promise<ExtensionSnapshot[]> {
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
