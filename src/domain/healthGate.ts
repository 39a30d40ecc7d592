/** The alert-driven health gate: which Azure Monitor alerts and extension statuses count as a failed signal. Pure. */
import type { ExtensionHealth, HealthGatePolicy } from './model';

/** One Azure Monitor alert as Resource Graph returns it (`alertsmanagementresources`, `properties.essentials`). */
export interface AlertSignal {
  /** The alert's ARM id. */
  id: string;
  name: string;
  /** `Sev0` (highest) … `Sev4`. */
  severity: string;
  /** `Fired` or `Resolved`. */
  monitorCondition: string;
  /** `New`, `Acknowledged` or `Closed`. */
  alertState: string;
  /** ARM id of the resource the alert is about (the cluster). */
  targetResource: string;
  /** ISO-8601. */
  startDateTime: string;
  /** The alert rule's id or name, when given. */
  alertRule?: string;
}

/**
 * The alerts the gate counts: severity listed in the policy (case-insensitive) and started at or after `since`.
 * An alert that fired and resolved again still counts (it happened after the rollout touched the cluster); a Closed one
 * (a person dismissed it) does not.
 */
export function matchingAlerts(gate: HealthGatePolicy, alerts: readonly AlertSignal[], since: string): AlertSignal[] {
  const severities = new Set(gate.alertSeverities.map((s) => s.toLowerCase()));
  const from = Date.parse(since);
  return alerts.filter((a) => severities.has(a.severity.toLowerCase()) && Date.parse(a.startDateTime) >= from && a.alertState.toLowerCase() !== 'closed');
}

/** One sentence naming an alert (for audit rows and notifications). */
export function describeAlert(a: AlertSignal): string {
  return `alert ${a.severity} "${a.name}" ${a.monitorCondition.toLowerCase()} at ${a.startDateTime} on ${a.targetResource}${a.alertRule ? ` (rule ${a.alertRule})` : ''}`;
}

/**
 * The extension's own signals the gate counts: each `statuses[]` entry whose level is listed (case-insensitive); an
 * `errorInfo` or an extensionState `Failed` counts as level `Error`.
 */
export function extensionHealthSignals(gate: HealthGatePolicy, extensionName: string, health: ExtensionHealth | undefined): string[] {
  if (!health) return [];
  const levels = new Set(gate.extensionStatusLevels.map((l) => l.toLowerCase()));
  const out = health.statuses.flatMap(({ level, code, message }) =>
    level !== undefined && levels.has(level.toLowerCase()) ? [`extension ${extensionName} status ${level} ${code ?? ''}: ${message ?? ''}`.replace(/\s+/g, ' ').trim()] : [],
  );
  if (levels.has('error')) {
    if (health.errorInfo) out.push(`extension ${extensionName} errorInfo ${health.errorInfo.code}: ${health.errorInfo.message}`);
    if (health.extensionState?.toLowerCase() === 'failed') out.push(`extension ${extensionName} extensionState Failed`);
  }
  return out;
}
