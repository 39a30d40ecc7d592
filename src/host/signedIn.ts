/**
 * The people routes (status page data, rollout status, holds list) when an identity provider is configured: the host
 * registers them without a function key (authLevel anonymous), so a signed-in person needs no key in a URL, and this
 * gate lets a request through only with a Microsoft Entra ID token the app verifies itself. The approve and
 * clear-hold routes check their caller themselves (and audit a refusal); the page itself carries no data.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { identityProviderNamed, SETTINGS } from '../config';
import type { HandlerDeps } from './durableStarter';
import { errorResponse } from './httpResponses';
import { NO_IDENTITY_PROVIDER, verifiedCaller } from './principal';

/** An HTTP route handler as the registrations bind it. */
export type RouteHandler = (request: HttpRequest, deps: HandlerDeps) => Promise<HttpResponseInit>;

/** Who may call a route at the host: `function` (a function key) or `anonymous` (the app checks a token itself). */
export type HostAuthLevel = 'function' | 'anonymous';

/**
 * The host-level auth of the people routes: anonymous when the settings name an identity provider and approvals are
 * not switched off (the app then verifies a token on every one of them), else a function key as for every route.
 */
export function peopleRoutesAuthLevel(env: Record<string, string | undefined>): HostAuthLevel {
  const off = env[SETTINGS.approvalAuth]?.trim().toLowerCase() === 'off';
  return identityProviderNamed(env) && !off ? 'anonymous' : 'function';
}

/** Wraps `handler`: 401/503 without a token the app verifies, 403 when no identity provider is configured; a bad setting falls to the handler's 500. */
export function signedIn(handler: RouteHandler): RouteHandler {
  return async (request, deps) => {
    let verifier;
    try {
      verifier = deps.services().callerVerifier;
    } catch {
      return handler(request, deps); // the handler's route() answers the invalid setting with a 500 naming it
    }
    if (verifier === undefined) return errorResponse(403, 'caller', '$', NO_IDENTITY_PROVIDER);
    const check = await verifiedCaller(request.headers, verifier);
    if (!check.ok) {
      const refused = errorResponse(check.status, 'caller', '$', check.problem);
      return check.status === 401 ? { ...refused, headers: { ...(refused.headers as Record<string, string>), 'www-authenticate': 'Bearer' } } : refused;
    }
    return handler(request, deps);
  };
}
