/**
 * Timer `fleetGateCatchUp` (same schedule as discovery): lists the Pending gates that are ours in the fleets of the scope
 * and starts work at each (src/app/fleetGateStarts.ts), so a missed or dropped gate event is caught up within a period.
 */
import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { catchUpGates } from '../app/fleetGateStarts';
import { SETTINGS } from '../config';
import { hostDeps } from '../host/durableStarter';

/** The registered timer handler. */
export async function fleetGateCatchUpHandler(_timer: Timer, context: InvocationContext): Promise<void> {
  const deps = hostDeps(context);
  const found = await catchUpGates(deps);
  deps.log.info('fleet gate catch-up', { fleets: found.fleets, pending: found.pending, started: found.started.length });
}

app.timer('fleetGateCatchUp', { schedule: `%${SETTINGS.discoverySchedule}%`, extraInputs: [df.input.durableClient()], handler: fleetGateCatchUpHandler });
