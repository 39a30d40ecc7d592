/**
 * App settings, read and validated once at start-up. Every setting the app reads is listed here and in
 * local.settings.sample.json; the README documents each.
 */

/** The app settings by name (binding expressions use `%NAME%`). */
export const SETTINGS = {
  /** Comma-separated subscription ids the app manages. */
  scopeSubscriptions: 'RECONCILER_SCOPE_SUBSCRIPTIONS',
  /** Comma-separated management group names the app manages. */
  scopeManagementGroups: 'RECONCILER_SCOPE_MANAGEMENT_GROUPS',
  /** NCRONTAB schedule of the discovery timer (binding expression). Default every 30 minutes. */
  discoverySchedule: 'RECONCILER_DISCOVERY_SCHEDULE',
  /** "true" (default) plans and records but applies nothing. */
  dryRun: 'RECONCILER_DRY_RUN',
  /** Policy as inline JSON (wins over the file). */
  policyJson: 'RECONCILER_POLICY',
  /** Path of a policy JSON file, relative to the app root. */
  policyFile: 'RECONCILER_POLICY_FILE',
  /** Path of a catalog JSON file overlaid on the live catalog (a team's vetted list wins). */
  catalogFile: 'RECONCILER_CATALOG_FILE',
  /** Table service endpoint for audit and state (managed identity), e.g. https://acct.table.core.windows.net. */
  tableEndpoint: 'RECONCILER_TABLE_ENDPOINT',
  /** Connection string for audit and state when no endpoint is set (local: UseDevelopmentStorage=true). */
  tableConnection: 'AzureWebJobsStorage',
  /** Event Grid topic endpoint for notifications; unset = no notifications. */
  notificationTopic: 'RECONCILER_EVENTGRID_TOPIC_ENDPOINT',
  /** ARM endpoint override (the simulator); default https://management.azure.com. */
  armEndpoint: 'RECONCILER_ARM_ENDPOINT',
  /** PEM file of a CA to trust for the ARM endpoint override (the simulator). */
  armCaFile: 'RECONCILER_ARM_CA_FILE',
  /** Milliseconds between LRO polls. Default 5000. */
  lroPollMs: 'RECONCILER_LRO_POLL_MS',
  /** Durable task hub name (host.json reads it). */
  taskHub: 'RECONCILER_TASK_HUB',
} as const;
