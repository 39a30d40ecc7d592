/**
 * The failed-version hold routes (issue 15): GET /api/holds lists the versions held fleet-wide after they failed;
 * DELETE /api/holds/{extensionType}/{version} clears one (a person decided the version is safe again); audited.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { levelRow, refusedRow } from '../domain/auditRows';
import { triggerLabel } from '../domain/rolloutTrigger';
import { parseVersion } from '../domain/versions';
import type { HandlerDeps } from '../host/durableStarter';
import { errorResponse, json, route } from '../host/httpResponses';
import { approverOf, LOCAL_APPROVALS } from '../host/principal';

/** GET /api/holds: every held version `{extensionType, version, clusterId, rolloutId, heldAt, reason}`. */
export function listHoldsRoute(_request: HttpRequest, deps: HandlerDeps): Promise<HttpResponseInit> {
  return route(deps, 'listHolds', async (svc) => json(200, { holds: await svc.holds.list() }));
}

/** DELETE /api/holds/{extensionType}/{version}: clears the hold → 200 `{extensionType, version, clearedBy}`; 404 when not held. */
export function clearHoldRoute(request: HttpRequest, deps: HandlerDeps): Promise<HttpResponseInit> {
  return route(deps, 'clearHold', async (svc) => {
    const extensionType = (request.params.extensionType ?? '').trim().toLowerCase();
    const version = (request.params.version ?? '').trim();
    if (!/^[a-z0-9][a-z0-9._-]{0,199}$/.test(extensionType)) return errorResponse(400, 'route', '$.extensionType', 'expected an extension type such as "microsoft.flux"');
    if (!parseVersion(version)) return errorResponse(400, 'route', '$.version', `"${version.slice(0, 100)}" is not a semver version`);
    // clearing a hold lets a failed version roll out again: the same people who approve rings may do it
    const caller = await approverOf(request.headers, svc.approvals ?? LOCAL_APPROVALS, svc.callerVerifier, request.query.get('by')?.trim().slice(0, 256) || undefined);
    if (!caller.ok) {
      const by = caller.caller;
      const ctx = { rolloutId: 'holds', trigger: triggerLabel(by ? { kind: 'manual', by } : { kind: 'manual' }), at: deps.now().toISOString() };
      await svc.audit.append([refusedRow(ctx, `clearing the hold on ${extensionType} ${version}`, caller.status, caller.problem, { extensionType, to: version, ...(by ? { actor: by } : {}) })]);
      deps.log.warn('hold clearance refused', { extensionType, version, status: caller.status, code: 'approval-refused' });
      return errorResponse(caller.status, 'caller', '$', caller.problem);
    }
    const clearedBy = caller.approvedBy;
    if (!(await svc.holds.clear(extensionType, version))) return errorResponse(404, 'route', '$', `version ${version} of ${extensionType} is not held`);
    const at = deps.now().toISOString();
    const row = levelRow({ rolloutId: 'holds', trigger: triggerLabel({ kind: 'manual', by: clearedBy }), at }, 'hold', '', 'hold-cleared', `Hold on ${extensionType} ${version} cleared by ${clearedBy}.`, { extensionType, to: version, actor: clearedBy });
    await svc.audit.append([row]);
    deps.log.info('hold cleared', { extensionType, version, code: 'hold-cleared' });
    return json(200, { extensionType, version, clearedBy });
  });
}
