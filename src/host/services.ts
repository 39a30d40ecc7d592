/**
 * The composition root: the adapters (ports) and settings every function and activity uses, built once from the app
 * settings. Tests and the demo install their own with `setServices`.
 */
import type { AuditLog, CatalogSource, ClusterReader, ClusterStateStore, ExtensionWriter, FailedVersionHoldStore, FleetInventory, FleetScope, Notifier, RolloutPlanStore } from '../domain/ports';
import type { Policy } from '../domain/model';
import type { ApproverPolicy } from '../domain/approval';
import type { FleetGateApi } from '../domain/fleetPorts';

/** Everything a function needs from the outside world. */
export interface Services {
  scope: FleetScope;
  policy: Policy;
  dryRun: boolean;
  inventory: FleetInventory;
  clusters: ClusterReader;
  catalog: CatalogSource;
  writer: ExtensionWriter;
  audit: AuditLog;
  state: ClusterStateStore;
  /** Versions held fleet-wide after they failed (rollbackOnFailure). */
  holds: FailedVersionHoldStore;
  /** The planned clusters of fleet rollouts, read by the orchestration a slice at a time. */
  plans: RolloutPlanStore;
  notifier: Notifier;
  /** Who may approve rings; absent (tests, the demo) = authentication off. */
  approvals?: ApproverPolicy;
  /** Fleet Manager: its API and the display-name pattern of the app's gates; absent = no gate is ever touched. */
  fleet?: { api: FleetGateApi; gatePattern: RegExp };
}

let current: Services | undefined;
let factory: (() => Services) | undefined;

/** Installs the services (tests, demo) or the factory that builds them from settings (app start). */
export function setServices(services: Services | (() => Services)): void {
  if (typeof services === 'function') {
    factory = services;
    current = undefined;
  } else {
    current = services;
  }
}

/** The services, built on first use. Throws when nothing was installed. */
export function services(): Services {
  if (!current) {
    if (!factory) throw new Error('services are not configured: call setServices() at start-up');
    current = factory();
  }
  return current;
}
