/**
 * src/functions holds only what registers with the Functions host: the timer (this file, where a tick begins), the Event
 * Grid trigger (onClusterEvent.ts), the HTTP API (httpApi.ts), the orchestrations (fleetRollout.ts → clusterRollout.ts)
 * and their activities (activities.ts). A timer tick: discoverFleet starts fleetRollout → planFleet activity
 * (src/app/snapshot.ts: discover + state + catalog + plan) → rings → clusterRollout per cluster → applyHop activity
 * (ExtensionWriter: ARM PATCH) → checkHealth → record activities (audit, state, notifications).
 *
 * Timer `discoverFleet`: starts the singleton fleet rollout unless one is pending or running. Discovery itself is the
 * orchestration's first activity (level-triggered: every run re-reads the fleet).
 */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { SETTINGS } from '../config';
import { hostDeps, type HandlerDeps } from '../host/durableStarter';
import { FLEET_ROLLOUT_INSTANCE_ID, ORCHESTRATIONS, type FleetRolloutInput } from '../host/rolloutContracts';

/** What one timer run did. */
export interface DiscoverFleetResult {
  result: 'started' | 'already-running';
  instanceId: string;
  rolloutId: string;
}

/** Starts `fleetRollout` (instance `fleet-rollout`, rollout id `fleet-<ISO time>`) unless it already runs. */
export async function runDiscoverFleet(deps: HandlerDeps): Promise<DiscoverFleetResult> {
  const { dryRun } = deps.services();
  const rolloutId = `fleet-${deps.now().toISOString()}`;
  const input: FleetRolloutInput = { rolloutId, trigger: { kind: 'timer' }, dryRun };
  const result = await deps.starter.start(ORCHESTRATIONS.fleet, FLEET_ROLLOUT_INSTANCE_ID, input);
  if (result === 'started') deps.log.info('fleet rollout started', { instanceId: FLEET_ROLLOUT_INSTANCE_ID, rolloutId, dryRun });
  else deps.log.info('fleet rollout already running: nothing started', { instanceId: FLEET_ROLLOUT_INSTANCE_ID });
  return { result, instanceId: FLEET_ROLLOUT_INSTANCE_ID, rolloutId };
}

/** The registered timer handler. */
export async function discoverFleetHandler(_timer: Timer, context: InvocationContext): Promise<void> {
  await runDiscoverFleet(hostDeps(context));
}

app.timer('discoverFleet', {
  schedule: `%${SETTINGS.discoverySchedule}%`,
  extraInputs: [df.input.durableClient()],
  handler: discoverFleetHandler,
});
