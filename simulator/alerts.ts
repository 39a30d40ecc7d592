/**
 * Azure Monitor alerts as Resource Graph's `alertsmanagementresources` table holds them (docs/azure-fidelity.md
 * "Health gate"), and the answer to the alerts query of src/azure/resourceGraph/alertQuery.ts.
 */
import { parseAlertsQuery } from '../src/azure/resourceGraph/alertQuery';
import type { SimState } from './simState';

/** One alert the simulator serves (the essentials the app reads). */
export interface SimAlert {
  /** Default: a GUID-like id under the target's subscription. */
  id?: string;
  name: string;
  severity: 'Sev0' | 'Sev1' | 'Sev2' | 'Sev3' | 'Sev4';
  monitorCondition?: 'Fired' | 'Resolved';
  alertState?: 'New' | 'Acknowledged' | 'Closed';
  /** The cluster's ARM id. */
  targetResource: string;
  /** ISO-8601 (pass the orchestration's clock). */
  startDateTime: string;
  alertRule?: string;
}

/** The alert as a full Resource Graph row: common columns plus `properties.essentials` and `properties.context`. */
export function alertResource(a: SimAlert, index: number): Record<string, unknown> {
  const subscriptionId = (a.targetResource.split('/')[2] ?? '').toLowerCase();
  const id = a.id ?? `/subscriptions/${subscriptionId}/providers/Microsoft.AlertsManagement/alerts/00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
  const targetResourceType = /\/managedclusters\//i.test(a.targetResource) ? 'microsoft.containerservice/managedclusters' : 'microsoft.kubernetes/connectedclusters';
  return {
    id,
    name: a.name,
    type: 'microsoft.alertsmanagement/alerts',
    tenantId: '72f988bf-0000-0000-0000-000000000000',
    subscriptionId,
    properties: {
      essentials: {
        severity: a.severity,
        signalType: 'Metric',
        alertState: a.alertState ?? 'New',
        monitorCondition: a.monitorCondition ?? 'Fired',
        monitorService: 'Platform',
        targetResource: a.targetResource,
        targetResourceName: a.targetResource.split('/').pop() ?? '',
        targetResourceGroup: a.targetResource.split('/')[4] ?? '',
        targetResourceType,
        alertRule: a.alertRule ?? `/subscriptions/${subscriptionId}/resourceGroups/monitoring/providers/microsoft.insights/metricalerts/${a.name}`,
        startDateTime: a.startDateTime,
        lastModifiedDateTime: a.startDateTime,
        actionStatus: { isSuppressed: false },
      },
      context: { context: { condition: { allOf: [] } } },
    },
  };
}

/** The rows of an alerts query (projected as the query says), or undefined when `query` is not one. */
export function alertRows(state: SimState, query: string, scope: Set<string> | undefined): Record<string, unknown>[] | undefined {
  const q = parseAlertsQuery(query);
  if (!q) return undefined;
  const wanted = new Set(q.clusterIds.map((id) => id.toLowerCase()));
  const since = Date.parse(q.since);
  return (state.fleet.alerts ?? [])
    .map(alertResource)
    .filter((r) => {
      const e = (r.properties as { essentials: Record<string, string> }).essentials;
      return wanted.has((e.targetResource ?? '').toLowerCase()) && Date.parse(e.startDateTime ?? '') >= since && (!scope || scope.has(String(r.subscriptionId)));
    })
    .map((r) => {
      const e = (r.properties as { essentials: Record<string, string> }).essentials;
      return { alertId: r.id, name: r.name, severity: e.severity, monitorCondition: e.monitorCondition, alertState: e.alertState, targetResource: e.targetResource, startDateTime: e.startDateTime, alertRule: e.alertRule };
    })
    .sort((a, b) => (String(a.alertId) < String(b.alertId) ? -1 : 1));
}
