/**
 * One trace per rollout. Orchestrations are replayed and span processes, so no span object can live from a rollout's
 * start to its end; instead every id is DERIVED from the rollout id: the trace id, the rollout's span id and each
 * cluster's span id are hashes of it. Activities open their span as a child of the rollout's (planFleet) or the
 * cluster's (planCluster, applyHop, checkHealth, …) derived span; the orchestrations emit those two spans once, when they
 * end, with their real start time (see orchestrationTelemetry). Adapters open child spans of whatever span is active
 * (ARM long-running operations, Table batches). Every span carries the rollout id (`reconciler.rollout_id`).
 */
import { createHash } from 'node:crypto';
import { ROOT_CONTEXT, SpanStatusCode, TraceFlags, context as otelContext, createContextKey, trace, type Attributes, type Context, type Span, type SpanContext, type Tracer } from '@opentelemetry/api';
import { BasicTracerProvider, RandomIdGenerator, type IdGenerator, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { METER_NAME } from './metrics';

/** The attribute every span of a rollout carries. */
export const ROLLOUT_ID_ATTRIBUTE = 'reconciler.rollout_id';
/** The attribute naming the cluster of a cluster-level span. */
export const CLUSTER_ID_ATTRIBUTE = 'reconciler.cluster_id';

/** Where a span belongs: a rollout, and within it optionally one cluster. */
export interface RolloutScope {
  rolloutId: string;
  clusterId?: string;
}

const ROLLOUT_KEY = createContextKey('reconciler.rollout_id');
const hash = (text: string, length: number): string => createHash('sha256').update(text).digest('hex').slice(0, length);

/** The trace id of a rollout (32 hex digits). */
export function rolloutTraceId(rolloutId: string): string {
  return hash(`trace:${rolloutId}`, 32);
}

/** The span id of a rollout's own span (16 hex digits). */
export function rolloutSpanId(rolloutId: string): string {
  return hash(`rollout:${rolloutId}`, 16);
}

/** The span id of one cluster's span within a rollout (ARM ids compare case-insensitively). */
export function clusterSpanId(rolloutId: string, clusterId: string): string {
  return hash(`cluster:${rolloutId}:${clusterId.toLowerCase()}`, 16);
}

/** The derived span context a span of `scope` is a child of: the cluster's span, or the rollout's. */
export function scopeSpanContext(scope: RolloutScope): SpanContext {
  const spanId = scope.clusterId !== undefined ? clusterSpanId(scope.rolloutId, scope.clusterId) : rolloutSpanId(scope.rolloutId);
  return { traceId: rolloutTraceId(scope.rolloutId), spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true };
}

/** Random ids, except for the one span `preset` is set for. */
class PresetIdGenerator implements IdGenerator {
  preset: { traceId: string; spanId: string } | undefined;
  private readonly random = new RandomIdGenerator();
  generateTraceId = (): string => this.preset?.traceId ?? this.random.generateTraceId();
  generateSpanId = (): string => this.preset?.spanId ?? this.random.generateSpanId();
}

/** Copies the rollout id of the parent context onto every span (adapters' spans included). */
class RolloutIdProcessor implements SpanProcessor {
  onStart(span: Span, parentContext: Context): void {
    const rolloutId = parentContext.getValue(ROLLOUT_KEY);
    if (typeof rolloutId === 'string') span.setAttribute(ROLLOUT_ID_ATTRIBUTE, rolloutId);
  }
  onEnd(_span: ReadableSpan): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

let installed: { provider: BasicTracerProvider; ids: PresetIdGenerator } | undefined;

/** Installs the tracer of rollout spans, exporting through `processors`; returns its provider (to flush or shut down). */
export function installRolloutTracing(processors: SpanProcessor[]): BasicTracerProvider {
  const ids = new PresetIdGenerator();
  const provider = new BasicTracerProvider({ idGenerator: ids, spanProcessors: [new RolloutIdProcessor(), ...processors] });
  installed = { provider, ids };
  return provider;
}

/** Removes the installed tracer: spans become no-ops again. */
export function uninstallRolloutTracing(): void {
  installed = undefined;
}

/** A span processor that stamps the rollout id, for other tracer providers (the Azure Monitor distro's). */
export function rolloutIdSpanProcessor(): SpanProcessor {
  return new RolloutIdProcessor();
}

function tracer(): Tracer {
  return installed?.provider.getTracer(METER_NAME) ?? trace.getTracer(METER_NAME);
}

function scopeContext(scope: RolloutScope): Context {
  return ROOT_CONTEXT.setValue(ROLLOUT_KEY, scope.rolloutId);
}

async function runInSpan<T>(span: Span, fn: (span: Span) => Promise<T>): Promise<T> {
  try {
    return await fn(span);
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}

/** Runs `fn` in a span of the rollout's trace, a child of its cluster's span (or of the rollout's), active for adapters. */
export function inRolloutSpan<T>(name: string, scope: RolloutScope, fn: (span: Span) => Promise<T>, attributes: Attributes = {}): Promise<T> {
  const parent = trace.setSpanContext(scopeContext(scope), scopeSpanContext(scope));
  const all: Attributes = { [ROLLOUT_ID_ATTRIBUTE]: scope.rolloutId, ...(scope.clusterId !== undefined ? { [CLUSTER_ID_ATTRIBUTE]: scope.clusterId } : {}), ...attributes };
  return tracer().startActiveSpan(name, { attributes: all }, parent, (span) => runInSpan(span, fn));
}

/** Runs `fn` in a child span of the active span (an adapter's ARM operation or Table batch). */
export function inChildSpan<T>(name: string, fn: (span: Span) => Promise<T>, attributes: Attributes = {}): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, otelContext.active(), (span) => runInSpan(span, fn));
}

/**
 * Emits a finished span under a derived id: the rollout's own span (a root) or a cluster's (a child of the rollout's
 * span, or a root when the cluster rollout is the rollout). Called once, when the orchestration ends.
 */
export function emitScopeSpan(name: string, scope: RolloutScope, parentOf: RolloutScope | undefined, start: Date, end: Date, attributes: Attributes, failed = false): void {
  const own = scopeSpanContext(scope);
  const base = scopeContext(scope);
  const parent = parentOf ? trace.setSpanContext(base, scopeSpanContext(parentOf)) : base;
  const all: Attributes = { [ROLLOUT_ID_ATTRIBUTE]: scope.rolloutId, ...(scope.clusterId !== undefined ? { [CLUSTER_ID_ATTRIBUTE]: scope.clusterId } : {}), ...attributes };
  let span: Span;
  if (installed) installed.ids.preset = { traceId: own.traceId, spanId: own.spanId };
  try {
    span = tracer().startSpan(name, { startTime: start, attributes: all, root: parentOf === undefined }, parent);
  } finally {
    if (installed) installed.ids.preset = undefined;
  }
  if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end(end);
}
