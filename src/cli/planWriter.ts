/**
 * Writes a plan as it is decided, cluster by cluster, in the exact text of `JSON.stringify(document, null, 2)` or of
 * planTable: no whole-document string, and no decision kept once written (except those `--fail-on` catches).
 */
import type { ClusterSnapshot, Decision, DecisionAction } from '../domain/model';
import type { PlanSummary } from '../domain/plan';
import type { CliIo } from './cliIo';
import { tableBlock, tableSummary } from './planTable';

/** What writePlan needs besides the decisions. */
export interface PlanWriteOptions {
  output: 'table' | 'json';
  /** Clusters in the snapshot (the summary's count). */
  clusters: number;
  /** Print only decisions with these actions; the summary counts all. */
  only?: ReadonlySet<DecisionAction>;
  /** Keep the decisions with these actions (the `--fail-on` gate). */
  failOn?: ReadonlySet<DecisionAction>;
  /** Table output: a REASON column instead of reason lines. */
  wide?: boolean;
}

const FLUSH_AT = 1 << 20;
/** The byte buffer of one flush: a fresh one each time, since a stream may keep it queued. */
const BYTES = 4 << 20;

/**
 * Collects text and hands it to stdout in chunks of about a MiB: as UTF-8 bytes encoded straight into a buffer when
 * `io` takes bytes (no joined string to build, flatten and encode again), else as strings. Either way the same text.
 */
function chunkedStdout(io: CliIo): { write(text: string): void; end(): void } {
  const bytesOut = io.stdoutBytes?.bind(io);
  if (!bytesOut) {
    let pending = '';
    return {
      write(text) {
        pending += text;
        if (pending.length >= FLUSH_AT) {
          io.stdout(pending);
          pending = '';
        }
      },
      end: () => io.stdout(pending),
    };
  }
  let buffer = Buffer.allocUnsafe(BYTES);
  let used = 0;
  const flush = (): void => {
    if (used > 0) bytesOut(buffer.subarray(0, used));
    buffer = Buffer.allocUnsafe(BYTES);
    used = 0;
  };
  return {
    write(text) {
      // a UTF-16 unit is at most 3 UTF-8 bytes
      if (used + text.length * 3 > BYTES) flush();
      if (text.length * 3 > BYTES) io.stdout(text);
      else used += buffer.write(text, used, 'utf8');
      if (used >= FLUSH_AT) flush();
    },
    end: () => {
      if (used > 0) bytesOut(buffer.subarray(0, used));
    },
  };
}
const WRAP_HEAD = '{\n  "decisions": [';
const WRAP_TAIL = '\n  ]\n}';

/** Writes the plan of `runs` (planByCluster's output) to `io.stdout`; returns the summary and the gated decisions. */
export function writePlan(runs: Iterable<{ cluster: ClusterSnapshot; decisions: Decision[] }>, o: PlanWriteOptions, io: CliIo): { summary: PlanSummary; gated: Decision[] } {
  const byAction: Partial<Record<DecisionAction, number>> = {};
  const gated: Decision[] = [];
  let extensions = 0;
  let printed = 0;
  const out = chunkedStdout(io);
  const write = (text: string): void => out.write(text);
  if (o.output === 'json') write(WRAP_HEAD);
  for (const { cluster, decisions } of runs) {
    const shown: Decision[] = [];
    for (const d of decisions) {
      byAction[d.action] = (byAction[d.action] ?? 0) + 1;
      extensions++;
      if (o.failOn?.has(d.action)) gated.push(d);
      if (!o.only || o.only.has(d.action)) shown.push(d);
    }
    if (o.output === 'table') {
      write(tableBlock(cluster, shown, printed === 0, { wide: o.wide === true }));
      printed += shown.length;
    } else if (shown.length) {
      // the elements as JSON.stringify(document, null, 2) indents them: one native call per cluster, its wrapper cut off
      const wrapped = JSON.stringify({ decisions: shown }, null, 2);
      write(`${printed ? ',' : ''}${wrapped.slice(WRAP_HEAD.length, wrapped.length - WRAP_TAIL.length)}`);
      printed += shown.length;
    }
  }
  const summary: PlanSummary = { clusters: o.clusters, extensions, byAction };
  if (o.output === 'table') write(tableSummary(summary));
  else write(`${printed ? '\n  ]' : ']'},\n  "summary": ${JSON.stringify(summary, null, 2).replace(/\n/g, '\n  ')}\n}\n`);
  out.end();
  return { summary, gated };
}
