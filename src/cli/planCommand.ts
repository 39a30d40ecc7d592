/**
 * `plan`: the plan for a fleet, from files (`--snapshot`, `--catalog`) or live and read-only from Azure
 * (`--subscription` / `--management-group`, the user's Azure login).
 */
import type { TokenCredential } from '@azure/core-auth';
import { armConnection } from '../azure/arm/armConnection';
import { ExtensionTypeCatalog } from '../azure/arm/extensionTypeCatalog';
import { ResourceGraphInventory } from '../azure/resourceGraph/resourceGraphInventory';
import { InputError } from '../domain/inputError';
import type { Catalog, Decision, DecisionAction, FleetSnapshot } from '../domain/model';
import { planFleet, summarize, type PlanSummary } from '../domain/plan';
import { defaultPolicy, parsePolicy } from '../domain/policySchema';
import { parseCatalog } from '../domain/schemas/catalogSchema';
import { parseSnapshot, unknownSnapshotFields } from '../domain/schemas/snapshotSchema';
import { unknownPolicyTypes } from '../domain/planWarnings';
import { z } from 'zod';
import { readJsonFile, writeJsonFile, type CliIo } from './cliIo';
import { planTable } from './planTable';

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

/** A real calendar date-time with an offset or Z (zod checks the day exists: 2024-02-30 fails). */
const ISO_DATE_TIME = z.iso.datetime({ offset: true });

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks the option combination and values; throws InputError naming the option. */
function validate(o: PlanOptions): { live: boolean; now: Date; output: 'table' | 'json' } {
  const live = Boolean(o.subscription?.length || o.managementGroup?.length);
  if (live && o.snapshot) throw new InputError('plan', '--snapshot', 'give either --snapshot (file mode) or --subscription/--management-group (live mode), not both');
  if (!live && !o.snapshot) throw new InputError('plan', '--snapshot', 'missing: give --snapshot <file> (with --catalog <file>), or --subscription/--management-group for live mode');
  if (!live && !o.catalog) throw new InputError('plan', '--catalog', 'missing: file mode needs --catalog <file>');
  if (live && (o.subscription?.length ?? 0) && (o.managementGroup?.length ?? 0)) throw new InputError('plan', '--management-group', 'give subscriptions or management groups, not both');
  for (const s of o.subscription ?? []) if (!GUID.test(s)) throw new InputError('plan', '--subscription', `"${s}" is not a subscription id (a GUID)`);
  if (!live) for (const flag of ['endpoint', 'ca', 'saveSnapshot', 'saveCatalog'] as const) if (o[flag]) throw new InputError('plan', `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, 'only applies to live mode');
  if (o.output !== 'table' && o.output !== 'json') throw new InputError('plan', '--output', `"${o.output}" is not one of table, json`);
  let now = new Date();
  if (o.now !== undefined) {
    if (!ISO_DATE_TIME.safeParse(o.now).success) throw new InputError('plan', '--now', `"${o.now}" is not an ISO-8601 date-time with an offset or Z (a real date and time, e.g. 2024-06-01T12:00:00Z)`);
    now = new Date(o.now);
  }
  return { live, now, output: o.output };
}

/** A static token for a simulator on loopback (it checks no signature); never used for a real ARM endpoint. */
function loopbackCredential(endpoint: string | undefined): TokenCredential | undefined {
  if (!endpoint || !/^https:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/.test(endpoint)) return undefined;
  return { getToken: () => Promise.resolve({ token: 'local-simulator-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

/** Discovers the fleet and reads the catalog live; read-only. */
async function discover(o: PlanOptions, io: CliIo, seams: PlanSeams): Promise<{ snapshot: FleetSnapshot; catalog: Catalog }> {
  const credential = seams.credential ?? loopbackCredential(o.endpoint);
  const conn = armConnection({ ...(o.endpoint ? { endpoint: o.endpoint } : {}), ...(o.ca ? { caFile: o.ca } : {}), ...(credential ? { credential } : {}) });
  const warn = (m: string): void => io.stderr(`warning: ${m}\n`);
  const progress = io.interactive ? (p: { pages: number; rows: number }): void => io.stderr(`\rdiscovering: ${p.rows} rows, ${p.pages} pages`) : undefined;
  const inventory = new ResourceGraphInventory(conn, { onWarning: warn, ...(progress ? { onProgress: progress } : {}) });
  const snapshot = await inventory.discover({ subscriptions: o.subscription ?? [], managementGroups: o.managementGroup ?? [] });
  if (progress) io.stderr('\n');
  const overlay = o.catalog ? loadCatalog(o.catalog, io) : undefined;
  const catalog = await new ExtensionTypeCatalog(conn, { onWarning: warn, ...(overlay ? { overlay } : {}) }).catalogFor(snapshot);
  return { snapshot, catalog };
}

/** Reads a catalog file, printing its warnings. */
function loadCatalog(path: string, io: CliIo): Catalog {
  const { catalog, warnings } = parseCatalog(readJsonFile(path), path);
  for (const w of warnings) io.stderr(`warning: ${w}\n`);
  return catalog;
}

/** Reads a snapshot file, printing a warning for each unknown field. */
function loadSnapshot(path: string, io: CliIo): FleetSnapshot {
  const value = readJsonFile(path);
  const snapshot = parseSnapshot(value, path);
  for (const w of unknownSnapshotFields(value, path)) io.stderr(`warning: ${w}\n`);
  return snapshot;
}

/** Runs `plan`; throws InputError for user errors. `gated` lists the decisions `--fail-on` caught. */
export async function planCommand(o: PlanOptions, io: CliIo, seams: PlanSeams = {}): Promise<PlanDocument & { gated: Decision[] }> {
  const { live, now, output } = validate(o);
  const only = actions('--only', o.only);
  const failOn = actions('--fail-on', o.failOn);
  const policy = o.policy ? parsePolicy(readJsonFile(o.policy), o.policy) : defaultPolicy();
  const { snapshot, catalog } = live ? await discover(o, io, seams) : { snapshot: loadSnapshot(o.snapshot!, io), catalog: loadCatalog(o.catalog!, io) };
  for (const w of unknownPolicyTypes(policy, catalog, snapshot, o.policy ?? 'policy')) io.stderr(`warning: ${w}\n`);
  if (o.saveSnapshot) writeJsonFile(o.saveSnapshot, snapshot);
  if (o.saveCatalog) writeJsonFile(o.saveCatalog, catalog);
  const decisions = planFleet(snapshot, catalog, policy, now);
  const doc: PlanDocument = { decisions: only ? decisions.filter((d) => only.has(d.action)) : decisions, summary: summarize(snapshot, decisions) };
  io.stdout(output === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : planTable(snapshot, doc.decisions, doc.summary, { wide: o.wide === true }));
  const gated = failOn ? decisions.filter((d) => failOn.has(d.action)) : [];
  if (gated.length > 0) io.stderr(`plan gate: ${gated.length} decision${gated.length === 1 ? '' : 's'} with action ${[...new Set(gated.map((d) => d.action))].join(', ')} (--fail-on)\n`);
  return { ...doc, gated };
}
