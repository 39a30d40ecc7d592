/**
 * What the replay harness counts, per orchestration name: history events written and replayed (an episode replays
 * every event recorded before it), the longest history of one execution, executions and episodes, and the largest
 * activity input/output and orchestration input (serialized JSON, bytes).
 */

/** Counts of one orchestration (or of all, under `total`). */
export interface OrchestrationMetrics {
  executions: number;
  episodes: number;
  /** History events appended. */
  eventsWritten: number;
  /** History events an episode re-processes because an earlier episode already saw them, summed over episodes. */
  eventsReplayed: number;
  /** Longest history of one execution, in events. */
  maxHistory: number;
  /** Largest orchestration input (execution start or continue-as-new), bytes. */
  maxInputBytes: number;
}

/** Largest activity payload seen, with the activity's name; and how many times each activity ran. */
export interface PayloadMetrics {
  maxInputBytes: number;
  maxOutputBytes: number;
  largestActivity: string;
  /** Activity executions that completed, by name. */
  calls: Record<string, number>;
}

/** A report of the harness's counts. */
export interface MetricsReport {
  byOrchestration: Record<string, OrchestrationMetrics>;
  total: OrchestrationMetrics;
  activities: PayloadMetrics;
}

const bytes = (json: string): number => Buffer.byteLength(json, 'utf8');

/** Accumulates the harness's counts. */
export class HarnessMetrics {
  private readonly byName = new Map<string, OrchestrationMetrics>();
  private readonly payloads: PayloadMetrics = { maxInputBytes: 0, maxOutputBytes: 0, largestActivity: '', calls: {} };

  private of(name: string): OrchestrationMetrics {
    let m = this.byName.get(name);
    if (!m) {
      m = { executions: 0, episodes: 0, eventsWritten: 0, eventsReplayed: 0, maxHistory: 0, maxInputBytes: 0 };
      this.byName.set(name, m);
    }
    return m;
  }

  /** An execution starts (or continues as new) with `input`. */
  input(name: string, input: unknown): void {
    const m = this.of(name);
    m.executions++;
    m.maxInputBytes = Math.max(m.maxInputBytes, bytes(JSON.stringify(input ?? null)));
  }

  /**
   * An episode ended with a history of `length` events; `previousEnd` is where the previous episode of the execution
   * ended (0 for the first). The events up to `previousEnd` (the tasks it scheduled included) were replayed; the rest
   * were written for this episode.
   */
  episodeEnds(name: string, length: number, previousEnd: number): void {
    const m = this.of(name);
    m.episodes++;
    m.eventsReplayed += previousEnd;
    m.eventsWritten += length - previousEnd;
    m.maxHistory = Math.max(m.maxHistory, length);
  }

  /** An execution ended by continuing as new, with `length` events. */
  executionEnds(name: string, length: number): void {
    const m = this.of(name);
    m.maxHistory = Math.max(m.maxHistory, length);
  }

  /** An activity ran with these serialized input and output. */
  activity(name: string, input: string, output: string): void {
    this.payloads.calls[name] = (this.payloads.calls[name] ?? 0) + 1;
    const inBytes = bytes(input);
    const outBytes = bytes(output);
    if (Math.max(inBytes, outBytes) > Math.max(this.payloads.maxInputBytes, this.payloads.maxOutputBytes)) this.payloads.largestActivity = name;
    this.payloads.maxInputBytes = Math.max(this.payloads.maxInputBytes, inBytes);
    this.payloads.maxOutputBytes = Math.max(this.payloads.maxOutputBytes, outBytes);
  }

  /** The counts so far. */
  report(): MetricsReport {
    const byOrchestration = Object.fromEntries([...this.byName].map(([name, m]) => [name, { ...m }]));
    const total: OrchestrationMetrics = { executions: 0, episodes: 0, eventsWritten: 0, eventsReplayed: 0, maxHistory: 0, maxInputBytes: 0 };
    for (const m of this.byName.values()) {
      total.executions += m.executions;
      total.episodes += m.episodes;
      total.eventsWritten += m.eventsWritten;
      total.eventsReplayed += m.eventsReplayed;
      total.maxHistory = Math.max(total.maxHistory, m.maxHistory);
      total.maxInputBytes = Math.max(total.maxInputBytes, m.maxInputBytes);
    }
    return { byOrchestration, total, activities: { ...this.payloads, calls: { ...this.payloads.calls } } };
  }
}
