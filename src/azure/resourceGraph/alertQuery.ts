/**
 * The Resource Graph query for Azure Monitor alerts on given clusters since a time (table `alertsmanagementresources`,
 * fields under `properties.essentials`; see docs/azure-fidelity.md "Health gate"), its row parser, and the inverse the
 * ARM fleet simulator uses to answer it.
 */
import { z } from 'zod';
import type { AlertSignal } from '../../domain/healthGate';

/** Cluster ids per alert query (keeps the query text short). */
export const CLUSTERS_PER_ALERT_QUERY = 200;

const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The KQL text: alerts whose target is one of `clusterIds` (case-insensitive), started at or after `since`. */
export function alertsQuery(clusterIds: readonly string[], since: string): string {
  return [
    'alertsmanagementresources',
    "| where type =~ 'microsoft.alertsmanagement/alerts'",
    `| where todatetime(properties.essentials.startDateTime) >= datetime(${new Date(since).toISOString()})`,
    '| extend target = tolower(tostring(properties.essentials.targetResource))',
    `| where target in (${clusterIds.map((id) => quote(id.toLowerCase())).join(', ')})`,
    '| project alertId = id, name, severity = tostring(properties.essentials.severity), monitorCondition = tostring(properties.essentials.monitorCondition),',
    '    alertState = tostring(properties.essentials.alertState), targetResource = tostring(properties.essentials.targetResource),',
    '    startDateTime = tostring(properties.essentials.startDateTime), alertRule = tostring(properties.essentials.alertRule)',
    '| order by alertId asc',
  ].join('\n');
}

const ALERTS_QUERY = /^alertsmanagementresources\n\| where type =~ 'microsoft\.alertsmanagement\/alerts'\n\| where todatetime\(properties\.essentials\.startDateTime\) >= datetime\(([^)]+)\)\n\| extend target = tolower\(tostring\(properties\.essentials\.targetResource\)\)\n\| where target in \(([^\n]*)\)\n\| project alertId = id/;

/** The clusters and time of an alerts query (the simulator's side); undefined when `query` is not one. */
export function parseAlertsQuery(query: string): { since: string; clusterIds: string[] } | undefined {
  const m = ALERTS_QUERY.exec(query);
  if (!m) return undefined;
  const ids = [...(m[2] ?? '').matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((x) => (x[1] ?? '').replace(/\\(.)/g, '$1'));
  return { since: m[1] ?? '', clusterIds: ids };
}

const rowSchema = z.object({
  alertId: z.string().min(1),
  name: z.string(),
  severity: z.string().min(1),
  monitorCondition: z.string(),
  alertState: z.string(),
  targetResource: z.string().min(1),
  startDateTime: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date-time'),
  alertRule: z.string().nullish(),
});

/** One projected row as an AlertSignal, or the problem with it. */
export function alertFromRow(row: unknown): { ok: true; value: AlertSignal } | { ok: false; problem: string } {
  const r = rowSchema.safeParse(row);
  if (!r.success) {
    const issue = r.error.issues[0];
    return { ok: false, problem: `${issue?.path.join('.') || '$'}: ${issue?.message ?? 'invalid'}` };
  }
  const { alertId, alertRule, ...rest } = r.data;
  return { ok: true, value: { id: alertId, ...rest, ...(alertRule ? { alertRule } : {}) } };
}
