/**
 * Request hygiene in front of every HTTP route: only the route's methods (405 with `Allow`), only JSON bodies change
 * state (415), and never from another site (403: an `Origin` that is not the app's own, or `Sec-Fetch-Site:
 * cross-site`). Callers that send neither header (pipelines, `curl` with a function key) keep working, and a body-less
 * POST or DELETE may omit Content-Type. Every answer gets `x-content-type-options: nosniff`; JSON answers
 * `cache-control: no-store` (plans and rollout states are never cached by a proxy or the browser).
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { errorResponse } from './httpResponses';

/** The methods a route may be registered for; the guard answers 405 for those the route does not serve. */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** An HTTP method. */
export type HttpMethod = (typeof HTTP_METHODS)[number];

const STATE_CHANGING: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The origins the app answers on: the request URL's own, and the public host a front end forwarded. */
function ownOrigins(request: HttpRequest): Set<string> {
  const origins = new Set<string>();
  try {
    origins.add(new URL(request.url).origin.toLowerCase());
  } catch {
    // no usable URL: only the headers below count
  }
  for (const header of ['x-forwarded-host', 'host', 'x-original-host']) {
    const host = request.headers.get(header)?.split(',')[0]?.trim().toLowerCase();
    if (host) for (const scheme of ['https', 'http']) origins.add(`${scheme}://${host}`);
  }
  return origins;
}

/** Why a state-changing request is refused as coming from another site, or undefined. */
function crossSite(request: HttpRequest): string | undefined {
  if (request.headers.get('sec-fetch-site')?.trim().toLowerCase() === 'cross-site') return 'a cross-site request (Sec-Fetch-Site: cross-site) may not change state';
  const origin = request.headers.get('origin');
  if (origin === null) return undefined; // no browser sent it: a pipeline, curl
  if (!ownOrigins(request).has(origin.trim().toLowerCase())) return `a request from another origin (${origin.slice(0, 200)}) may not change state`;
  return undefined;
}

/** True when a Content-Type header names JSON (`application/json`, any parameters). */
function isJson(contentType: string): boolean {
  return contentType.split(';')[0]!.trim().toLowerCase() === 'application/json';
}

/** True when the request declares or carries a body. */
function hasBody(request: HttpRequest): boolean {
  const length = request.headers.get('content-length');
  if (length !== null) return length.trim() !== '0';
  return request.headers.get('transfer-encoding') !== null;
}

/** The answer that refuses `request` before its route runs, or undefined when the route may run. */
export function refuseRequest(request: HttpRequest, methods: readonly string[]): HttpResponseInit | undefined {
  const method = request.method.toUpperCase();
  if (!methods.includes(method)) {
    const refused = errorResponse(405, 'method', '$', `${method} is not served here; use ${methods.join(', ')}`);
    return { ...refused, headers: { ...(refused.headers as Record<string, string>), allow: methods.join(', ') } };
  }
  if (!STATE_CHANGING.has(method)) return undefined;
  const foreign = crossSite(request);
  if (foreign) return errorResponse(403, 'origin', '$', foreign);
  const contentType = request.headers.get('content-type');
  if (contentType !== null ? !isJson(contentType) : hasBody(request)) {
    return errorResponse(415, 'content-type', '$', `a request that changes state takes a JSON body: send Content-Type: application/json${contentType ? ` (not ${contentType.slice(0, 100)})` : ''}`);
  }
  return undefined;
}

/** `response` with the headers every answer carries: nosniff; and no-store on JSON. */
export function withSecurityHeaders(response: HttpResponseInit): HttpResponseInit {
  const headers: Record<string, string> = { ...((response.headers ?? {}) as Record<string, string>) };
  headers['x-content-type-options'] = 'nosniff';
  const type = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  if (response.jsonBody !== undefined || type.toLowerCase().startsWith('application/json')) headers['cache-control'] = 'no-store';
  return { ...response, headers };
}

/** Runs `handler` behind the guard: refused requests never reach it; every answer gets the security headers. */
export async function guardedRoute<D>(request: HttpRequest, methods: readonly string[], deps: D, handler: (request: HttpRequest, deps: D) => Promise<HttpResponseInit>): Promise<HttpResponseInit> {
  return withSecurityHeaders(refuseRequest(request, methods) ?? (await handler(request, deps)));
}
