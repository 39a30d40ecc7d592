/**
 * The soak's perturbations as data: a seed gives a list of steps (plain JSON), so a history can be printed, replayed
 * and shrunk. Steps name clusters, extensions and types by index (taken modulo what exists), so any sub-list of a
 * history is still a valid history.
 */
import { mulberry32 } from '../simulator/prng';

/** ARM faults a step can set (they act on the requests that follow, until consumed or healed). */
export type ArmFault = '429-storm' | '5xx' | 'lro-stall' | '409' | 'failing-version';

/** One perturbation of the world, or one run of the app. */
export type SoakStep =
  | { kind: 'timer' }
  | { kind: 'kubernetes-upgrade'; cluster: number; minor: boolean }
  | { kind: 'event'; cluster: number; duplicate: boolean }
  | { kind: 'catalog-new'; type: number; minor: boolean }
  | { kind: 'catalog-withdraw'; type: number }
  | { kind: 'drift'; cluster: number; extension: number; to: 'older' | 'auto-upgrade' | 'managed' }
  | { kind: 'approve'; variant: 'valid' | 'forged' | 'duplicate' | 'wrong-ring' }
  | { kind: 'hold-set'; type: number }
  | { kind: 'hold-clear' }
  | { kind: 'freeze'; on: boolean; cluster: number }
  | { kind: 'window'; on: boolean }
  | { kind: 'offline'; cluster: number; on: boolean }
  | { kind: 'arm-fault'; fault: ArmFault; type: number }
  | { kind: 'heal' }
  | { kind: 'outage'; what: 'azurite' | 'event-grid' }
  | { kind: 'crash'; after: number }
  | { kind: 'clock'; hours: number };

/** How often each kind is drawn (the app runs often: timers, events and approvals drive it). */
const WEIGHTS: [SoakStep['kind'], number][] = [
  ['timer', 14], ['kubernetes-upgrade', 8], ['event', 7], ['catalog-new', 5], ['catalog-withdraw', 2], ['drift', 5],
  ['approve', 8], ['hold-set', 2], ['hold-clear', 2], ['freeze', 3], ['window', 2], ['offline', 3], ['arm-fault', 9],
  ['heal', 3], ['outage', 3], ['crash', 6], ['clock', 5],
];
const TOTAL = WEIGHTS.reduce((n, [, w]) => n + w, 0);

/** The steps of seed `seed`: the same seed and count give the same list, a longer count extends it. */
export function stepsFor(seed: number, count: number): SoakStep[] {
  const random = mulberry32(seed * 7919 + 17);
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const steps: SoakStep[] = [];
  for (let i = 0; i < count; i++) {
    let r = random() * TOTAL;
    const kind = WEIGHTS.find(([, w]) => (r -= w) < 0)?.[0] ?? 'timer';
    steps.push(stepOf(kind, int, pick, random));
  }
  return steps;
}

function stepOf(kind: SoakStep['kind'], int: (n: number) => number, pick: <T>(xs: readonly T[]) => T, random: () => number): SoakStep {
  switch (kind) {
    case 'timer': case 'hold-clear': case 'heal':
      return { kind };
    case 'kubernetes-upgrade': return { kind, cluster: int(1000), minor: random() < 0.6 };
    case 'event': return { kind, cluster: int(1000), duplicate: random() < 0.3 };
    case 'catalog-new': return { kind, type: int(1000), minor: random() < 0.5 };
    case 'catalog-withdraw': case 'hold-set': return { kind, type: int(1000) };
    case 'drift': return { kind, cluster: int(1000), extension: int(1000), to: pick(['older', 'auto-upgrade', 'managed'] as const) };
    case 'approve': return { kind, variant: pick(['valid', 'valid', 'forged', 'duplicate', 'wrong-ring'] as const) };
    case 'freeze': return { kind, on: random() < 0.6, cluster: int(1000) };
    case 'window': return { kind, on: random() < 0.5 };
    case 'offline': return { kind, cluster: int(1000), on: random() < 0.6 };
    case 'arm-fault': return { kind, fault: pick(['429-storm', '429-storm', '5xx', 'lro-stall', '409', 'failing-version'] as const), type: int(1000) };
    case 'outage': return { kind, what: pick(['azurite', 'event-grid'] as const) };
    case 'crash': return { kind, after: 1 + int(40) };
    case 'clock': return { kind, hours: pick([1, 6, 24, 72]) };
  }
}

/** A step as one short line (for histories). */
export function describeStep(step: SoakStep): string {
  const { kind, ...rest } = step;
  const args = Object.entries(rest).map(([k, v]) => `${k}=${String(v)}`).join(' ');
  return args ? `${kind} ${args}` : kind;
}
