/**
 * `npm run soak -- --seed N --steps K [--seeds a,b,c] [--clusters C] [--only i,j,k] [--no-shrink]`: runs seeded
 * histories of perturbations over the whole app and checks the invariants after every step; prints steps per second.
 * On a violation: the seed, the step, a replay command and a shrunk history (fewer steps that fail the same way).
 * Exit 0 when every history held, 1 on a violation, 2 on bad arguments.
 */
import '../simulator/world/installFunctionsCore';
import { runSoak, shrink, violationKind, type SoakResult } from './runSoak';
import { describeStep, stepsFor } from './soakSteps';

interface Args {
  seeds: number[];
  steps: number;
  clusters: number;
  only?: number[];
  shrink: boolean;
}

function fail(message: string): never {
  process.stderr.write(`soak: ${message}\n`);
  process.exit(2);
}

const ints = (flag: string, text: string | undefined): number[] => {
  const values = (text ?? '').split(',').map((s) => Number(s.trim()));
  if (!text || values.some((v) => !Number.isInteger(v) || v < 0)) fail(`${flag} expects non-negative integers separated by commas, got "${text ?? ''}"`);
  return values;
};

function parseArgs(argv: string[]): Args {
  const args: Args = { seeds: [1], steps: 200, clusters: 10, shrink: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string | undefined => argv[++i];
    if (flag === '--seed') args.seeds = ints(flag, value()).slice(0, 1);
    else if (flag === '--seeds') args.seeds = ints(flag, value());
    else if (flag === '--steps') args.steps = ints(flag, value())[0]!;
    else if (flag === '--clusters') args.clusters = Math.max(1, ints(flag, value())[0]!);
    else if (flag === '--only') args.only = ints(flag, value());
    else if (flag === '--no-shrink') args.shrink = false;
    else fail(`unknown option "${flag}" (expected --seed, --seeds, --steps, --clusters, --only, --no-shrink)`);
  }
  return args;
}

function replayCommand(seed: number, steps: number, indices: number[], clusters: number): string {
  return `npm run soak -- --seed ${seed} --steps ${steps} --clusters ${clusters} --only ${indices.join(',')} --no-shrink`;
}

async function report(seed: number, args: Args, result: SoakResult, indices: number[]): Promise<void> {
  const all = stepsFor(seed, args.steps);
  const v = result.violation!;
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  out(`VIOLATION seed=${seed} step=${v.step}${v.step >= indices.length ? ' (convergence after the last step)' : ` (${describeStep(all[indices[v.step]!]!)})`}`);
  for (const p of v.problems.slice(0, 10)) out(`  - ${p}`);
  const failing = indices.slice(0, v.step + 1);
  out(`replay: ${replayCommand(seed, args.steps, failing, args.clusters)}`);
  if (!args.shrink) return;
  const kind = violationKind(result)!;
  out(`shrinking ${failing.length} steps (same violation: "${kind}")…`);
  const kept = await shrink(seed, failing.map((i) => all[i]!), kind, { clusters: args.clusters, onTry: (n) => process.stderr.write(`  trying ${n} steps\n`) });
  const shrunk = kept.map((k) => failing[k]!);
  out(`shrunk history (${shrunk.length} of ${failing.length} steps):`);
  for (const i of shrunk) out(`  #${i} ${describeStep(all[i]!)}`);
  out(`replay the shrunk history: ${replayCommand(seed, args.steps, shrunk, args.clusters)}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let bad = 0;
  for (const seed of args.seeds) {
    const all = stepsFor(seed, args.steps);
    const indices = args.only ?? all.map((_, i) => i);
    if (indices.some((i) => i >= all.length)) fail(`--only names a step beyond --steps ${args.steps}`);
    const t = process.hrtime.bigint();
    const result = await runSoak(seed, indices.map((i) => all[i]!), { clusters: args.clusters });
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    process.stdout.write(`seed ${seed}: ${result.steps} steps in ${seconds.toFixed(1)} s (${(result.steps / seconds).toFixed(2)} steps/s), ${result.writes ?? 0} ARM writes, ${result.appErrors} app errors answered, ${result.violation ? 'VIOLATION' : 'all invariants held, converged'}\n`);
    if (result.violation) {
      bad++;
      await report(seed, args, result, indices);
    }
  }
  process.exit(bad > 0 ? 1 : 0);
}

void main().catch((error: unknown) => {
  process.stderr.write(`soak: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
