/**
 * The catalog from the extension type versions API (2024-11-01-preview, no npm client: @azure-rest/core-client).
 *
 * One paged GET per (extension type, location, cluster type, release train) the snapshot needs, cached per instance.
 * `stable` is always read; `preview` only for types with an extension on a preview train. Versions are the union over
 * locations. A version is compatible with a Kubernetes version on a cluster type when it was listed for that cluster
 * type and no location (and no distribution) lists the Kubernetes version as unsupported; a version whose unsupported
 * strings cannot be read is treated as compatible with nothing on that cluster type (and a warning is reported).
 * The overlay catalog wins per extension type: types it has are not read at all.
 */
import { createRestError, type Client } from '@azure-rest/core-client';
import { z } from 'zod';
import { errorMessage } from '../../domain/inputError';
import { issueText } from '../../domain/schemas/zodInput';
import type { Catalog, CatalogVersion, ClusterType, FleetSnapshot, KubernetesCompatibility } from '../../domain/model';
import type { CatalogSource } from '../../domain/ports';
import { armRestClient, type ArmConnection } from './armConnection';
import { parseClusterId } from '../../domain/armId';
import { unsupportedToRange } from './unsupportedVersions';

/** The API version of the extension type versions API. */
export const EXTENSION_TYPES_API_VERSION = '2024-11-01-preview';

/** Options of ExtensionTypeCatalog. */
export interface ExtensionTypeCatalogOptions {
  /** A team's vetted catalog: wins per extension type. */
  overlay?: Catalog;
  /** Pipeline retries on 429 / 5xx. Default 3. */
  maxRetries?: number;
  /** First pipeline backoff. Default 1000. */
  retryDelayMs?: number;
  /** Called for unreadable answers and unsupported-version strings. */
  onWarning?: (message: string) => void;
}

type Train = 'stable' | 'preview';

const versionsPage = z.object({
  value: z.array(
    z.object({
      name: z.string().optional(),
      properties: z.object({
        version: z.string().min(1),
        unsupportedKubernetesVersions: z.record(z.string(), z.array(z.object({ unsupportedVersions: z.array(z.string()).nullish() }).loose()).nullish()).nullish(),
      }).loose(),
    }).loose(),
  ),
  nextLink: z.string().nullish(),
});

/** One answer: version -> unsupported strings for the queried cluster type. */
type Answer = Map<string, string[]>;

/** CatalogSource over the extension type versions API, with an optional overlay. */
export class ExtensionTypeCatalog implements CatalogSource {
  private readonly client: Client;
  private readonly cache = new Map<string, Promise<Answer>>();
  /** HTTP GETs sent so far (pages included). */
  requests = 0;

  constructor(
    conn: ArmConnection,
    private readonly options: ExtensionTypeCatalogOptions = {},
  ) {
    this.client = armRestClient(conn, { maxRetries: options.maxRetries ?? 3, retryDelayInMs: options.retryDelayMs ?? 1000 });
  }

  /** The catalog for every extension type in the snapshot (keys lower-cased), overlay types taken from the overlay. */
  async catalogFor(snapshot: FleetSnapshot): Promise<Catalog> {
    const overlay = this.options.overlay?.extensionTypes ?? {};
    const overlayTypes = new Set(Object.keys(overlay).map((t) => t.toLowerCase()));
    // type -> { trains, (location|clusterType) -> subscription }
    const needs = new Map<string, { trains: Set<Train>; places: Map<string, { subscriptionId: string; location: string; clusterType: ClusterType }> }>();
    for (const cluster of snapshot.clusters) {
      if (!cluster.location || cluster.extensions.length === 0) continue;
      const id = parseClusterId(cluster.id);
      for (const ext of cluster.extensions) {
        const type = ext.extensionType.toLowerCase();
        if (overlayTypes.has(type)) continue;
        const need = needs.get(type) ?? { trains: new Set<Train>(['stable']), places: new Map() };
        needs.set(type, need);
        if (ext.releaseTrain.toLowerCase() === 'preview') need.trains.add('preview');
        const place = `${cluster.location.toLowerCase()}|${id.clusterType}`;
        if (!need.places.has(place)) need.places.set(place, { subscriptionId: id.subscriptionId, location: cluster.location.toLowerCase(), clusterType: id.clusterType });
      }
    }
    const extensionTypes: Catalog['extensionTypes'] = {};
    for (const [type, value] of Object.entries(overlay)) extensionTypes[type.toLowerCase()] = value;
    for (const [type, need] of needs) {
      const versions = new Map<string, { train: Train; unsupported: Map<ClusterType, string[]> }>();
      const clusterTypes = new Set<ClusterType>();
      for (const place of need.places.values()) {
        clusterTypes.add(place.clusterType);
        for (const train of need.trains) {
          const answer = await this.versions(type, place.subscriptionId, place.location, place.clusterType, train);
          for (const [version, unsupported] of answer) {
            const v = versions.get(version) ?? { train, unsupported: new Map<ClusterType, string[]>() };
            if (train === 'stable') v.train = 'stable';
            v.unsupported.set(place.clusterType, [...(v.unsupported.get(place.clusterType) ?? []), ...unsupported]);
            versions.set(version, v);
          }
        }
      }
      extensionTypes[type] = {
        versions: [...versions.entries()].map(([version, v]): CatalogVersion => {
          const out: CatalogVersion = { version, releaseTrain: v.train };
          const kubernetes = this.compatibility(type, version, clusterTypes, v.unsupported);
          if (kubernetes !== undefined) out.kubernetes = kubernetes;
          return out;
        }),
      };
    }
    return { extensionTypes };
  }

  private compatibility(type: string, version: string, clusterTypes: Set<ClusterType>, unsupported: Map<ClusterType, string[]>): KubernetesCompatibility | undefined {
    const perType: Partial<Record<ClusterType, string>> = {};
    for (const clusterType of clusterTypes) {
      const strings = unsupported.get(clusterType);
      if (strings === undefined) {
        perType[clusterType] = '<0.0.0';
        continue;
      }
      try {
        perType[clusterType] = unsupportedToRange(strings);
      } catch (error) {
        this.options.onWarning?.(`extension type ${type} version ${version} on ${clusterType}: ${errorMessage(error)}; treated as compatible with no Kubernetes version`);
        perType[clusterType] = '<0.0.0';
      }
    }
    const ranges = new Set(Object.values(perType));
    if (ranges.size === 1 && ranges.has('*')) return undefined;
    if (ranges.size === 1) return [...ranges][0];
    return perType;
  }

  /** The versions of one type in one location for one cluster type and train (cached). */
  private versions(type: string, subscriptionId: string, location: string, clusterType: ClusterType, train: Train): Promise<Answer> {
    const key = `${type}|${location}|${clusterType}|${train}`;
    let answer = this.cache.get(key);
    if (!answer) {
      answer = this.fetchVersions(type, subscriptionId, location, clusterType, train);
      answer.catch(() => this.cache.delete(key));
      this.cache.set(key, answer);
    }
    return answer;
  }

  private async fetchVersions(type: string, subscriptionId: string, location: string, clusterType: ClusterType, train: Train): Promise<Answer> {
    const out: Answer = new Map();
    let url: string | undefined = `/subscriptions/${subscriptionId}/providers/Microsoft.KubernetesConfiguration/locations/${location}/extensionTypes/${type}/versions`;
    let first = true;
    while (url) {
      this.requests++;
      const res = await this.client
        .pathUnchecked(url)
        .get(first ? { queryParameters: { 'api-version': EXTENSION_TYPES_API_VERSION, releaseTrain: train, clusterType } } : {});
      first = false;
      if (res.status === '404') {
        this.options.onWarning?.(`extension type ${type} is not offered in ${location} for ${clusterType} (${train}): 404`);
        return out;
      }
      if (res.status !== '200') throw createRestError(res);
      const page = versionsPage.safeParse(res.body);
      if (!page.success) {
        throw new Error(`extension type versions of ${type} in ${location}: ${issueText(page.error)}`);
      }
      for (const item of page.data.value) {
        const entries = item.properties.unsupportedKubernetesVersions?.[clusterType] ?? [];
        out.set(item.properties.version, entries.flatMap((e) => e.unsupportedVersions ?? []));
      }
      url = page.data.nextLink ?? undefined;
    }
    return out;
  }
}
