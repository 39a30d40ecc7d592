import semver from 'semver';
import type { SimState } from './simState';
import type { SimResponse } from './simResponse';
import { armError } from './simResponse';

const PAGE = 20;

/**
 * `GET …/extensionTypes/{type}/versions` (by location, or per cluster with `clusterType` implied): versions of the type,
 * filtered by `releaseTrain` (case-insensitive), `clusterType` (supportedClusterTypes), `majorVersion`, `showLatest`
 * (only the highest remaining version by semver), and by location (a version lists the regions that offer it so far,
 * issue 24); pages of 20 with an absolute `nextLink` (null on the last page).
 */
export function handleTypeVersions(state: SimState, url: URL, basePath: string, extensionType: string, impliedClusterType?: string): SimResponse {
  const history = Object.entries(state.fleet.extensionTypes).find(([t]) => t.toLowerCase() === extensionType.toLowerCase())?.[1];
  if (!history) return armError(404, 'ResourceNotFound', `Extension type '${extensionType}' was not found.`);
  const refused = state.faults.refusedTypes?.[extensionType.toLowerCase()];
  if (refused) return armError(refused.status, refused.code, refused.message);
  const location = /\/locations\/([^/]+)\//i.exec(basePath)?.[1];
  if (location !== undefined && !/^[a-z0-9]+$/.test(location)) return armError(400, 'InvalidLocation', `'${location}' is not a region name (e.g. eastus).`);
  const q = (name: string): string | undefined => {
    for (const [k, v] of url.searchParams) if (k.toLowerCase() === name.toLowerCase() && v !== '') return v;
    return undefined;
  };
  const train = q('releaseTrain')?.toLowerCase();
  const clusterType = (impliedClusterType ?? q('clusterType'))?.toLowerCase();
  const major = q('majorVersion');
  const supported = (v: (typeof history)[number]): string[] => Object.keys(v.unsupportedKubernetesVersions ?? { managedCluster: [], connectedCluster: [] });
  let versions = history.filter(
    (v) =>
      (!train || v.releaseTrain === train) &&
      (!clusterType || supported(v).some((t) => t.toLowerCase() === clusterType)) &&
      (!major || v.version.split('.')[0] === major) &&
      (location === undefined || v.regions === undefined || v.regions.includes(location)),
  );
  if (q('showLatest')?.toLowerCase() === 'true' && versions.length > 0) {
    // the highest by semver, whatever order the history is kept in
    versions = [versions.reduce((best, v) => (semver.valid(v.version) && (!semver.valid(best.version) || semver.gt(v.version, best.version)) ? v : best))];
  }
  const skip = Number(q('$skipToken') ?? '0') || 0;
  const page = versions.slice(skip, skip + PAGE);
  const value = page.map((v) => ({
    id: `${basePath}/${v.version}`,
    name: v.version,
    type: 'Microsoft.KubernetesConfiguration/extensionTypes/versions',
    properties: { version: v.version, unsupportedKubernetesVersions: v.unsupportedKubernetesVersions ?? {}, supportedClusterTypes: supported(v) },
  }));
  let nextLink: string | null = null;
  if (skip + PAGE < versions.length) {
    const next = new URL(url.toString());
    next.searchParams.set('$skipToken', String(skip + PAGE));
    nextLink = `${state.endpoint}${next.pathname}${next.search}`;
  }
  return { status: 200, body: { value, nextLink } };
}
