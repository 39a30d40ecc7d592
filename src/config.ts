/**
 * App settings, read and validated once at start-up. Every setting the app reads is listed here and in
 * local.settings.sample.json; the README documents each.
 */
import { z } from 'zod';
import { errorMessage, InputError, isInputError } from './domain/inputError';
import { inputErrorOf } from './domain/schemas/zodInput';
import type { Catalog, Policy } from './domain/model';
import { parseCatalog } from './domain/schemas/catalogSchema';
import type { FleetScope } from './domain/ports';
import { defaultPolicy, parsePolicy } from './domain/policySchema';
import type { ApproverPolicy } from './domain/approval';
import { scheduleProblem } from './platform/ncrontab';
import { DEFAULT_GATE_PATTERN } from './domain/fleetGates';
import { readInputFile } from './platform/inputFile';

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
  /** Minutes to wait for one hop's ARM operation before recording it as timed out. Default 15. */
  applyTimeoutMinutes: 'RECONCILER_APPLY_TIMEOUT_MINUTES',
  /** Durable task hub name (host.json reads it). */
  taskHub: 'RECONCILER_TASK_HUB',
  /** "required" (default): approvals need an authenticated caller (App Service authentication); "off": local runs. */
  approvalAuth: 'RECONCILER_APPROVAL_AUTH',
  /** Comma-separated app role values allowed to approve rings. */
  approverRoles: 'RECONCILER_APPROVER_ROLES',
  /** Comma-separated Microsoft Entra group object ids allowed to approve rings. */
  approverGroups: 'RECONCILER_APPROVER_GROUPS',
  /** Fleet Manager: a regular expression (case-insensitive) the display names of the app's approval gates match. Default ^extensions. */
  fleetGatePattern: 'RECONCILER_FLEET_GATE_PATTERN',
} as const;

/** Default NCRONTAB schedule of the discovery timer: every 30 minutes. */
export const DEFAULT_DISCOVERY_SCHEDULE = '0 */30 * * * *';

/** Where audit and state live: an endpoint reached with the managed identity, or a connection string. */
export type TableTarget = { endpoint: string } | { connectionString: string };

/** The validated settings. */
export interface AppConfig {
  scope: FleetScope;
  /** True (default): plan and record, apply nothing. */
  dryRun: boolean;
  policy: Policy;
  /** The parsed catalog overlay file, its path and the warnings about entries it dropped. */
  catalogOverlay?: { file: string; catalog: Catalog; warnings: string[] };
  tables: TableTarget;
  /** Unset = no notifications. */
  notificationTopic?: string;
  arm: { endpoint?: string; caFile?: string };
  lroPollMs: number;
  /** Minutes one hop's ARM operation may take before it counts as timed out. */
  applyTimeoutMinutes: number;
  discoverySchedule: string;
  /** Who may approve rings. */
  approvals: ApproverPolicy;
  /** Fleet Manager: the display-name pattern of the app's gates (case-insensitive). */
  fleetGatePattern: RegExp;
}

/** Reads a text file (injected in tests). */
export type ReadFile = (path: string) => string;

type Env = Record<string, string | undefined>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MANAGEMENT_GROUP = /^[A-Za-z0-9\-_().]{1,90}$/;

const list = (s: string): string[] => s.split(',').map((x) => x.trim()).filter((x) => x.length > 0);
const optional = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
};

/** Zod schemas of the individual settings; the key is the setting name. */
const schemas = {
  [SETTINGS.scopeSubscriptions]: z.array(z.string().regex(GUID, 'must be a subscription id (GUID)')),
  [SETTINGS.scopeManagementGroups]: z.array(z.string().regex(MANAGEMENT_GROUP, 'must be a management group name (letters, digits, - _ ( ) ., up to 90)')),
  [SETTINGS.dryRun]: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(['true', 'false', '1', '0'], 'must be true, false, 1 or 0'))
    .transform((s) => s === 'true' || s === '1'),
  [SETTINGS.lroPollMs]: z
    .string()
    .regex(/^\d+$/, 'must be a whole number of milliseconds')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1').max(600000, 'must be at most 600000')),
  [SETTINGS.applyTimeoutMinutes]: z
    .string()
    .regex(/^\d+$/, 'must be a whole number of minutes')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1').max(240, 'must be at most 240')),
  [SETTINGS.discoverySchedule]: z
    .string()
    .superRefine((s, ctx) => {
      const problem = scheduleProblem(s);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    }),
  [SETTINGS.approvalAuth]: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(['required', 'off'], 'must be required or off')),
  [SETTINGS.approverRoles]: z.array(z.string().regex(/^[!-~]{1,120}$/, 'must be app role values (printable ASCII, no spaces, up to 120 characters)')),
  [SETTINGS.approverGroups]: z.array(z.string().regex(GUID, 'must be group object ids (GUIDs)')),
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  httpsUrl: z.url({ protocol: /^https$/, error: 'must be an https URL (notifications are sent with the app identity: never over plain http)' }),
} as const;

function check<T>(name: string, schema: z.ZodType<T, unknown>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw inputErrorOf(r.error, name);
}

function readJson(name: string, file: string, readFile: ReadFile): unknown {
  let text: string;
  try {
    text = readFile(file);
  } catch (error) {
    throw new InputError(name, '$', `cannot read file "${file}": ${errorMessage(error)}`, { cause: error });
  }
  return parseJson(name, text, `file "${file}"`);
}

function parseJson(name: string, text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError(name, '$', `${what} is not valid JSON: ${errorMessage(error)}`, { cause: error });
  }
}

function loadPolicy(env: Env, readFile: ReadFile): Policy {
  const inline = optional(env, SETTINGS.policyJson);
  const file = optional(env, SETTINGS.policyFile);
  if (inline === undefined && file === undefined) return defaultPolicy();
  const [name, source, value] =
    inline !== undefined
      ? [SETTINGS.policyJson, SETTINGS.policyJson, parseJson(SETTINGS.policyJson, inline, 'the value')]
      : [SETTINGS.policyFile, file ?? '', readJson(SETTINGS.policyFile, file ?? '', readFile)];
  try {
    return parsePolicy(value, source);
  } catch (error) {
    if (isInputError(error)) throw new InputError(name, error.path, error.input === name ? error.problem : `${source}: ${error.problem}`, { cause: error });
    throw error;
  }
}

function loadCatalog(file: string, readFile: ReadFile): { file: string; catalog: Catalog; warnings: string[] } {
  const value = readJson(SETTINGS.catalogFile, file, readFile);
  try {
    return { file, ...parseCatalog(value, file) };
  } catch (error) {
    if (isInputError(error)) throw new InputError(SETTINGS.catalogFile, error.path, `${file}: ${error.problem}`, { cause: error });
    throw error;
  }
}

function loadScope(env: Env): FleetScope {
  const subscriptions = check(SETTINGS.scopeSubscriptions, schemas[SETTINGS.scopeSubscriptions], list(env[SETTINGS.scopeSubscriptions] ?? ''));
  const managementGroups = check(SETTINGS.scopeManagementGroups, schemas[SETTINGS.scopeManagementGroups], list(env[SETTINGS.scopeManagementGroups] ?? ''));
  if (subscriptions.length === 0 && managementGroups.length === 0) {
    throw new InputError(SETTINGS.scopeSubscriptions, '$', `set ${SETTINGS.scopeSubscriptions} or ${SETTINGS.scopeManagementGroups}: the app needs at least one subscription or management group`);
  }
  return { subscriptions: subscriptions.map((s) => s.toLowerCase()), managementGroups };
}

function loadTables(env: Env): TableTarget {
  const endpoint = optional(env, SETTINGS.tableEndpoint);
  if (endpoint !== undefined) return { endpoint: check(SETTINGS.tableEndpoint, schemas.url, endpoint) };
  const connectionString = optional(env, SETTINGS.tableConnection);
  if (connectionString !== undefined) return { connectionString };
  throw new InputError(SETTINGS.tableEndpoint, '$', `set ${SETTINGS.tableEndpoint} (managed identity) or ${SETTINGS.tableConnection} (connection string) for the audit and state tables`);
}

function loadCaFile(env: Env, readFile: ReadFile): string | undefined {
  const caFile = optional(env, SETTINGS.armCaFile);
  if (caFile === undefined) return undefined;
  let pem: string;
  try {
    pem = readFile(caFile);
  } catch (error) {
    throw new InputError(SETTINGS.armCaFile, '$', `cannot read file "${caFile}": ${errorMessage(error)}`, { cause: error });
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new InputError(SETTINGS.armCaFile, '$', `file "${caFile}" is not a PEM certificate`);
  return caFile;
}

/** Reads and validates every setting; throws an InputError naming the first bad setting. */
export function loadConfig(env: Env, readFile: ReadFile = (path) => readInputFile(path)): AppConfig {
  const scope = loadScope(env);
  const dryRunText = optional(env, SETTINGS.dryRun);
  const dryRun = dryRunText === undefined ? true : check(SETTINGS.dryRun, schemas[SETTINGS.dryRun], dryRunText);
  const policy = loadPolicy(env, readFile);
  const catalogFile = optional(env, SETTINGS.catalogFile);
  const catalogOverlay = catalogFile === undefined ? undefined : loadCatalog(catalogFile, readFile);
  const tables = loadTables(env);
  const topic = optional(env, SETTINGS.notificationTopic);
  const notificationTopic = topic === undefined ? undefined : check(SETTINGS.notificationTopic, schemas.httpsUrl, topic);
  const armText = optional(env, SETTINGS.armEndpoint);
  const armEndpoint = armText === undefined ? undefined : check(SETTINGS.armEndpoint, schemas.url, armText);
  const caFile = loadCaFile(env, readFile);
  const pollText = optional(env, SETTINGS.lroPollMs);
  const lroPollMs = pollText === undefined ? 5000 : check(SETTINGS.lroPollMs, schemas[SETTINGS.lroPollMs], pollText);
  const timeoutText = optional(env, SETTINGS.applyTimeoutMinutes);
  const applyTimeoutMinutes = timeoutText === undefined ? 15 : check(SETTINGS.applyTimeoutMinutes, schemas[SETTINGS.applyTimeoutMinutes], timeoutText);
  const scheduleText = optional(env, SETTINGS.discoverySchedule);
  const discoverySchedule = scheduleText === undefined ? DEFAULT_DISCOVERY_SCHEDULE : check(SETTINGS.discoverySchedule, schemas[SETTINGS.discoverySchedule], scheduleText);
  const approvals = loadApprovals(env);
  const fleetGatePattern = loadGatePattern(env);
  return {
    scope,
    dryRun,
    policy,
    ...(catalogOverlay ? { catalogOverlay } : {}),
    tables,
    ...(notificationTopic !== undefined ? { notificationTopic } : {}),
    arm: { ...(armEndpoint !== undefined ? { endpoint: armEndpoint } : {}), ...(caFile !== undefined ? { caFile } : {}) },
    lroPollMs,
    applyTimeoutMinutes,
    discoverySchedule,
    approvals,
    fleetGatePattern,
  };
}

function loadGatePattern(env: Env): RegExp {
  const text = optional(env, SETTINGS.fleetGatePattern) ?? DEFAULT_GATE_PATTERN;
  if (text.length > 200) throw new InputError(SETTINGS.fleetGatePattern, '$', 'must be at most 200 characters');
  try {
    return new RegExp(text, 'i');
  } catch (error) {
    throw new InputError(SETTINGS.fleetGatePattern, '$', `"${text}" is not a regular expression: ${errorMessage(error)}`, { cause: error });
  }
}

function loadApprovals(env: Env): ApproverPolicy {
  const mode = optional(env, SETTINGS.approvalAuth);
  const requireAuthentication = mode === undefined ? true : check(SETTINGS.approvalAuth, schemas[SETTINGS.approvalAuth], mode) === 'required';
  const roles = check(SETTINGS.approverRoles, schemas[SETTINGS.approverRoles], list(env[SETTINGS.approverRoles] ?? ''));
  const groups = check(SETTINGS.approverGroups, schemas[SETTINGS.approverGroups], list(env[SETTINGS.approverGroups] ?? '')).map((g) => g.toLowerCase());
  return { requireAuthentication, roles, groups };
}
