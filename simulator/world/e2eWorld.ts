/**
 * The whole product on the embedded default, in one process: the ARM fleet simulator (real SDK clients over HTTPS),
 * Azurite (Table storage), a local CloudEvents receiver (notifications), the services built from app settings exactly as
 * the Function App builds them, and the orchestrations under durable-functions' replay engine. Used by the end-to-end
 * tests, the fault matrix and `npm run demo`. No jest here (compiled into dist/).
 */
import './installFunctionsCore'; // first: the function modules below register through the double
import { AzureKeyCredential } from '@azure/core-auth';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventGridNotifier } from '../../src/azure/eventGrid/eventGridNotifier';
import { loadConfig } from '../../src/config';
import type { Policy } from '../../src/domain/model';
import type { AuditRecord } from '../../src/domain/ports';
import { DurableHarness } from './durableHarness';
import { startAzurite, type AzuriteTables } from './azurite';
import { startCloudEventsReceiver, type CloudEventsReceiver } from './cloudEventsReceiver';
import { generateFleet } from '../fleetGenerator';
import { startFleetSimulator } from '../fleetSimulator';
import type { FleetSimulator, GenerateFleetOptions, SimFleet } from '../types';
import { buildServices } from '../../src/host/buildServices';
import { runDiscoverFleet } from '../../src/functions/discoverFleet';
import type { HandlerDeps } from '../../src/host/durableStarter';
import { handleClusterEvent, type ClusterEventOutcome } from '../../src/functions/onClusterEvent';
import { setServices, type Services } from '../../src/host/services';
import { handleFleetGateEvent, type FleetGateEventOutcome } from '../../src/functions/onFleetGateEvent';
import { catchUpGates, type GateCatchUp } from '../../src/app/fleetGateStarts';


/** Options of an end-to-end world. */
export interface E2eWorldOptions {
  fleet?: SimFleet;
  generate?: GenerateFleetOptions;
  /** Policy JSON (as RECONCILER_POLICY); default: rings canary, early, broad, prod by the `ring` tag. */
  policy?: Record<string, unknown>;
  dryRun?: boolean;
  /** Extra app settings. */
  settings?: Record<string, string>;
  simulator?: Parameters<typeof startFleetSimulator>[0];
  receiver?: Parameters<typeof startCloudEventsReceiver>[0];
  /** Start of the orchestrations' virtual clock. */
  now?: Date;
  /** Logs of handlers, activities and orchestrations. */
  log?: (level: string, message: string, meta?: unknown) => void;
}

/** A running world and its controls. */
export interface E2eWorld {
  sim: FleetSimulator;
  azurite: AzuriteTables;
  receiver: CloudEventsReceiver;
  services: Services;
  harness: DurableHarness;
  deps: HandlerDeps;
  /** The app settings the services were built from. */
  settings: Record<string, string>;
  /** Runs the discovery timer once and drives every rollout it starts to its end (timers fire at once). */
  runTimer(): Promise<{ rolloutId: string; result: string }>;
  /** Delivers one Event Grid / CloudEvents payload to onClusterEvent and drives what it starts. */
  deliverEvent(raw: unknown): Promise<ClusterEventOutcome>;
  /** Drives every started orchestration until nothing can run. */
  drive(): Promise<void>;
  /**
   * Fleet Manager: delivers the simulator's gate events (the AKSResources system topic's path) to onFleetGateEvent and
   * drives what they start, until no new event comes (approvals let runs move on and create the next gates).
   */
  deliverFleetEvents(): Promise<FleetGateEventOutcome[]>;
  /** Runs the gate catch-up timer once and drives what it starts. */
  catchUpGates(): Promise<GateCatchUp>;
  /** Audit rows of a rollout or a cluster, from Azurite. */
  audit(filter: { rolloutId?: string; clusterId?: string }): Promise<AuditRecord[]>;
  close(): Promise<void>;
}

/** The default rollout policy of the world: four rings by tag, small parallelism, no approvals. */
export const DEFAULT_WORLD_POLICY = {
  rollout: {
    ringTag: 'ring',
    rings: [
      { name: 'canary', maxParallel: 2, bakeMinutes: 30 },
      { name: 'early', maxParallel: 4, bakeMinutes: 60, maxFailureRatio: 0.2 },
      { name: 'broad', maxParallel: 8, bakeMinutes: 60, maxFailureRatio: 0.1 },
      { name: 'prod', maxParallel: 8, maxFailureRatio: 0 },
    ],
    healthCheckIntervalSeconds: 10,
    healthCheckTimeoutMinutes: 2,
  },
} satisfies Partial<Record<keyof Policy, unknown>>;

/** Starts the simulator, Azurite and the receiver, builds the services from settings and installs them. */
export async function startE2eWorld(options: E2eWorldOptions = {}): Promise<E2eWorld> {
  const fleet = options.fleet ?? generateFleet(options.generate ?? { clusters: 24, subscriptions: 2, seed: 7, extensionsPerCluster: [2, 4] });
  const [sim, azurite, receiver] = await Promise.all([startFleetSimulator({ ...options.simulator, fleet }), startAzurite(), startCloudEventsReceiver(options.receiver)]);
  try {
    return build(fleet, sim, azurite, receiver, options);
  } catch (error) {
    await Promise.all([sim.close(), azurite.stop(), receiver.close()]);
    throw error;
  }
}

/** Builds the services from settings, installs them and returns the world's controls. */
function build(fleet: SimFleet, sim: FleetSimulator, azurite: AzuriteTables, receiver: CloudEventsReceiver, options: E2eWorldOptions): E2eWorld {
  const dir = mkdtempSync(join(tmpdir(), 'reconciler-e2e-'));
  const caFile = join(dir, 'simulator-ca.pem');
  writeFileSync(caFile, sim.ca);
  const subscriptions = [...new Set(fleet.clusters.map((c) => c.id.split('/')[2]!))];
  const settings: Record<string, string> = {
    RECONCILER_SCOPE_SUBSCRIPTIONS: subscriptions.join(','),
    RECONCILER_DRY_RUN: String(options.dryRun ?? false),
    // a local world, like `func start` with local.settings.sample.json: approvals are unauthenticated claims
    RECONCILER_APPROVAL_AUTH: 'off',
    RECONCILER_POLICY: JSON.stringify(options.policy ?? DEFAULT_WORLD_POLICY),
    AzureWebJobsStorage: azurite.connectionString,
    RECONCILER_EVENTGRID_TOPIC_ENDPOINT: receiver.endpoint,
    RECONCILER_ARM_ENDPOINT: sim.endpoint,
    RECONCILER_ARM_CA_FILE: caFile,
    RECONCILER_LRO_POLL_MS: '20',
    RECONCILER_TASK_HUB: 'reconcilere2e',
    ...options.settings,
  };
  const log = options.log ?? ((): void => undefined);
  // A local receiver speaks plain http, where Event Grid clients send only a key (never a bearer token): the notifier is
  // built here with a key; everything else comes from the settings exactly as in the Function App.
  const { RECONCILER_EVENTGRID_TOPIC_ENDPOINT: _topic, ...withoutTopic } = settings;
  const built = buildServices(loadConfig(withoutTopic), { credential: sim.credential, onWarning: (m) => log('warn', m) });
  const services: Services = { ...built, notifier: new EventGridNotifier(receiver.endpoint, new AzureKeyCredential('local-receiver-key'), { retries: 2, retryDelayMs: 20 }) };
  setServices(services);
  const harness = new DurableHarness({ ...(options.now ? { now: options.now } : {}), log: (level, ...args) => log(level, String(args[0]), args[1]) });
  const deps: HandlerDeps = {
    services: () => services,
    starter: harness,
    now: () => harness.now,
    log: { info: (m, meta) => log('info', m, meta), warn: (m, meta) => log('warn', m, meta), error: (m, meta) => log('error', m, meta) },
  };
  const drive = async (): Promise<void> => {
    await harness.runUntilIdle({ fireTimers: true });
  };
  return {
    sim,
    azurite,
    receiver,
    services,
    harness,
    deps,
    settings,
    async runTimer() {
      const started = await runDiscoverFleet(deps);
      await drive();
      return { rolloutId: started.rolloutId, result: started.result };
    },
    async deliverEvent(raw) {
      const outcome = await handleClusterEvent(raw, deps);
      await drive();
      return outcome;
    },
    drive,
    async deliverFleetEvents() {
      const outcomes: FleetGateEventOutcome[] = [];
      for (let events = sim.fleetManager.drainEvents(); events.length > 0; events = sim.fleetManager.drainEvents()) {
        for (const event of events) outcomes.push(await handleFleetGateEvent(event, deps));
        await drive();
      }
      return outcomes;
    },
    async catchUpGates() {
      const found = await catchUpGates(deps);
      await drive();
      return found;
    },
    audit: (filter) => services.audit.query({ ...filter, limit: 100_000 }),
    async close() {
      await Promise.all([sim.close(), azurite.stop(), receiver.close()]);
    },
  };
}
