/**
 * The composition root, and the entry of src/host: settings (src/config.ts) → adapters (src/azure) → the `Services`
 * every function and activity uses. src/index.ts imports host/startup, which installs this factory lazily.
 * src/host also holds the Functions plumbing the registrations share: typed activity and orchestration handles
 * (typedActivity.ts), retry options, the durable client seam (durableStarter.ts), the contracts between starters and
 * orchestrations (rolloutContracts.ts) and HTTP responses.
 *
 * Builds the production services from validated settings: ARM adapters over one connection (DefaultAzureCredential
 * unless a credential is given), the audit and state tables, and the notifier (none when no topic is set).
 */
import type { TokenCredential } from '@azure/core-auth';
import { ArmClusterReader } from '../azure/arm/armClusterReader';
import { armConnection } from '../azure/arm/armConnection';
import { ArmExtensionWriter } from '../azure/arm/armExtensionWriter';
import { ArmFleetGates } from '../azure/fleet/armFleetGates';
import { createNotifier } from '../azure/eventGrid/eventGridNotifier';
import { ExtensionTypeCatalog } from '../azure/arm/extensionTypeCatalog';
import { ResourceGraphInventory } from '../azure/resourceGraph/resourceGraphInventory';
import { createTableStores } from '../azure/tables/tableStores';
import type { AppConfig } from '../config';
import type { Services } from './services';

/** Options of `buildServices`: a credential (default DefaultAzureCredential) and where adapter warnings go. */
export interface BuildServicesOptions {
  credential?: TokenCredential;
  onWarning?: (message: string) => void;
}

/** Wires every adapter from the settings. Creates clients only; sends no request. */
export function buildServices(config: AppConfig, options: BuildServicesOptions = {}): Services {
  const onWarning = options.onWarning ?? ((message: string) => console.warn(message));
  const conn = armConnection({
    ...(config.arm.endpoint !== undefined ? { endpoint: config.arm.endpoint } : {}),
    ...(config.arm.caFile !== undefined ? { caFile: config.arm.caFile } : {}),
    ...(options.credential ? { credential: options.credential } : {}),
  });
  const tables =
    'endpoint' in config.tables
      ? createTableStores({ endpoint: config.tables.endpoint, allowInsecure: config.tables.endpoint.startsWith('http:'), ...(options.credential ? { credential: options.credential } : {}) })
      : createTableStores({ connectionString: config.tables.connectionString });
  for (const warning of config.catalogOverlay?.warnings ?? []) onWarning(warning);
  return {
    scope: config.scope,
    policy: config.policy,
    dryRun: config.dryRun,
    inventory: new ResourceGraphInventory(conn, { onWarning }),
    clusters: new ArmClusterReader(conn, { onWarning }),
    catalog: new ExtensionTypeCatalog(conn, { ...(config.catalogOverlay ? { overlay: config.catalogOverlay.catalog } : {}), onWarning }),
    writer: new ArmExtensionWriter(conn, { pollIntervalMs: config.lroPollMs, timeoutMs: config.applyTimeoutMinutes * 60_000 }),
    audit: tables.audit,
    state: tables.state,
    approvals: config.approvals,
    holds: tables.holds,
    plans: tables.plans,
    fleet: { api: new ArmFleetGates(conn, { pollIntervalMs: config.lroPollMs }), gatePattern: config.fleetGatePattern },
    notifier: createNotifier({ ...(config.notificationTopic !== undefined ? { topicEndpoint: config.notificationTopic } : {}), ...(options.credential ? { credential: options.credential } : {}) }),
  };
}
