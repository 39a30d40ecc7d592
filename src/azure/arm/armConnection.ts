/**
 * ADAPTER azure/arm — Azure Resource Manager for one cluster at a time: reads a cluster and its extensions
 * (armClusterReader → port ClusterReader), applies one hop as an extension PATCH and waits for it (armExtensionWriter →
 * ExtensionWriter), and reads the extension type versions catalog (extensionTypeCatalog → CatalogSource). Extension bodies
 * are parsed in extensionBody.ts, ARM paths built in armIds.ts from the domain's cluster ids (domain/armId.ts). All of
 * them reach ARM through the connection below.
 *
 * How the adapters reach Azure Resource Manager: endpoint, credential and an optional CA to trust (the simulator).
 * TLS trust is passed per client (`tlsOptions`); nothing here changes process-wide TLS settings.
 */
import { readFileSync } from 'node:fs';
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
import { getClient, type Client } from '@azure-rest/core-client';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { retryCounterPolicy } from '../shared/retryCounter';

/** Public Azure's ARM endpoint. */
export const DEFAULT_ARM_ENDPOINT = 'https://management.azure.com';

/** Endpoint, credential and optional PEM CA of one ARM endpoint. */
export interface ArmConnection {
  endpoint: string;
  credential: TokenCredential;
  /** PEM text of a CA to trust for this endpoint only. */
  ca?: string;
}

/** Builds a connection: default endpoint https://management.azure.com, default DefaultAzureCredential; reads `caFile` now. */
export function armConnection(options: { endpoint?: string; caFile?: string; credential?: TokenCredential } = {}): ArmConnection {
  const endpoint = (options.endpoint ?? DEFAULT_ARM_ENDPOINT).replace(/\/+$/, '');
  const credential = options.credential ?? new DefaultAzureCredential();
  const conn: ArmConnection = { endpoint, credential };
  if (options.caFile) conn.ca = readFileSync(options.caFile, 'utf8');
  return conn;
}

/** Retry settings handed to an SDK pipeline. */
export interface PipelineRetry {
  maxRetries?: number;
  retryDelayInMs?: number;
  maxRetryDelayInMs?: number;
}

/** SDK client options for a connection: `{ endpoint, tlsOptions: { ca } }` (+ retry options, the 429/5xx counter); works for every @azure client. */
export function armClientOptions(
  conn: ArmConnection,
  retryOptions?: PipelineRetry,
): { endpoint: string; tlsOptions?: { ca: string }; retryOptions?: PipelineRetry; additionalPolicies: { policy: PipelinePolicy; position: 'perRetry' }[] } {
  return {
    endpoint: conn.endpoint,
    additionalPolicies: [{ policy: retryCounterPolicy(), position: 'perRetry' }],
    ...(conn.ca !== undefined ? { tlsOptions: { ca: conn.ca } } : {}),
    ...(retryOptions ? { retryOptions } : {}),
  };
}

/** The token scope of an ARM endpoint (`https://management.azure.com/.default`). */
export function armScope(conn: ArmConnection): string {
  return `${new URL(conn.endpoint).origin}/.default`;
}

/** A REST client (@azure-rest/core-client) for ARM calls that no published SDK covers or whose raw bodies we need. */
export function armRestClient(conn: ArmConnection, retryOptions?: PipelineRetry): Client {
  return getClient(conn.endpoint, conn.credential, { ...armClientOptions(conn, retryOptions), credentials: { scopes: [armScope(conn)] } });
}
