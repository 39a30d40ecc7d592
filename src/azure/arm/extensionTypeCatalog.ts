/**
 * The catalog from the extension type versions API (stable 2026-05-01, no npm client: @azure-rest/core-client).
 *
 * One paged GET per (extension type, location, cluster type, release train) the snapshot needs, cached per instance for ten minutes (issue 24: new versions must be seen);
 * the location is the region's name (`"East US"` → `eastus`). `stable` is always read; `preview` only for types with an
 * extension on a preview train. Versions are the union over locations. A version is compatible with a Kubernetes
 * version on a cluster type when it was listed for that cluster type and no location lists the Kubernetes version as
 * unsupported for it. Restrictions are per distribution: on connected clusters each distribution in the fleet gets its
 * own key `connectedCluster/<distribution>` (lower-cased) holding only the restrictions that name it (or name none),
 * left out when it equals the plain `connectedCluster` key, which keeps every restriction (clusters of unknown
 * distribution). A version whose
 * unsupported strings cannot be read is treated as compatible with nothing there (and a warning is reported).
 * When the fleet has AKS on Azure Local (a connected cluster of kind ProvisionedCluster), the `provisionedCluster`
 * restrictions of the connected-cluster answers are kept under the `provisionedCluster` key (none listed = none), so
 * the plan checks such a cluster against both.
 * The overlay catalog wins per extension type: types it has are not read at all.
 * Issue 24: each version lists the regions whose answer listed it (`regions`), so each cluster is planned against its
 * own region's versions and the first sighting of a version in a region can be recorded.
 *
 * Failures are per type: a type whose versions cannot be read (403, a feature not registered, 5xx or 429 after the
 * pipeline's retries, an unreadable body) is left out of the catalog with a warning naming it and the fix (its
 * extensions then plan as not-in-catalog); the rest of the fleet is planned. Only a login failure (401) or an
 * unreachable endpoint (no HTTP answer) stops the whole catalog.
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
import { regionName } from '../shared/clusterFacts';

/** The fix a warning names when a type's versions cannot be read (Microsoft's Dapr and extension-types docs ask for it first). */
export const EXTENSION_TYPES_FEATURE_FIX = 'az feature registration create --namespace Microsoft.KubernetesConfiguration --name ExtensionTypes';

/** A versions page that is not the shape the spec gives: that type cannot be read (per type, like an HTTP refusal). */
class UnreadableVersionsError extends Error {
  override readonly name = 'UnreadableVersionsError';
}

/** True when `error` is one type's problem (an HTTP refusal other than 401, or an unreadable body), not the whole catalog's. */
function typeFailure(error: unknown): boolean {
  if (error instanceof UnreadableVersionsError) return true;
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status !== 401;
}

/** The API version of the extension type versions API (the default tag of the extensionTypes spec). */
export const EXTENSION_TYPES_API_VERSION = '2026-05-01';

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
  /** Issue 24: how long an answer is reused (new versions must be seen, and their first sighting recorded). Default 10 min. */
  cacheTtlMs?: number;
  /** The clock of the cache (ms since the epoch); default Date.now. */
  now?: () => number;
}

type Train = 'stable' | 'preview';

const versionsPage = z.object({
  value: z.array(
    z.object({
      name: z.string().optional(),
      properties: z.object({
        version: z.string().min(1),
        unsupportedKubernetesVersions: z
          .record(z.string(), z.array(z.object({ distributions: z.array(z.string()).nullish(), unsupportedVersions: z.array(z.string()).nullish() }).loose()).nullish())
          .nullish(),
      }).loose(),
    }).loose(),
  ),
  nextLink: z.string().nullish(),
});

/** One restriction of a version on the queried cluster type: the distributions it names (lower-cased; none = all) and the unsupported strings. */
export interface Restriction {
  distributions: string[];
  unsupported: string[];
}

/** One answer: version -> its restrictions on the queried cluster type, and those listed for `provisionedCluster`. */
export type Answer = Map<string, { own: Restriction[]; provisioned: Restriction[] }>;

/** The catalog key of a compatibility range: the cluster type, or `connectedCluster/<distribution>`. */
type CompatKey = ClusterType | `connectedCluster/${string}`;

const restrictionsOf = (entries: { distributions?: string[] | null; unsupportedVersions?: string[] | null }[] | null | undefined): Restriction[] =>
  (entries ?? []).map((e) => ({ distributions: (e.distributions ?? []).map((d) => d.toLowerCase()), unsupported: e.unsupportedVersions ?? [] }));

/**
 * One page of the versions API, read for `clusterType`: each version with its restrictions on that cluster type and on
 * `provisionedCluster` (null or absent lists = none), and the next page's link. Throws (naming `what` and the field) when
 * the page is not the spec's shape: that type cannot be read. Pure.
 */
export function readVersionsPage(raw: unknown, clusterType: ClusterType, what: string): { versions: Answer; nextLink: string | undefined } {
  const page = versionsPage.safeParse(raw);
  if (!page.success) throw new UnreadableVersionsError(`${what}: ${issueText(page.error)}`);
  const versions: Answer = new Map();
  for (const item of page.data.value) {
    const limits = item.properties.unsupportedKubernetesVersions;
    versions.set(item.properties.version, { own: restrictionsOf(limits?.[clusterType]), provisioned: restrictionsOf(limits?.provisionedCluster) });
  }
  return { versions, nextLink: page.data.nextLink ?? undefined };
}

/** CatalogSource over the extension type versions API, with an optional overlay. */
export class ExtensionTypeCatalog implements CatalogSource {
  private readonly client: Client;
  private readonly cache = new Map<string, { answer: Promise<Answer>; at: number }>();
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
    const needs = new Map<string, { trains: Set<Train>; distributions: Set<string>; provisionedKind: boolean; places: Map<string, { subscriptionId: string; location: string; clusterType: ClusterType }> }>();
    for (const cluster of snapshot.clusters) {
      if (!cluster.location || cluster.extensions.length === 0) continue;
      const id = parseClusterId(cluster.id);
      const location = regionName(cluster.location);
      for (const ext of cluster.extensions) {
        const type = ext.extensionType.toLowerCase();
        if (overlayTypes.has(type)) continue;
        const need = needs.get(type) ?? { trains: new Set<Train>(['stable']), distributions: new Set<string>(), provisionedKind: false, places: new Map() };
        needs.set(type, need);
        if (ext.releaseTrain.toLowerCase() === 'preview') need.trains.add('preview');
        if (id.clusterType === 'connectedCluster' && cluster.distribution) need.distributions.add(cluster.distribution.toLowerCase());
        if (id.clusterType === 'connectedCluster' && cluster.kind?.toLowerCase() === 'provisionedcluster') need.provisionedKind = true;
        const place = `${location}|${id.clusterType}`;
        if (!need.places.has(place)) need.places.set(place, { subscriptionId: id.subscriptionId, location, clusterType: id.clusterType });
      }
    }
    const extensionTypes: Catalog['extensionTypes'] = {};
    for (const [type, value] of Object.entries(overlay)) extensionTypes[type.toLowerCase()] = value;
    for (const [type, need] of needs) {
      const versions = new Map<string, { train: Train; restrictions: Map<ClusterType, Restriction[]>; regions: Set<string> }>();
      const clusterTypes = new Set<ClusterType>();
      try {
        await this.readType(type, need, versions, clusterTypes);
      } catch (error) {
        if (!typeFailure(error)) throw error;
        const status = (error as { statusCode?: number }).statusCode;
        this.options.onWarning?.(
          `extension type ${type}: its versions cannot be read (${status === undefined ? '' : `${status} `}${errorMessage(error).split('\n')[0]}); left out of this plan (its extensions show not-in-catalog), the rest of the fleet is planned. If the subscription has not registered the extension types feature, run: ${EXTENSION_TYPES_FEATURE_FIX}`,
        );
        continue;
      }
      extensionTypes[type] = {
        versions: [...versions.entries()].map(([version, v]): CatalogVersion => {
          const out: CatalogVersion = { version, releaseTrain: v.train, regions: [...v.regions].sort() };
          const kubernetes = this.compatibility(type, version, clusterTypes, need.distributions, v.restrictions);
          if (kubernetes !== undefined) out.kubernetes = kubernetes;
          return out;
        }),
      };
    }
    return { extensionTypes };
  }

  /** Reads every (location, cluster type, train) answer one type needs into `versions` and `clusterTypes`. */
  private async readType(
    type: string,
    need: { trains: Set<Train>; provisionedKind: boolean; places: Map<string, { subscriptionId: string; location: string; clusterType: ClusterType }> },
    versions: Map<string, { train: Train; restrictions: Map<ClusterType, Restriction[]>; regions: Set<string> }>,
    clusterTypes: Set<ClusterType>,
  ): Promise<void> {
    for (const place of need.places.values()) {
      clusterTypes.add(place.clusterType);
      if (need.provisionedKind && place.clusterType === 'connectedCluster') clusterTypes.add('provisionedCluster');
      for (const train of need.trains) {
        const answer = await this.versions(type, place.subscriptionId, place.location, place.clusterType, train);
        for (const [version, { own, provisioned }] of answer) {
          const v = versions.get(version) ?? { train, restrictions: new Map<ClusterType, Restriction[]>(), regions: new Set<string>() };
          if (train === 'stable') v.train = 'stable';
          v.regions.add(place.location);
          v.restrictions.set(place.clusterType, [...(v.restrictions.get(place.clusterType) ?? []), ...own]);
          // AKS on Azure Local is a connected cluster: its provisionedCluster limit comes with the connected-cluster answer
          if (need.provisionedKind && place.clusterType === 'connectedCluster') v.restrictions.set('provisionedCluster', [...(v.restrictions.get('provisionedCluster') ?? []), ...provisioned]);
          versions.set(version, v);
        }
      }
    }
  }

  /** The supported range per catalog key; one string when every key agrees; undefined when every key allows all. */
  private compatibility(type: string, version: string, clusterTypes: Set<ClusterType>, distributions: Set<string>, restrictions: Map<ClusterType, Restriction[]>): KubernetesCompatibility | undefined {
    const perKey: Partial<Record<CompatKey, string>> = {};
    const range = (key: CompatKey, found: Restriction[] | undefined, distribution?: string): void => {
      if (found === undefined) {
        perKey[key] = '<0.0.0'; // not listed for this cluster type
        return;
      }
      const applies = distribution === undefined ? found : found.filter((r) => r.distributions.length === 0 || r.distributions.includes(distribution));
      try {
        perKey[key] = unsupportedToRange(applies.flatMap((r) => r.unsupported));
      } catch (error) {
        this.options.onWarning?.(`extension type ${type} version ${version} on ${key}: ${errorMessage(error)}; treated as compatible with no Kubernetes version`);
        perKey[key] = '<0.0.0';
      }
    };
    for (const clusterType of clusterTypes) {
      const found = restrictions.get(clusterType);
      range(clusterType, found);
      if (clusterType === 'connectedCluster') for (const d of distributions) range(`connectedCluster/${d}`, found, d);
    }
    // a distribution's key that says what plain connectedCluster says adds nothing: left out
    for (const d of distributions) if (perKey[`connectedCluster/${d}`] === perKey.connectedCluster) delete perKey[`connectedCluster/${d}`];
    const ranges = new Set(Object.values(perKey));
    if (ranges.size === 1 && ranges.has('*')) return undefined;
    if (ranges.size === 1) return [...ranges][0];
    // `connectedCluster/<distribution>` keys are contract v2's catalog format (the domain resolves them; model type to follow)
    return perKey;
  }

  /** The versions of one type in one location for one cluster type and train (cached for cacheTtlMs). */
  private versions(type: string, subscriptionId: string, location: string, clusterType: ClusterType, train: Train): Promise<Answer> {
    const key = `${type}|${location}|${clusterType}|${train}`;
    const now = (this.options.now ?? Date.now)();
    const cached = this.cache.get(key);
    if (cached && now - cached.at < (this.options.cacheTtlMs ?? 600_000)) return cached.answer;
    const answer = this.fetchVersions(type, subscriptionId, location, clusterType, train);
    answer.catch(() => this.cache.delete(key));
    this.cache.set(key, { answer, at: now });
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
      const page = readVersionsPage(res.body, clusterType, `extension type versions of ${type} in ${location}`);
      for (const [version, limits] of page.versions) out.set(version, limits);
      url = page.nextLink;
    }
    return out;
  }
}
