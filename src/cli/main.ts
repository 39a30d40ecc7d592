/** The `k8s-extension-reconciler` command line: `plan` and `audit`. Exit 0 ok, 2 user error, 3 `--fail-on` gate, 1 internal error. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { errorMessage, isInputError } from '../domain/inputError';
import type { AuditOptions } from './auditCommand';
import { processIo, type CliIo } from './cliIo';
import { reachProblem } from './cliChecks';
import { planCommand, type PlanOptions, type PlanSeams } from './planCommand';

const positiveInteger = (v: string): number => {
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1) throw new InvalidArgumentError('must be a positive integer');
  return Number(v);
};
const collect = (value: string, previous: string[] = []): string[] => {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new InvalidArgumentError('has an empty item: name each value (e.g. upgrade,blocked)');
  return [...previous, ...items];
};

/**
 * Every option that takes a value refuses an empty one (`--policy ''` must not mean "no policy"), and one that takes a
 * single value refuses to be given twice (the last would silently win); list options (`<x...>`) may repeat.
 */
function strictOptions(command: Command): void {
  for (const option of command.options) {
    if (!option.required && !option.optional) continue; // a flag takes no value
    const parse = option.parseArg;
    let given = 0;
    option.argParser((value: string, previous: unknown) => {
      if (value.trim() === '') throw new InvalidArgumentError('is empty: give a value');
      if (!option.variadic && ++given > 1) throw new InvalidArgumentError('is given twice: give it once');
      return parse ? (parse as (v: string, p: unknown) => unknown)(value, previous) : value;
    });
  }
}

/** The package's version, read from its package.json (src/cli or dist/src/cli below it). */
function packageVersion(): string {
  for (const up of ['../..', '../../..']) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, up, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'k8s-extension-reconciler' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not here: look one folder up
    }
  }
  return 'unknown';
}

/** Builds the program; actions run against `io`. */
/** What a run found that decides its exit code beyond success. */
interface RunResult {
  gated: number;
}

function program(io: CliIo, seams: PlanSeams, result: RunResult): Command {
  const root = new Command('k8s-extension-reconciler')
    .description('Keeps cluster extensions of AKS and Arc fleets on safe versions. Read-only from the command line.')
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.stdout(t), writeErr: (t) => io.stderr(t), outputError: (text, write) => write(text) })
    .showHelpAfterError(false)
    .version(packageVersion(), '--version', 'print the version and exit');
  root
    .command('plan')
    .description('Show the version move each extension is allowed now (files, or live and read-only from Azure).')
    .option('--snapshot <file>', 'fleet snapshot JSON (file mode)')
    .option('--catalog <file>', 'catalog JSON (file mode; overlays the live catalog in live mode)')
    .option('--policy <file>', 'policy JSON (default policy when absent)')
    .option('--now <iso-8601>', 'the time to decide at (release ages)')
    .addOption(new Option('--output <format>', 'table, json, html (one self-contained file) or markdown').default('table'))
    .option('--subscription <id...>', 'live mode: subscription ids to discover (repeat or comma-separate)', collect)
    .option('--management-group <name...>', 'live mode: management groups to discover', collect)
    .option('--endpoint <url>', 'live mode: ARM endpoint (default https://management.azure.com; a simulator on 127.0.0.1)')
    .option('--ca <file>', 'live mode: PEM of a CA to trust for --endpoint')
    .option('--save-snapshot <file>', 'live mode: write the discovered snapshot')
    .option('--save-catalog <file>', 'live mode: write the catalog read')
    .option('--sightings-connection-string <cs>', "live mode: the app's storage; its ReleaseSightings table dates live versions (minReleaseAgeDays), read only")
    .option('--sightings-endpoint <url>', "live mode: the app's table endpoint https://<account>.table.core.windows.net (your Azure login), as --sightings-connection-string")
    .option('--only <actions...>', 'print only decisions with these actions (e.g. upgrade,blocked); the summary counts all', collect)
    .option('--wide', 'table output: add a REASON column (lines wider than 120 columns)')
    .option('--kubernetes-version <version>', 'what-if: plan as if every cluster ran this Kubernetes version (X.Y or X.Y.Z), or +1 for each its next minor; its current version becomes the reconciled one')
    .option('--fail-on <actions...>', 'exit 3 when a decision has one of these actions (e.g. blocked,error): a gate for pipelines', collect)
    .action(async (options: PlanOptions) => {
      const { gated } = await planCommand(options, io, seams);
      result.gated += gated.length;
    });
  root
    .command('audit')
    .description('Print the audit log (ExtensionAudit table) of a cluster or a rollout, oldest first.')
    .option('--cluster <armId>', 'rows of this cluster')
    .option('--rollout <id>', 'rows of this rollout')
    .option('--limit <n>', 'most recent rows to show (default 200)', positiveInteger)
    .addOption(new Option('--output <format>', 'table or json').default('table'))
    .option('--connection-string <cs>', 'storage connection string (default: $AzureWebJobsStorage; Azurite: UseDevelopmentStorage=true)')
    .option('--endpoint <url>', 'table endpoint https://<account>.table.core.windows.net, signed in with your Azure login')
    .action(async (options: AuditOptions) => {
      const fromEnv = process.env.AzureWebJobsStorage;
      const withDefault = options.connectionString || options.endpoint || !fromEnv ? options : { ...options, connectionString: fromEnv, connectionStringFrom: '$AzureWebJobsStorage' };
      const { auditCommand } = await import('./auditCommand'); // Table storage's SDK loads only for `audit`
      await auditCommand(withDefault, io);
    });
  for (const command of root.commands) strictOptions(command);
  return root;
}

/** A login or permission problem of the user's (no Azure login, 401, 403), in words; undefined for anything else. */
function accessProblem(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (error.name === 'CredentialUnavailableError' || error.name === 'AuthenticationError' || error.name === 'AggregateAuthenticationError')
    return `no usable Azure login (${error.message.split('\n')[0]}); run \`az login\` and try again`;
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 401 || status === 403) return `Azure refused the request (${status}): ${error.message.split('\n')[0]}; check the login has Reader on the scope`;
  return undefined;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: CliIo = processIo(), seams: PlanSeams = {}): Promise<number> {
  try {
    const result: RunResult = { gated: 0 };
    await program(io, seams, result).parseAsync(argv, { from: 'user' });
    return result.gated > 0 ? 3 : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version exit 0; unknown options, missing arguments and the like are user errors
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isInputError(error)) {
      io.stderr(`error: ${error.message}\n`);
      return 2;
    }
    const access = accessProblem(error) ?? reachProblem(error);
    if (access) {
      io.stderr(`error: ${access}\n`);
      return 2;
    }
    const message = errorMessage(error);
    io.stderr(`internal error: ${message}\n${process.env.DEBUG ? `${(error as Error).stack ?? ''}\n` : 'set DEBUG=1 for details\n'}`);
    return 1;
  }
}
