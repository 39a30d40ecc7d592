/**
 * `plan`: the plan for a fleet, from files (`--snapshot`, `--catalog`) or live and read-only from Azure
 * (`--subscription` / `--management-group`, the user's Azure login).
 */
import type { TokenCredential } from '@azure/core-auth';
import { fixedCatalog, planSnapshotByCluster, type PlannedStream } from '../app/snapshot';
import { InputError, isInputError } from '../domain/inputError';
import type { Catalog, Decision, DecisionAction, FleetSnapshot, RolloutPolicy } from '../domain/model';
import { summarize, type PlanSummary } from '../domain/plan';
import type { CatalogSource } from '../domain/ports';
import { defaultPolicy, parsePolicy } from '../domain/policySchema';
import { parseCatalog } from '../domain/schemas/catalogSchema';
import { unknownPolicyTypes } from '../domain/planWarnings';
import { isIsoDateTime } from '../domain/schemas/isoDateTime';
import { errorMessage } from '../domain/inputError';
import type { ReleaseSightingStore } from '../domain/ports';
import { hasUndatedLiveVersions } from '../domain/releaseAge';
import { assumeFleetKubernetesVersion, kubernetesTargetText, parseKubernetesTarget, type KubernetesTarget } from '../domain/whatIf';
import { readJsonFile, writeJsonFile, type CliIo } from './cliIo';
import { checkCaFile, checkHttpsUrl, checkWritablePath } from './cliChecks';
import { writePlan } from './planWriter';
import { readSnapshotFile } from './snapshotFile';
import { buildPlanReport } from '../report/planReport';
import { htmlReport } from '../report/htmlReport';
import { markdownReport } from '../report/markdownReport';

/** The formats of `--output`. */
export const PLAN_OUTPUTS = ['table', 'json', 'html', 'markdown'] as const;
type PlanOutput = (typeof PLAN_OUTPUTS)[number];

/** Options of `plan`, as commander parses them. */
export interface PlanOptions {
  snapshot?: string;
  catalog?: string;
  policy?: string;
  now?: string;
  output: string;
  subscription?: string[];
  managementGroup?: string[];
  endpoint?: string;
  ca?: string;
  saveSnapshot?: string;
  saveCatalog?: string;
  /** Print only decisions with these actions (the summary still counts the whole plan). */
  only?: string[];
  /** Exit 3 when a decision has one of these actions (a gate for pipelines). */
  failOn?: string[];
  /** Table output: a REASON column (wider than 120 columns). */
  wide?: boolean;
  /** Issue 24, live mode: the app's storage (connection string) whose ReleaseSightings table dates live versions. */
  sightingsConnectionString?: string;
  /** Issue 24, live mode: the app's table endpoint (https), signed in with the user's Azure login. */
  sightingsEndpoint?: string;
  /** What-if: plan as if every cluster ran this Kubernetes version (`X.Y[.Z]`, or `+1` for each its next minor). */
  kubernetesVersion?: string;
}

const ACTIONS: readonly DecisionAction[] = ['upgrade', 'hold', 'wait', 'skip', 'blocked', 'none', 'error'];

/** Checks a list of action names given to `flag`. */
function actions(flag: string, names: string[] | undefined): Set<DecisionAction> | undefined {
  if (!names?.length) return undefined;
  for (const n of names) if (!ACTIONS.includes(n as DecisionAction)) throw new InputError('plan', flag, `"${n}" is not one of ${ACTIONS.join(', ')}`);
  return new Set(names as DecisionAction[]);
}

/** The JSON document `plan --output json` prints (and GET /api/plan returns). */
export interface PlanDocument {
  decisions: Decision[];
  summary: PlanSummary;
}

/** Seams for tests and the demo: the credential used in live mode. */
export interface PlanSeams {
  credential?: TokenCredential;
}


const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MANAGEMENT_GROUP = /^[A-Za-z0-9\-_().]{1,90}$/;

/** Checks the option combination and values; throws InputError naming the option. */
function validate(o: PlanOptions): { live: boolean; now: Date; output: PlanOutput; target?: KubernetesTarget } {
  const live = Boolean(o.subscription?.length || o.managementGroup?.length);
  if (live && o.snapshot) throw new InputError('plan', '--snapshot', 'give either --snapshot (file mode) or --subscription/--management-group (live mode), not both');
  if (!live && !o.snapshot) throw new InputError('plan', '--snapshot', 'missing: give --snapshot <file> (with --catalog <file>), or --subscription/--management-group for live mode');
  if (!live && !o.catalog) throw new InputError('plan', '--catalog', 'missing: file mode needs --catalog <file>');
  if (live && (o.subscription?.length ?? 0) && (o.managementGroup?.length ?? 0)) throw new InputError('plan', '--management-group', 'give subscriptions or management groups, not both');
  for (const s of o.subscription ?? []) if (!GUID.test(s)) throw new InputError('plan', '--subscription', `"${s}" is not a subscription id (a GUID)`);
  if (!live) for (const flag of ['endpoint', 'ca', 'saveSnapshot', 'saveCatalog', 'sightingsConnectionString', 'sightingsEndpoint'] as const) if (o[flag]) throw new InputError('plan', `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, 'only applies to live mode');
  if (!(PLAN_OUTPUTS as readonly string[]).includes(o.output)) throw new InputError('plan', '--output', `"${o.output}" is not one of ${PLAN_OUTPUTS.join(', ')}`);
  if (o.endpoint !== undefined) checkHttpsUrl('plan', '--endpoint', o.endpoint);
  if (o.sightingsEndpoint !== undefined) checkHttpsUrl('plan', '--sightings-endpoint', o.sightingsEndpoint);
  if (o.sightingsEndpoint !== undefined && o.sightingsConnectionString !== undefined) throw new InputError('plan', '--sightings-endpoint', 'give --sightings-endpoint or --sightings-connection-string, not both');
  if (o.ca !== undefined) checkCaFile('plan', '--ca', o.ca);
  for (const m of o.managementGroup ?? []) if (!MANAGEMENT_GROUP.test(m)) throw new InputError('plan', '--management-group', `"${m}" is not a management group name (letters, digits, - _ ( ) ., up to 90)`);
  if (o.saveSnapshot !== undefined) checkWritablePath('plan', '--save-snapshot', o.saveSnapshot);
  if (o.saveCatalog !== undefined) checkWritablePath('plan', '--save-catalog', o.saveCatalog);
  let now = new Date();
  if (o.now !== undefined) {
    if (!isIsoDateTime(o.now)) throw new InputError('plan', '--now', `"${o.now}" is not an ISO-8601 date-time with an offset or Z (a real date and time, e.g. 2024-06-01T12:00:00Z or 2024-06-01T12:00Z)`);
    now = new Date(o.now);
  }
  return { live, now, output: o.output as PlanOutput, ...(o.kubernetesVersion === undefined ? {} : { target: kubernetesTarget(o.kubernetesVersion) }) };
}

/** `--kubernetes-version`, parsed; an InputError naming the option otherwise. */
function kubernetesTarget(text: string): KubernetesTarget {
  try {
    return parseKubernetesTarget(text, 'plan');
  } catch (error) {
    if (isInputError(error)) throw new InputError('plan', '--kubernetes-version', error.problem);
    throw error;
  }
}

/** A static token for a simulator on loopback (it checks no signature); never used for a real ARM endpoint. */
function loopbackCredential(endpoint: string | undefined): TokenCredential | undefined {
  if (!endpoint || !/^https:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/.test(endpoint)) return undefined;
  return { getToken: () => Promise.resolve({ token: 'local-simulator-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

/** Discovers the fleet live and returns it with the live catalog source; read-only. The Azure SDKs load only here: file mode starts faster. */
async function discover(o: PlanOptions, io: CliIo, seams: PlanSeams): Promise<{ snapshot: FleetSnapshot; catalog: CatalogSource; sightings?: ReleaseSightingStore }> {
  const { armConnection } = await import('../azure/arm/armConnection');
  const { ExtensionTypeCatalog } = await import('../azure/arm/extensionTypeCatalog');
  const { ResourceGraphInventory } = await import('../azure/resourceGraph/resourceGraphInventory');
  const credential = seams.credential ?? loopbackCredential(o.endpoint);
  const conn = armConnection({ ...(o.endpoint ? { endpoint: o.endpoint } : {}), ...(o.ca ? { caFile: o.ca } : {}), ...(credential ? { credential } : {}) });
  const warn = (m: string): void => io.stderr(`warning: ${m}\n`);
  const progress = io.interactive ? (p: { pages: number; rows: number }): void => io.stderr(`\rdiscovering: ${p.rows} rows, ${p.pages} pages`) : undefined;
  const inventory = new ResourceGraphInventory(conn, { onWarning: warn, ...(progress ? { onProgress: progress } : {}) });
  const snapshot = await inventory.discover({ subscriptions: o.subscription ?? [], managementGroups: o.managementGroup ?? [] });
  if (progress) io.stderr('\n');
  const overlay = o.catalog ? loadCatalog(o.catalog, io) : undefined;
  const sightings = await sightingsStore(o, seams);
  return { snapshot, catalog: new ExtensionTypeCatalog(conn, { onWarning: warn, ...(overlay ? { overlay } : {}) }), ...(sightings ? { sightings } : {}) };
}

/** Issue 24: the app's ReleaseSightings table, read only, when the user names its storage; else undefined. */
async function sightingsStore(o: PlanOptions, seams: PlanSeams): Promise<ReleaseSightingStore | undefined> {
  if (o.sightingsConnectionString === undefined && o.sightingsEndpoint === undefined) return undefined;
  const { createTableStores } = await import('../azure/tables/tableStores');
  try {
    if (o.sightingsEndpoint !== undefined) return createTableStores({ endpoint: o.sightingsEndpoint, ...(seams.credential ? { credential: seams.credential } : {}) }).sightings;
    return createTableStores({ connectionString: o.sightingsConnectionString! }).sightings;
  } catch (error) {
    // never echo a connection string: it holds the account key
    throw new InputError('plan', '--sightings-connection-string', `not a storage connection string the table client accepts (${errorMessage(error).split('\n')[0]})`, { cause: error });
  }
}

/** Reads a catalog file, printing its warnings. */
function loadCatalog(path: string, io: CliIo): Catalog {
  const { catalog, warnings } = parseCatalog(readJsonFile(path), path);
  for (const w of warnings) io.stderr(`warning: ${w}\n`);
  return catalog;
}

/** Runs `plan`, writing the plan as it is decided; throws InputError for user errors. `gated` lists the decisions `--fail-on` caught. */
export async function planCommand(o: PlanOptions, io: CliIo, seams: PlanSeams = {}): Promise<{ summary: PlanSummary; gated: Decision[] }> {
  const { live, now, output, target } = validate(o);
  const only = actions('--only', o.only);
  const failOn = actions('--fail-on', o.failOn);
  const policy = o.policy ? parsePolicy(readJsonFile(o.policy), o.policy) : defaultPolicy();
  const warnings: string[] = [];
  const source = live ? await discover(o, io, seams) : { snapshot: readSnapshotFile(o.snapshot!, warnings), catalog: fixedCatalog(loadCatalog(o.catalog!, io)) };
  for (const w of warnings) io.stderr(`warning: ${w}\n`);
  const sightings = 'sightings' in source ? source.sightings : undefined;
  // what-if: the fleet as if it ran the target version; --save-snapshot keeps the fleet as discovered
  const planned = await planSnapshotByCluster(target ? assumeFleetKubernetesVersion(source.snapshot, target) : source.snapshot, { catalog: source.catalog, policy, ...(sightings ? { sightings, sightingsReadOnly: true } : {}), onWarning: (m) => io.stderr(`warning: ${m}\n`) }, now);
  if (live && policy.minReleaseAgeDays > 0 && hasUndatedLiveVersions(planned.catalog)) {
    io.stderr(`warning: release age: the extension types API gives no release dates, so minReleaseAgeDays (${policy.minReleaseAgeDays}) is not applied to live versions; pass --sightings-connection-string or --sightings-endpoint (the app's storage) to date them by the app's first sightings\n`);
  }
  for (const w of unknownPolicyTypes(policy, planned.catalog, planned.snapshot, o.policy ?? 'policy')) io.stderr(`warning: ${w}\n`);
  if (o.saveSnapshot) writeJsonFile(o.saveSnapshot, source.snapshot);
  if (o.saveCatalog) writeJsonFile(o.saveCatalog, planned.catalog);
  const assumed = target ? { assumedKubernetesVersion: kubernetesTargetText(target) } : {};
  const { summary, gated } =
    output === 'html' || output === 'markdown'
      ? writeReport(output, planned, policy.rollout, now, { ...(only ? { only } : {}), ...(failOn ? { failOn } : {}), ...assumed }, io)
      : writePlan(planned.runs, { output, clusters: planned.snapshot.clusters.length, wide: o.wide === true, ...(only ? { only } : {}), ...(failOn ? { failOn } : {}), ...assumed }, io);
  if (gated.length > 0) io.stderr(`plan gate: ${gated.length} decision${gated.length === 1 ? '' : 's'} with action ${[...new Set(gated.map((d) => d.action))].join(', ')} (--fail-on)\n`);
  return { summary, gated };
}

/** The html or markdown report of the whole plan (matrix and problems, whatever `--only` says); returns the summary and the gated decisions. */
function writeReport(output: 'html' | 'markdown', planned: PlannedStream, rollout: RolloutPolicy, now: Date, o: { failOn?: ReadonlySet<DecisionAction>; assumedKubernetesVersion?: string }, io: CliIo): { summary: PlanSummary; gated: Decision[] } {
  const decisions = [...planned.runs].flatMap((r) => r.decisions);
  const assumed = o.assumedKubernetesVersion === undefined ? {} : { assumedKubernetesVersion: o.assumedKubernetesVersion };
  const built = buildPlanReport(planned.snapshot, decisions, rollout, now.toISOString());
  const report = { ...built, summary: { ...built.summary, ...assumed } };
  io.stdout(output === 'html' ? htmlReport(report) : markdownReport(report));
  return { summary: { ...summarize(planned.snapshot, decisions), ...assumed }, gated: o.failOn ? decisions.filter((d) => o.failOn?.has(d.action)) : [] };
}
