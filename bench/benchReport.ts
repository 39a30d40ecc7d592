/** One line of the benchmark report: a measured ratio against its target. */
export interface BenchLine {
  id: string;
  title: string;
  /** The measured ratio (or value, for P5). */
  ratio: number;
  /** `<=` or `>=` the target. */
  comparison: '<=' | '>=';
  target: number;
  unit: string;
  /** Raw measurements behind the ratio. */
  details: Record<string, number | string>;
  /** An extra condition that must also hold (e.g. an exact query count); undefined when none. */
  condition?: { text: string; holds: boolean };
}

/** True when the line meets its target (and its condition). */
export function meets(line: BenchLine): boolean {
  const ratioOk = line.comparison === '<=' ? line.ratio <= line.target : line.ratio >= line.target;
  return ratioOk && (line.condition?.holds ?? true);
}

/** Formats one line for the console. */
export function formatLine(line: BenchLine): string {
  const status = meets(line) ? 'PASS' : 'FAIL';
  const details = Object.entries(line.details)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toFixed(3)) : v}`)
    .join(' ');
  const cond = line.condition ? `; ${line.condition.text}: ${line.condition.holds ? 'yes' : 'NO'}` : '';
  return `${status} ${line.id} ${line.title}: ${line.ratio.toFixed(2)}${line.unit} (target ${line.comparison} ${line.target}${line.unit}${cond})\n      ${details}`;
}
