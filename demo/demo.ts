/**
 * `npm run demo`: the whole story on the embedded default, no Azure account. Starts Azurite and the ARM fleet simulator
 * with a generated fleet, shows the live read-only `plan`, runs the discovery timer end to end (orchestrations under
 * durable-functions' replay engine, real SDK clients over HTTPS), upgrades one cluster's Kubernetes minor and delivers
 * the matching Event Grid event, then prints the audit log with the `audit` command.
 * `npm run demo -- --serve [--port <n>]` then keeps the world up on 127.0.0.1 and serves the app's HTTP routes (status page
 * included, see demo/serveHttp.ts) with a rollout waiting for approval, until Ctrl+C.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_WORLD_POLICY, startE2eWorld, type E2eWorld } from '../simulator/world/e2eWorld';
import { generateFleet } from '../simulator/fleetGenerator';
import { addRealFleetCases, printRealFleetCases } from './realFleetCases';
import { main } from '../src/cli/main';
import type { AuditRecord } from '../src/domain/ports';
import type { CliIo } from '../src/cli/cliIo';
import { stageApprovalRollout } from './approvalAct';
import { claimPort, pumpWorld, serveWorld, type ClaimedPort } from './serveHttp';
import { addFleetStoryClusters, FLEET_STORY, runFleetStory, type FleetStoryClusters } from './fleetAct';
import { liveSignalsAct } from './liveSignalsAct';

/** How much faster than the wall clock the served world's clock runs (a 30-minute bake takes 30 s). */
const SERVE_SPEED = 60;

const out = (text = ''): boolean => process.stdout.write(`${text}\n`);
const heading = (text: string): void => void out(`\n== ${text} ${'='.repeat(Math.max(0, 112 - text.length))}`);
const shortName = (id: string): string => id.split('/').pop() ?? id;

/** Runs the CLI in-process, printing at most `maxLines` lines of its output. */
async function cli(argv: string[], maxLines = Infinity): Promise<number> {
  let text = '';
  const io: CliIo = { stdout: (t) => void (text += t), stderr: (t) => void process.stderr.write(t), interactive: false };
  const code = await main(argv, io);
  const lines = text.trimEnd().split('\n');
  if (lines.length <= maxLines) out(lines.join('\n'));
  else out([...lines.slice(0, maxLines - 2), `… ${lines.length - maxLines + 1} more lines …`, lines[lines.length - 1]!].join('\n'));
  return code;
}

/** Prints the moves of a rollout, ring by ring, from its audit rows. */
function printMoves(rows: AuditRecord[], ringOf: (clusterId: string) => string): void {
  const moved = rows.filter((r) => r.kind === 'applied' || r.kind === 'failed');
  if (moved.length === 0) return void out('  (nothing moved)');
  const rings = [...new Set(moved.map((r) => r.ring ?? ringOf(r.clusterId)))];
  for (const ring of rings) {
    const inRing = moved.filter((r) => (r.ring ?? ringOf(r.clusterId)) === ring);
    out(`  ring ${ring}: ${inRing.filter((r) => r.kind === 'applied').length} hops applied, ${inRing.filter((r) => r.kind === 'failed').length} failed`);
    for (const r of inRing.slice(0, 6)) out(`    ${r.kind === 'applied' ? '✔' : '✘'} ${shortName(r.clusterId).padEnd(14)} ${r.extensionName.padEnd(26)} ${r.from ?? ''} → ${r.to ?? ''} (${r.moveKind ?? ''}, ${r.code})`);
    if (inRing.length > 6) out(`    … and ${inRing.length - 6} more`);
  }
}

async function demo(world: E2eWorld, caFile: string, realCases: string[], fleetStory: FleetStoryClusters): Promise<void> {
  const fleet = world.sim.fleet;
  const subscriptions = world.settings.RECONCILER_SCOPE_SUBSCRIPTIONS!;
  const ringOf = (id: string): string => fleet.clusters.find((c) => c.id === id)?.tags.ring ?? 'default';
  heading('The fleet (ARM fleet simulator on ' + world.sim.endpoint + ')');
  out(`${fleet.clusters.length} clusters (${fleet.clusters.filter((c) => c.id.includes('connectedClusters')).length} Arc) over ${subscriptions.split(',').length} subscriptions, ` +
    `${fleet.clusters.reduce((n, c) => n + c.extensions.length, 0)} extensions of ${Object.keys(fleet.extensionTypes).length} types; Table storage: Azurite on ${world.azurite.tableEndpoint}`);

  heading('1. Live read-only plan: k8s-extension-reconciler plan --subscription … --endpoint <simulator>');
  await cli(['plan', '--subscription', subscriptions, '--endpoint', world.sim.endpoint, '--ca', caFile], 30);

  heading('1b. Real-fleet cases: a managed extension, a pin reporting "compatible", GKE/k3s/EKS Arc clusters (suffixed versions), an offline Arc cluster, AKS on Azure Local held back by its provisionedCluster limit');
  await printRealFleetCases(world.sim, realCases, world.services.policy, (line) => void out(line));

  heading('1c. What-if: plan as if every cluster ran its next Kubernetes minor (what would stop the upgrade)');
  await cli(['plan', '--subscription', subscriptions, '--endpoint', world.sim.endpoint, '--ca', caFile, '--kubernetes-version', '+1', '--only', 'blocked,error'], 12);

  heading('2. The discovery timer fires: fleet rollout, ring by ring (dry run off)');
  const timer = await world.runTimer();
  const status = await world.harness.status('fleet-rollout');
  const summary = status.output as { state: string; rings: { name: string; clusters: number; succeeded: number; failed: number; skipped: number }[]; moves: { applied: number; failed: number } };
  out(`rollout ${timer.rolloutId}: ${summary.state}; ${summary.moves.applied} hops applied, ${summary.moves.failed} failed; simulator writes: ${world.sim.counters().writesApplied.length}`);
  for (const r of summary.rings) out(`  ring ${r.name.padEnd(8)} ${r.clusters} clusters: ${r.succeeded} succeeded, ${r.failed} failed, ${r.skipped} skipped`);
  printMoves(await world.audit({ rolloutId: timer.rolloutId }), ringOf);
  out(`notifications received by the local CloudEvents endpoint: ${world.receiver.events.length} (${[...new Set(world.receiver.events.map((e) => e.type.split('.').pop()))].join(', ')})`);

  heading('3. A cluster is upgraded to the next Kubernetes minor; Event Grid delivers NodePoolRollingSucceeded');
  const cluster = fleet.clusters.find((c) => c.id.includes('managedClusters') && c.extensions.some((e) => !e.autoUpgradeMinorVersion && !e.isSystemExtension) && /^1\.(28|29|30)\./.test(c.kubernetesVersion)) ?? fleet.clusters[0]!;
  const [major, minor] = cluster.kubernetesVersion.split('.').map(Number);
  const next = `${major}.${minor! + 1}.3`;
  out(`${shortName(cluster.id)}: Kubernetes ${cluster.kubernetesVersion} → ${next}`);
  world.sim.upgradeKubernetes(cluster.id, next);
  world.sim.resetCounters();
  const event = { id: 'demo-event-1', topic: cluster.id, subject: shortName(cluster.id), eventType: 'Microsoft.ContainerService.NodePoolRollingSucceeded', eventTime: world.harness.now.toISOString(), dataVersion: '1', metadataVersion: '1', data: { nodePoolName: 'nodepool1' } };
  const outcome = await world.deliverEvent(event);
  out(`onClusterEvent: ${outcome.action} (${outcome.code})${outcome.instanceId ? ` → clusterRollout ${outcome.instanceId}` : ''}`);
  const eventRows = (await world.audit({ clusterId: cluster.id })).filter((r) => r.rolloutId !== timer.rolloutId);
  printMoves(eventRows, ringOf);
  const again = await world.deliverEvent({ ...event, id: 'demo-event-1-redelivered' });
  out(`the same event delivered again: ${again.action} (${again.code}); writes since the upgrade: ${world.sim.counters().writesApplied.length} (nothing applied twice)`);

  heading('4. The audit log in Table storage (ExtensionAudit in Azurite), read with the `audit` command');
  const auditArgs = ['audit', '--cluster', cluster.id, '--connection-string', world.azurite.connectionString];
  out(`$ ${commandLine(auditArgs)}`);
  await cli(auditArgs, 24);
  out(`The whole first rollout: ${commandLine(['audit', '--rollout', timer.rolloutId, '--connection-string', world.azurite.connectionString])}`);
  out('(Azurite runs while the demo does: with `npm run demo -- --serve` these commands work from another terminal.)');

  heading(`5. With Fleet Manager: update run ${FLEET_STORY.run} (canary, then prod) and the app's gates`);
  const story = await runFleetStory(world, fleetStory);
  for (const s of story.steps) out(`  ${s.step.padEnd(15)} ${s.detail}`);
  const gateRows = (await world.audit({ clusterId: [...world.sim.fleetManager.gates.values()].find((g) => g.displayName === FLEET_STORY.beforeProd)?.id ?? '' })).filter((r) => r.kind === 'gate');
  if (gateRows[0]) out(`  why the before-prod gate waits: ${gateRows[0].reason}`);

  heading('6. Live signals: a version published today, a region that lags, support windows, a move nobody made');
  await liveSignalsAct(world, (line) => void out(line));
}

/** `args` as one shell command line for the CLI, each argument quoted when it needs to be. */
function commandLine(args: readonly string[]): string {
  const quote = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return ['npx', 'k8s-extension-reconciler', ...args].map(quote).join(' ');
}

/** Keeps the world up and serves the status page until SIGINT/SIGTERM. */
async function serve(world: E2eWorld, claimed: ClaimedPort): Promise<void> {
  heading('7. The status page: a new rollout rolls canary, bakes, then waits for your approval of prod');
  const act = await stageApprovalRollout(world, { perRing: 2 });
  for (const u of act.upgraded) out(`  ${shortName(u.clusterId).padEnd(14)} (${u.ring}) Kubernetes ${u.from} → ${u.to}`);
  const stopPump = pumpWorld(world, { speed: SERVE_SPEED });
  const served = await serveWorld(world, { claimed });
  out(`rollout ${act.rolloutId} started; the world's clock runs ${SERVE_SPEED}× faster than yours (bakes count down in seconds)`);
  out(`\nOpen the status page:  ${served.pageUrl}`);
  out(`(function key ${served.key}; HTTP routes on ${served.origin}/api/…; Ctrl+C stops the simulator, Azurite and the server)`);
  out(`Its audit log, from another terminal: ${commandLine(['audit', '--rollout', act.rolloutId, '--connection-string', world.azurite.connectionString])}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await stopPump();
  await served.close();
}

/** The value of `--port`, 0 (any free port) when absent; exits 2 when it is not a port number. */
function portOption(argv: string[]): number {
  const i = argv.indexOf('--port');
  if (i < 0) return 0;
  const text = argv[i + 1] ?? '';
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    process.stderr.write(`error: demo: --port: "${text}" is not a port number (0-65535)\n`);
    process.exit(2);
  }
  return port;
}

async function run(): Promise<void> {
  const serving = process.argv.includes('--serve');
  const port = portOption(process.argv);
  // the port first: a busy one is said at once, before the story runs
  let claimed: ClaimedPort | undefined;
  if (serving) {
    try {
      claimed = await claimPort(port);
    } catch (error) {
      process.stderr.write(`error: demo: --port: ${(error as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
  }
  const started = Date.now();
  // stepMinors: a minor move walks every line between (Flux 1.12 → 1.13 → 1.14), the safe way to cross minors
  const policy = { ...DEFAULT_WORLD_POLICY, stepMinors: true };
  // the orchestrations' virtual clock starts now (timers, bakes and approvals then run on it at once)
  const fleet = generateFleet({ clusters: 50, subscriptions: 3, seed: 2024, extensionsPerCluster: [2, 4] });
  const realCases = addRealFleetCases(fleet);
  const fleetStory = addFleetStoryClusters(fleet);
  const world = await startE2eWorld({ fleet, policy, now: new Date() });
  const caFile = join(mkdtempSync(join(tmpdir(), 'reconciler-demo-')), 'simulator-ca.pem');
  writeFileSync(caFile, world.sim.ca);
  try {
    await demo(world, caFile, realCases, fleetStory);
    heading(`Done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (claimed) await serve(world, claimed);
    else out('Next: `npm run demo -- --serve` (the status page), `npm test`, `npm run bench`, docs/deploy.md for deploying to Azure (azd up) and docs/operate.md for running with `func start`.');
  } finally {
    claimed?.server.close();
    await world.close();
  }
}

run().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
