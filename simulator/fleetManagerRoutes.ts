/**
 * The Fleet Manager routes of the simulator (api-version 2026-06-01 only): fleets by subscription, members, update
 * strategies, update runs, gates (list, get, PATCH to Completed with If-Match → 412 on a stale eTag; 200, or 202 +
 * Location + Retry-After when `gateApprovalsAsync` is set), and the approval's operation. Bodies keep the fields of the
 * spec examples in fixtures/fleet-*; gate targets follow the spec's GateTarget definition (see SOURCES.md there).
 */
import { gateProperties, type SimFleetManager, type SimGate, type SimUpdateRun } from './fleetManager';
import { armError, type SimResponse } from './simResponse';

/** The Fleet Manager api-version the simulator serves. */
export const FLEET_API = '2026-06-01';

const FLEET = String.raw`(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.ContainerService/fleets/[^/]+)`;
export const FLEET_RE = {
  fleets: /^\/subscriptions\/([^/]+)\/providers\/Microsoft\.ContainerService\/fleets$/i,
  members: new RegExp(`^${FLEET}/members$`, 'i'),
  strategy: new RegExp(`^${FLEET}/updateStrategies/([^/]+)$`, 'i'),
  runs: new RegExp(`^${FLEET}/updateRuns$`, 'i'),
  run: new RegExp(`^${FLEET}/updateRuns/([^/]+)$`, 'i'),
  gates: new RegExp(`^${FLEET}/gates$`, 'i'),
  gate: new RegExp(`^${FLEET}/gates/([^/]+)$`, 'i'),
  operation: /^\/subscriptions\/[^/]+\/providers\/Microsoft\.ContainerService\/locations\/[^/]+\/operations\/([^/]+)$/i,
};

/** Options of the gate approvals (set through the simulator's control surface). */
export interface FleetRouteOptions {
  /** Answer approvals 202 + Location; the operation completes the gate on its second poll. */
  gateApprovalsAsync: boolean;
  /** `Retry-After` (seconds) of a 202 and of running polls. */
  retryAfterSeconds: number;
  /** The caller's name recorded as the gate's last modifier. */
  principal: string;
}

/** Approvals accepted with 202 and not yet polled to their end. */
const operations = new Map<string, { gateId: string; polls: number }>();

const systemData = (by: string): Record<string, string> => ({ createdBy: 'fleet', createdByType: 'Application', createdAt: '2026-06-01T00:00:00Z', lastModifiedBy: by, lastModifiedByType: 'Application', lastModifiedAt: '2026-06-01T00:00:00Z' });

function gateBody(g: SimGate): Record<string, unknown> {
  return { id: g.id, name: g.name, type: 'Microsoft.ContainerService/fleets/gates', systemData: systemData(g.lastModifiedBy), eTag: `"${g.eTag}"`, properties: gateProperties(g) };
}

const status = (state: string | undefined): { state: string } => ({ state: state ?? 'NotStarted' });

function runBody(fm: SimFleetManager, run: SimUpdateRun): Record<string, unknown> {
  const fleet = fm.fleet(run.fleetId)!;
  const gateStatus = (stage: string, timing: 'Before' | 'After', group: string | undefined) =>
    run.steps
      .filter((s) => s.kind === 'gate' && s.stage === stage && s.timing === timing && s.group === group)
      .map((s) => {
        const gate = s.kind === 'gate' && s.gateId !== undefined ? fm.gate(s.gateId) : undefined;
        return { displayName: s.kind === 'gate' ? s.def.displayName : '', ...(gate ? { gateId: gate.id } : {}), status: status(gate?.state) };
      });
  const stages = run.stages.map((s) => ({
    status: status(run.states.get(s.name)),
    name: s.name,
    groups: s.groups.map((g) => ({
      status: status(run.states.get(`${s.name}/${g.name}`)),
      name: g.name,
      members: fleet.members.filter((m) => m.group === g.name).map((m) => ({ status: status(run.states.get(m.clusterResourceId.toLowerCase())), name: m.name, clusterResourceId: m.clusterResourceId })),
      beforeGates: gateStatus(s.name, 'Before', g.name),
      afterGates: gateStatus(s.name, 'After', g.name),
    })),
    beforeGates: gateStatus(s.name, 'Before', undefined),
    afterGates: gateStatus(s.name, 'After', undefined),
  }));
  const strategy = { stages: run.stages.map((s) => ({ name: s.name, groups: s.groups, ...(s.beforeGates ? { beforeGates: s.beforeGates } : {}), ...(s.afterGates ? { afterGates: s.afterGates } : {}) })) };
  const runState = run.state === 'Running' && run.steps[run.cursor]?.kind === 'gate' ? 'Pending' : run.state;
  const upgrade = { type: run.upgradeType, ...(run.kubernetesVersion ? { kubernetesVersion: run.kubernetesVersion } : {}) };
  return { id: run.id, name: run.name, type: 'Microsoft.ContainerService/fleets/updateRuns', systemData: systemData('fleet'), properties: { provisioningState: 'Succeeded', strategy, managedClusterUpdate: { upgrade, nodeImageSelection: { type: 'Latest' } }, status: { status: status(runState), stages } }, eTag: '"EtagValue"' };
}

const list = (value: unknown[]): SimResponse => ({ status: 200, body: { value, nextLink: null } });

/** Answers a GET of Fleet Manager (fleets, members, strategies, runs, gates, operations). */
export function fleetRead(fm: SimFleetManager, path: string, endpoint: string): SimResponse {
  let m: RegExpExecArray | null;
  if ((m = FLEET_RE.fleets.exec(path))) {
    const sub = m[1]!.toLowerCase();
    return list([...fm.fleets.values()].filter((f) => f.id.split('/')[2]!.toLowerCase() === sub).map((f) => ({ id: f.id, name: f.id.split('/').pop(), type: 'Microsoft.ContainerService/fleets', location: f.location, tags: {}, properties: { provisioningState: 'Succeeded' } })));
  }
  if ((m = FLEET_RE.operation.exec(path))) return pollOperation(fm, m[1]!, endpoint);
  const fleet = fm.fleet(/^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ContainerService\/fleets\/[^/]+)/i.exec(path)?.[1] ?? '');
  if (!fleet) return armError(404, 'ResourceNotFound', `The Resource '${path}' was not found.`);
  if (FLEET_RE.members.test(path)) return list(fleet.members.map((x) => ({ id: `${fleet.id}/members/${x.name}`, name: x.name, type: 'Microsoft.ContainerService/fleets/members', properties: { clusterResourceId: x.clusterResourceId, group: x.group, provisioningState: 'Succeeded' } })));
  if ((m = FLEET_RE.strategy.exec(path))) {
    const stages = fleet.strategies[m[2]!];
    return stages ? { status: 200, body: { id: path, name: m[2], type: 'Microsoft.ContainerService/fleets/updateStrategies', properties: { provisioningState: 'Succeeded', strategy: { stages } }, eTag: '"EtagValue"' } } : armError(404, 'ResourceNotFound', `The Resource '${path}' was not found.`);
  }
  if (FLEET_RE.runs.test(path)) return list([...fm.runs.values()].filter((r) => r.fleetId.toLowerCase() === fleet.id.toLowerCase()).map((r) => runBody(fm, r)));
  if (FLEET_RE.run.test(path)) {
    const run = fm.run(path);
    return run ? { status: 200, body: runBody(fm, run) } : armError(404, 'ResourceNotFound', `The Resource '${path}' was not found.`);
  }
  if (FLEET_RE.gates.test(path)) return list([...fm.gates.values()].filter((g) => g.id.toLowerCase().startsWith(`${fleet.id.toLowerCase()}/`)).map(gateBody));
  const gate = fm.gate(path);
  return gate ? { status: 200, body: gateBody(gate), headers: { etag: `"${gate.eTag}"` } } : armError(404, 'ResourceNotFound', `The Resource '${path}' was not found.`);
}

/** PATCH of a gate: only `{"properties":{"state":"Completed"}}`; If-Match must match the current eTag when sent. */
export function fleetGatePatch(fm: SimFleetManager, path: string, body: unknown, ifMatch: string | undefined, options: FleetRouteOptions, endpoint: string): SimResponse {
  const gate = fm.gate(path);
  if (!gate) return armError(404, 'ResourceNotFound', `The Resource '${path}' was not found.`);
  if (fm.touchBeforePatch > 0) {
    fm.touchBeforePatch--;
    gate.eTag++;
  }
  const props = (body as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (!props || Object.keys(props).join() !== 'state' || props.state !== 'Completed') return armError(400, 'InvalidRequestContent', 'A gate PATCH may only set properties.state to "Completed".');
  if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== `"${gate.eTag}"`) return armError(412, 'PreconditionFailed', `The gate's eTag is "${gate.eTag}", not ${ifMatch}.`);
  if (gate.state === 'Skipped') return armError(400, 'InvalidGateState', 'The gate was skipped and cannot be completed.');
  if (!options.gateApprovalsAsync) {
    if (gate.state === 'Pending') fm.completeGate(gate.id, options.principal);
    return { status: 200, body: gateBody(gate), headers: { etag: `"${gate.eTag}"` } };
  }
  const id = `00000000-0000-4000-a000-${(operations.size + 1).toString(16).padStart(12, '0')}`;
  operations.set(id, { gateId: gate.id, polls: 0 });
  const sub = gate.id.split('/')[2];
  return { status: 202, headers: { location: `${endpoint}/subscriptions/${sub}/providers/Microsoft.ContainerService/locations/eastus/operations/${id}?api-version=${FLEET_API}`, 'retry-after': String(options.retryAfterSeconds) } };
}

/** The approval's operation: 202 on the first poll, then the gate is Completed and the poll answers 200. */
function pollOperation(fm: SimFleetManager, id: string, _endpoint: string): SimResponse {
  const op = operations.get(id);
  if (!op) return armError(404, 'OperationNotFound', `No operation ${id}.`);
  if (++op.polls < 2) return { status: 202, headers: { 'retry-after': '0' } };
  operations.delete(id);
  const gate = fm.gate(op.gateId);
  if (gate?.state === 'Pending') fm.completeGate(gate.id, 'app');
  return gate ? { status: 200, body: gateBody(gate) } : { status: 204 };
}
