/**
 * How many runs a property test makes: its own count, scaled by PROPERTY_RUNS_SCALE (1 by default). Mutation testing
 * (jest.mutation.config.js) scales runs down, since every mutant re-runs the covering properties; seeds stay fixed.
 */
export function propertyRuns(runs: number): number {
  const scale = Number(process.env.PROPERTY_RUNS_SCALE ?? '1');
  return Math.max(10, Math.ceil(runs * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
