import type { Catalog, CatalogVersion, ClusterType } from '../src/domain/model';
import type { SimFleet } from './types';
import { supportedRange } from './unsupportedVersions';

/**
 * The simulated catalog as the domain's Catalog. Per cluster type, the unsupported strings of every distribution are
 * unioned and complemented into one semver range (see unsupportedVersions.ts); when every cluster type has the same
 * range it is given as one string; a version with no unsupported versions has no `kubernetes` field.
 */
export function toCatalog(fleet: SimFleet): Catalog {
  const extensionTypes: Catalog['extensionTypes'] = {};
  for (const [type, versions] of Object.entries(fleet.extensionTypes)) {
    extensionTypes[type.toLowerCase()] = {
      versions: versions.map((v): CatalogVersion => {
        const out: CatalogVersion = { version: v.version, releaseTrain: v.releaseTrain };
        if (v.releasedAt) out.releasedAt = v.releasedAt;
        const perType: Partial<Record<ClusterType, string>> = {};
        for (const [clusterType, entries] of Object.entries(v.unsupportedKubernetesVersions ?? {})) {
          const range = supportedRange((entries ?? []).flatMap((e) => e.unsupportedVersions));
          if (range !== undefined) perType[clusterType as ClusterType] = range;
        }
        const ranges = [...new Set(Object.values(perType))];
        const typesWithEntries = Object.keys(v.unsupportedKubernetesVersions ?? {}).length;
        if (ranges.length === 1 && Object.keys(perType).length === typesWithEntries) out.kubernetes = ranges[0];
        else if (ranges.length > 0) out.kubernetes = perType;
        return out;
      }),
    };
  }
  return { extensionTypes };
}
