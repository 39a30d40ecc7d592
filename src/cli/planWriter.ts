/**
 * Writes a plan as it is decided, cluster by cluster, in the exact text of `JSON.stringify(document, null, 2)` or of
 * planTable: no whole-document string, and no decision kept once written (except those `--fail-on` catches).
 */
import type { ClusterSnapshot, Decision, DecisionAction } from '../domain/model';
import type { PlanSummary } from '../domain/plan';
import type { CliIo } from './cliIo';
import { decisionTextCache } from './decisionTextCache';
import { rowRest, tableBlock, tableSummary } from './planTable';

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
  /** A what-if plan: the assumed Kubernetes version the summary names. */
  assumedKubernetesVersion?: string;
}

const FLUSH_AT = 1 << 20;
/** The buffer text is encoded into; each flush hands on a copy of its bytes (a stream may keep a chunk queued). */
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
  const buffer = Buffer.allocUnsafe(BYTES);
  let used = 0;
  // a copy of exactly the bytes used: a fresh 4 MiB buffer a flush would be 4× the memory, and the garbage collector
  // runs full collections for such external memory
  const flush = (): void => {
    if (used > 0) bytesOut(Buffer.from(buffer.subarray(0, used)));
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
    end: flush,
  };
}
const WRAP_HEAD = '{\n  "decisions": [';
const WRAP_TAIL = '\n  ]\n}';

/** One element of the decisions array as JSON.stringify(document, null, 2) writes it, without its comma. */
function elementJson(d: Decision): string {
  const wrapped = JSON.stringify({ decisions: [d] }, null, 2);
  return wrapped.slice(WRAP_HEAD.length, wrapped.length - WRAP_TAIL.length);
}

/**
 * elementJson, with the text after the extension name memoised across clusters (decisionTextCache): the element is
 * its first two lines, written here, and the memoised rest, cut from an elementJson once per distinct move.
 */
function decisionJson(): (d: Decision) => string {
  let clusterId: unknown;
  let clusterIdJson = '';
  const head = (d: Decision): string => {
    if (d.clusterId !== clusterId) {
      clusterId = d.clusterId;
      clusterIdJson = JSON.stringify(clusterId);
    }
    return `\n    {\n      "clusterId": ${clusterIdJson},\n      "extensionName": ${JSON.stringify(d.extensionName)}`;
  };
  const MISS = '\u0000'; // no JSON text starts so: the element's start was not the expected head
  const rest = decisionTextCache((d) => {
    const element = elementJson(d);
    const h = head(d);
    return element.startsWith(h) ? element.slice(h.length) : MISS;
  });
  return (d) => {
    const tail = rest(d);
    return tail === MISS ? elementJson(d) : head(d) + tail;
  };
}

/** Writes the plan of `runs` (planByCluster's output) to `io.stdout`; returns the summary and the gated decisions. */
export function writePlan(runs: Iterable<{ cluster: ClusterSnapshot; decisions: Decision[] }>, o: PlanWriteOptions, io: CliIo): { summary: PlanSummary; gated: Decision[] } {
  const byAction: Partial<Record<DecisionAction, number>> = {};
  const gated: Decision[] = [];
  let extensions = 0;
  let printed = 0;
  const out = chunkedStdout(io);
  const json = o.output === 'json' ? decisionJson() : () => '';
  const tableOptions = { wide: o.wide === true };
  const tableRest = decisionTextCache((d) => rowRest(d, tableOptions));
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
      write(tableBlock(cluster, shown, printed === 0, tableOptions, tableRest));
      printed += shown.length;
    } else if (shown.length) {
      let text = '';
      for (const d of shown) text += `${printed++ ? ',' : ''}${json(d)}`;
      write(text);
    }
  }
  const summary: PlanSummary = { clusters: o.clusters, extensions, byAction, ...(o.assumedKubernetesVersion === undefined ? {} : { assumedKubernetesVersion: o.assumedKubernetesVersion }) };
  if (o.output === 'table') write(tableSummary(summary));
  else write(`${printed ? '\n  ]' : ']'},\n  "summary": ${JSON.stringify(summary, null, 2).replace(/\n/g, '\n  ')}\n}\n`);
  out.end();
  return { summary, gated };
}
