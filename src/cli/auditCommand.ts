/**
 * `audit`: prints the audit rows of a cluster or a rollout from the ExtensionAudit table, as a table (120 columns:
 * the whole rollout id, action, code, actor and reason) or as JSON `{ rows }`.
 */
import type { TokenCredential } from '@azure/core-auth';
import { createTableStores } from '../azure/tables/tableStores';
import { errorMessage, InputError } from '../domain/inputError';
import { checkConnectionString, checkHttpsUrl } from './cliChecks';
import { cell } from './terminalText';
import type { AuditRecord } from '../domain/ports';

/** Options of `audit`, as commander parses them. */
export interface AuditOptions {
  connectionString?: string;
  /** Where the connection string came from when not `--connection-string` (an environment variable's name). */
  connectionStringFrom?: string;
  endpoint?: string;
  cluster?: string;
  rollout?: string;
  limit?: number;
  output: 'table' | 'json';
}

/** Help text of `audit` (the options commander should declare). */
export const AUDIT_COMMAND_HELP = `Print the audit log of a cluster or a rollout (most recent rows, oldest first).

Options:
  --cluster <armId>             rows about this cluster (ARM id, any case)
  --rollout <id>                rows of this rollout (e.g. fleet-2025-01-01T00:00:00Z)
  --limit <n>                   at most n rows, the most recent ones (default 200)
  --output <table|json>         table (default) or JSON {"rows": [...]}
  --connection-string <cs>      storage connection string (e.g. UseDevelopmentStorage=true for Azurite)
  --endpoint <url>              table endpoint (https://<account>.table.core.windows.net), signed in with your Azure login
Give --cluster or --rollout (or both), and --connection-string or --endpoint.`;

/** Seams for tests: the credential used with --endpoint. */
export interface AuditSeams {
  credential?: TokenCredential;
}

const DEFAULT_LIMIT = 200;

/** Escapes control characters, then pads or cuts to `width` display columns. */
function cut(text: string, width: number): string {
  return cell(text, width);
}

/** The last segment of a cluster's ARM id (its name). */
function shortCluster(clusterId: string): string {
  return clusterId.split('/').filter(Boolean).pop() ?? clusterId;
}

/** `YYYY-MM-DD HH:MM` from an ISO time (the text as given when it is not one). */
function shortTime(at: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(at);
  return match ? `${match[1]} ${match[2]}` : at;
}

const COLUMNS: Array<[string, number, (r: AuditRecord) => string]> = [
  ['TIME (UTC)', 16, (r) => shortTime(r.at)],
  ['CLUSTER', 22, (r) => (r.clusterId ? shortCluster(r.clusterId) : '-')],
  ['EXTENSION', 14, (r) => r.extensionName || '-'],
  ['ACTION', 9, (r) => r.kind],
  ['FROM→TO', 16, (r) => (r.from === null && r.to === null ? '-' : `${r.from ?? '?'}→${r.to ?? '?'}`)],
  ['CODE', 36, (r) => r.code],
];

/** Width of the table: a terminal of 120 columns. */
const WIDTH = 120;
const INDENT = ' '.repeat(COLUMNS[0]![1] + 1);

/**
 * Formats rows as a table of at most 120 columns: a `rollout <whole id>` line whenever the rollout changes, one line
 * per row, and under it who acted (approvals, cleared holds) and the reason.
 */
export function auditTable(rows: AuditRecord[]): string {
  const line = (cells: string[]): string => cells.map((c, i) => cut(c, COLUMNS[i]![1])).join(' ').trimEnd();
  const out = [line(COLUMNS.map(([title]) => title))];
  let rollout: string | undefined;
  for (const r of rows) {
    if (r.rolloutId !== rollout) out.push(cut(`rollout ${r.rolloutId}`, WIDTH).trimEnd());
    rollout = r.rolloutId;
    out.push(line(COLUMNS.map(([, , cell]) => cell(r))));
    out.push(`${INDENT}${cut(`${r.actor ? `by ${r.actor} · ` : ''}${r.reason}`, WIDTH - INDENT.length)}`.trimEnd());
  }
  out.push(`${rows.length} row${rows.length === 1 ? '' : 's'}`);
  return `${out.join('\n')}\n`;
}

/** Runs `audit`; throws InputError for missing or bad options. */
export async function auditCommand(options: AuditOptions, io: { stdout: (s: string) => void }, seams: AuditSeams = {}): Promise<void> {
  if (!options.cluster && !options.rollout) throw new InputError('audit', '--cluster/--rollout', 'give one of --cluster <armId> or --rollout <id> (or both)');
  if (!options.connectionString && !options.endpoint) throw new InputError('audit', '--connection-string/--endpoint', 'give --connection-string <cs> or --endpoint <url> of the table service');
  if (options.output !== 'table' && options.output !== 'json') throw new InputError('audit', '--output', `"${String(options.output)}" is not one of table, json`);
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw new InputError('audit', '--limit', `"${String(options.limit)}" is not a positive integer`);

  const storeOptions: Parameters<typeof createTableStores>[0] = { retry: { retries: 2, retryDelayMs: 200 } };
  if (options.endpoint) storeOptions.endpoint = checkHttpsUrl('audit', '--endpoint', options.endpoint);
  else if (options.connectionString) storeOptions.connectionString = checkConnectionString(options.connectionStringFrom ?? '--connection-string', options.connectionString);
  if (seams.credential) storeOptions.credential = seams.credential;
  let audit: ReturnType<typeof createTableStores>['audit'];
  try {
    audit = createTableStores(storeOptions).audit;
  } catch (error) {
    // the SDK's own parse of the connection string; never echo it (it holds the account key)
    throw new InputError('audit', options.endpoint ? '--endpoint' : (options.connectionStringFrom ?? '--connection-string'), `the table client refused it (${errorMessage(error).split('\n')[0]})`, { cause: error });
  }

  const query: { clusterId?: string; rolloutId?: string; limit: number } = { limit };
  if (options.cluster) query.clusterId = options.cluster;
  if (options.rollout) query.rolloutId = options.rollout;
  const rows = await audit.query(query);

  io.stdout(options.output === 'json' ? `${JSON.stringify({ rows }, null, 2)}\n` : auditTable(rows));
}
