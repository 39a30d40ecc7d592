/**
 * Starts OpenTelemetry export to Application Insights when `APPLICATIONINSIGHTS_CONNECTION_STRING` is set (in Azure),
 * and does nothing otherwise (func start, tests, demo, CLI): no exporter, no provider, every metric and span a no-op.
 * Metrics and the distro's own spans (HTTP, Azure SDK calls) go through `useAzureMonitor`; the rollout spans through
 * their own provider with derived ids (rolloutTrace) and the same Azure Monitor exporter. With local auth disabled on
 * the Application Insights resource, `APPLICATIONINSIGHTS_AUTHENTICATION_STRING` (`ClientId=…;Authorization=AAD`)
 * names the managed identity that signs the telemetry.
 */
import type { TokenCredential } from '@azure/core-auth';
import { ManagedIdentityCredential } from '@azure/identity';
import { useAzureMonitor } from '@azure/monitor-opentelemetry';
import { AzureMonitorTraceExporter } from '@azure/monitor-opentelemetry-exporter';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { installRolloutTracing, rolloutIdSpanProcessor } from './rolloutTrace';

/** The managed identity's client id in an `APPLICATIONINSIGHTS_AUTHENTICATION_STRING`; undefined when it names none. */
export function authenticationClientId(value: string | undefined): string | undefined {
  const parts = new Map((value ?? '').split(';').map((part) => {
    const [key = '', ...rest] = part.split('=');
    return [key.trim().toLowerCase(), rest.join('=').trim()] as const;
  }));
  return parts.get('authorization')?.toLowerCase() === 'aad' ? parts.get('clientid') || undefined : undefined;
}

/** Starts export when a connection string is set; returns whether it did. Call once, at start-up. */
export function startTelemetry(env: Record<string, string | undefined> = process.env): 'azure-monitor' | 'off' {
  const connectionString = env.APPLICATIONINSIGHTS_CONNECTION_STRING?.trim();
  if (!connectionString) return 'off';
  const clientId = authenticationClientId(env.APPLICATIONINSIGHTS_AUTHENTICATION_STRING);
  const credential: TokenCredential | undefined = clientId !== undefined ? new ManagedIdentityCredential({ clientId }) : undefined;
  const exporterOptions = { connectionString, ...(credential ? { credential } : {}) };
  // Rollouts are few and each trace matters: keep every span (the distro defaults to 5 traces per second).
  useAzureMonitor({ azureMonitorExporterOptions: exporterOptions, samplingRatio: 1, tracesPerSecond: 0, spanProcessors: [rolloutIdSpanProcessor()] });
  installRolloutTracing([new BatchSpanProcessor(new AzureMonitorTraceExporter(exporterOptions))]);
  return 'azure-monitor';
}
