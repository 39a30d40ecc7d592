/**
 * In-memory OpenTelemetry for tests: the rollout tracer exports to an InMemorySpanExporter, the global meter provider to
 * an InMemoryMetricExporter (cumulative), and an AsyncLocalStorage context manager carries the active span into the
 * adapters, as the Azure Monitor distro does in Azure. `uninstall()` puts the no-op API back.
 */
import { context, metrics, type Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader, type DataPoint, type Histogram } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { installRolloutTracing, uninstallRolloutTracing } from '../../src/telemetry/rolloutTrace';

/** One data point of a metric: its attributes and its value (a number for counters, count/sum for histograms). */
export interface Point {
  attributes: Attributes;
  value: number;
  /** Number of recordings (1 for a counter's point). */
  count: number;
  histogram: boolean;
}

/** The installed in-memory telemetry. */
export interface InMemoryTelemetry {
  /** Spans ended so far. */
  spans(): ReadableSpan[];
  /** The current points of metric `name` (collected now). */
  points(name: string): Promise<Point[]>;
  /** Sum of a counter's points (or a histogram's counts) whose attributes include `match`. */
  total(name: string, match?: Attributes): Promise<number>;
  uninstall(): Promise<void>;
}

/** Installs in-memory exporters for spans and metrics. */
export function installInMemoryTelemetry(): InMemoryTelemetry {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = installRolloutTracing([new SimpleSpanProcessor(spanExporter)]);
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 2 ** 31 - 1 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(meterProvider);

  const points = async (name: string): Promise<Point[]> => {
    await reader.forceFlush();
    const last = metricExporter.getMetrics().at(-1);
    const metric = last?.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name);
    if (!metric) return [];
    return (metric.dataPoints as DataPoint<number | Histogram>[]).map((p) =>
      typeof p.value === 'number' ? { attributes: p.attributes, value: p.value, count: 1, histogram: false } : { attributes: p.attributes, value: p.value.sum ?? 0, count: p.value.count, histogram: true },
    );
  };
  const matches = (attributes: Attributes, match: Attributes): boolean => Object.entries(match).every(([k, v]) => attributes[k] === v);
  return {
    spans: () => spanExporter.getFinishedSpans(),
    points,
    async total(name, match = {}) {
      const all = await points(name);
      return all.filter((p) => matches(p.attributes, match)).reduce((n, p) => n + (p.histogram ? p.count : p.value), 0);
    },
    async uninstall() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      uninstallRolloutTracing();
      metrics.disable();
      context.disable();
    },
  };
}
