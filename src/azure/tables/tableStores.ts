/**
 * ADAPTER azure/tables — records in Table storage: the audit log (tableAuditLog → port AuditLog, table ExtensionAudit)
 * and per-cluster state (tableClusterStateStore → ClusterStateStore, table ClusterState); keys are encoded by
 * tableKeys.ts, transient failures retried by tableRetry.ts. This file builds both from the settings.
 *
 * Builds the Table storage adapters (audit log and cluster state) from settings: an endpoint with a token credential
 * (managed identity in Azure), or a connection string (local: `UseDevelopmentStorage=true` or Azurite's).
 */
import { TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import { AUDIT_TABLE, TableAuditLog } from './tableAuditLog';
import type { TableRetryOptions } from './tableRetry';
import { CLUSTER_STATE_TABLE, TableClusterStateStore } from './tableClusterStateStore';
import { FAILED_VERSION_HOLDS_TABLE, TableFailedVersionHolds } from './tableFailedVersionHolds';
import { retryCounterPolicy } from '../shared/retryCounter';
import { ROLLOUT_PLAN_TABLE, TableRolloutPlanStore } from './tableRolloutPlanStore';
import { RELEASE_SIGHTINGS_TABLE, TableReleaseSightings } from './tableReleaseSightings';
import { INSTALLED_VERSIONS_TABLE, TableInstalledVersions } from './tableInstalledVersions';

/** Where the tables live. */
export interface TableStoresOptions {
  connectionString?: string;
  /** Table service endpoint, e.g. https://acct.table.core.windows.net (wins over the connection string). */
  endpoint?: string;
  /** Token credential for `endpoint`; default DefaultAzureCredential (managed identity in Azure). */
  credential?: TokenCredential;
  /** Allow http endpoints (Azurite). Implied by http connection strings. */
  allowInsecure?: boolean;
  retry?: TableRetryOptions;
  /** Retries of the SDK's own pipeline (default: the SDK's); 0 for a person waiting at a terminal. */
  clientRetries?: number;
}

function isHttpConnectionString(connectionString: string): boolean {
  return /usedevelopmentstorage=true/i.test(connectionString) || /DefaultEndpointsProtocol=http;/i.test(connectionString) || /TableEndpoint=http:/i.test(connectionString);
}

/** Options of every Table client: plain http only when allowed; 429/5xx answers counted (`reconciler.azure.retries`). */
export function tableClientOptions(allowInsecureConnection: boolean, clientRetries?: number): TableServiceClientOptions {
  return { allowInsecureConnection, additionalPolicies: [{ policy: retryCounterPolicy('tables'), position: 'perRetry' }], ...(clientRetries !== undefined ? { retryOptions: { maxRetries: clientRetries } } : {}) };
}

/** The audit log, the cluster state store, the failed-version holds and the rollout plans over the same account. Throws when neither endpoint nor connection string is set. */
export function createTableStores(options: TableStoresOptions): { audit: TableAuditLog; state: TableClusterStateStore; holds: TableFailedVersionHolds; plans: TableRolloutPlanStore; sightings: TableReleaseSightings; installed: TableInstalledVersions } {
  const make = (table: string): TableClient => {
    if (options.endpoint) {
      return new TableClient(options.endpoint, table, options.credential ?? new DefaultAzureCredential(), tableClientOptions(options.allowInsecure ?? false, options.clientRetries));
    }
    if (options.connectionString) {
      const allowInsecureConnection = options.allowInsecure ?? isHttpConnectionString(options.connectionString);
      return TableClient.fromConnectionString(options.connectionString, table, tableClientOptions(allowInsecureConnection, options.clientRetries));
    }
    throw new Error('table storage is not configured: set an endpoint or a connection string');
  };
  return {
    audit: new TableAuditLog(make(AUDIT_TABLE), options.retry),
    state: new TableClusterStateStore(make(CLUSTER_STATE_TABLE), options.retry),
    holds: new TableFailedVersionHolds(make(FAILED_VERSION_HOLDS_TABLE), options.retry),
    plans: new TableRolloutPlanStore(make(ROLLOUT_PLAN_TABLE), options.retry),
    sightings: new TableReleaseSightings(make(RELEASE_SIGHTINGS_TABLE), options.retry),
    installed: new TableInstalledVersions(make(INSTALLED_VERSIONS_TABLE), options.retry),
  };
}
