import type { SimCluster } from './types';
import type { SimState } from './simState';
import type { SimResponse } from './simResponse';
import { armError } from './simResponse';
import { extensionBody } from './armBodies';

const PAGE = 50;

/** `GET P` (list, pages of 50 with an absolute nextLink) or `GET P/{name}` (404 when missing). */
export function handleExtensionRead(state: SimState, url: URL, cluster: SimCluster | undefined, name: string | undefined): SimResponse {
  if (!cluster) return armError(404, 'ParentResourceNotFound', 'The parent cluster of the extension was not found.');
  if (name === undefined) {
    const skip = Number(url.searchParams.get('$skipToken') ?? '0') || 0;
    const value = cluster.extensions.slice(skip, skip + PAGE).map((e) => extensionBody(cluster, e));
    const body: Record<string, unknown> = { value };
    if (skip + PAGE < cluster.extensions.length) {
      const next = new URL(url.toString());
      next.searchParams.set('$skipToken', String(skip + PAGE));
      body.nextLink = `${state.endpoint}${next.pathname}${next.search}`;
    }
    return { status: 200, body };
  }
  const ext = state.extension(cluster, name);
  if (!ext) return armError(404, 'ResourceNotFound', `Extension '${name}' was not found on the cluster.`);
  return { status: 200, body: extensionBody(cluster, ext) };
}
