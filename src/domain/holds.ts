/** Policy holds: which hold, if any, covers an extension on a cluster. */
import type { ClusterSnapshot, Hold } from './model';

/** True when every tag the hold lists is on the cluster (keys case-insensitive, values exact). */
export function tagsMatch(required: Record<string, string>, tags: Record<string, string>): boolean {
  const lower = new Map(Object.entries(tags).map(([k, v]) => [k.toLowerCase(), v]));
  return Object.entries(required).every(([k, v]) => lower.get(k.toLowerCase()) === v);
}

/** The first hold matching the extension type (or `*`), every listed tag and, if given, one of its cluster ids. */
export function matchingHold(holds: readonly Hold[], extensionType: string, cluster: ClusterSnapshot): Hold | undefined {
  const type = extensionType.toLowerCase();
  const id = cluster.id.toLowerCase();
  return holds.find(
    (h) =>
      (h.extensionType === '*' || h.extensionType.toLowerCase() === type) &&
      tagsMatch(h.clusterTags, cluster.tags) &&
      (h.clusterIds.length === 0 || h.clusterIds.some((c) => c.toLowerCase() === id)),
  );
}
