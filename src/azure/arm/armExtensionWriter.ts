/**
 * Applies one hop: ARM PATCH of an extension to `{ version, autoUpgradeMinorVersion: false }` and waits for the LRO,
 * then reads the extension back from its raw body. Outcomes are typed; transient failures (5xx after retries) throw.
 */
import { SourceControlConfigurationClient } from '@azure/arm-kubernetesconfiguration';
import { createRestError, type Client } from '@azure-rest/core-client';
import { isRestError } from '@azure/core-rest-pipeline';
import { BUSY_PROVISIONING_STATES, type ExtensionHealth, type ExtensionSnapshot } from '../../domain/model';
import type { ApplyOutcome, ExtensionWriter, HopRequest } from '../../domain/ports';
import { armClientOptions, armRestClient, type ArmConnection } from './armConnection';
import { parseClusterId } from '../../domain/armId';
import { extensionsPath } from './armIds';
import { EXTENSIONS_API_VERSION, extensionFromProperties } from './extensionBody';
import { sleep } from '../shared/retry';
import { inChildSpan } from '../../telemetry/rolloutTrace';
import { z } from 'zod';

/** Options of ArmExtensionWriter. */
export interface ArmExtensionWriterOptions {
  /** Milliseconds between LRO polls (a Retry-After on the poll overrides). Default 5000. */
  pollIntervalMs?: number;
  /** Give up waiting after this many milliseconds (outcome `timed-out`). Default 15 minutes. */
  timeoutMs?: number;
  /** Pipeline retries on 429 / 5xx. Default 3. */
  maxRetries?: number;
  /** First pipeline backoff for 5xx. Default 1000. */
  retryDelayMs?: number;
}

const errorInfoSchema = z.object({ code: z.string(), message: z.string().nullish() });
const statusesSchema = z.array(z.object({ code: z.string().nullish(), level: z.string().nullish(), message: z.string().nullish() }));

/** The extension's self-reported health from its raw `properties` (`statuses`, `extensionState`, `errorInfo`). */
function healthOf(props: Record<string, unknown> | undefined, errorInfo: { code: string; message: string } | undefined): ExtensionHealth {
  const parsed = statusesSchema.safeParse(props?.statuses ?? props?.Statuses ?? []);
  const statuses = (parsed.success ? parsed.data : []).map((s) => ({ ...(s.code ? { code: s.code } : {}), ...(s.level ? { level: s.level } : {}), ...(s.message ? { message: s.message } : {}) }));
  const state = props?.extensionState;
  return { statuses, ...(typeof state === 'string' ? { extensionState: state } : {}), ...(errorInfo ? { errorInfo } : {}) };
}

/** An extension read from its raw ARM body, with the error ARM reported for it. */
interface RawExtension {
  snapshot: ExtensionSnapshot;
  errorInfo?: { code: string; message: string };
}

/** ExtensionWriter over ARM: PATCH with the extension SDK, reads with raw GETs. */
export class ArmExtensionWriter implements ExtensionWriter {
  private readonly clients = new Map<string, SourceControlConfigurationClient>();
  private readonly rest: Client;
  private readonly pollIntervalMs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly conn: ArmConnection,
    private readonly options: ArmExtensionWriterOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 5000;
    this.timeoutMs = options.timeoutMs ?? 15 * 60 * 1000;
    this.rest = armRestClient(conn, this.retryOptions());
  }

  /** Pins the extension to `hop.version`; succeeded carries the version read back. Throws on 5xx after retries and on a malformed cluster id (InputError). */
  async applyHop(hop: HopRequest): Promise<ApplyOutcome> {
    const id = parseClusterId(hop.clusterId);
    const deadline = Date.now() + this.timeoutMs;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.timeoutMs);
    try {
      // one span per long-running operation: the PATCH and its polls
      await inChildSpan('arm extension update', async () => {
        const poller = await this.client(id.subscriptionId).extensions.beginUpdate(
          id.resourceGroup,
          id.clusterRp,
          id.clusterResourceName,
          id.clusterName,
          hop.extensionName,
          { version: hop.version, autoUpgradeMinorVersion: false },
          { updateIntervalInMs: this.pollIntervalMs, abortSignal: abort.signal },
        );
        await poller.pollUntilDone({ abortSignal: abort.signal });
      }, { 'reconciler.cluster_id': hop.clusterId, 'reconciler.extension': hop.extensionName, 'reconciler.version': hop.version });
    } catch (error) {
      if (abort.signal.aborted) return { kind: 'timed-out', message: `no answer within ${this.timeoutMs} ms` };
      return mapError(error);
    } finally {
      clearTimeout(timer);
    }
    // A PATCH answered without polling headers returns while the extension may still be Updating: wait on GETs.
    for (;;) {
      const read = await this.readRaw(hop.clusterId, hop.extensionName);
      if (!read) return { kind: 'failed', errorCode: 'NotFound', message: `extension ${hop.extensionName} is gone after the update` };
      const state = read.snapshot.provisioningState;
      if (state === 'Failed' || state === 'Canceled') {
        return { kind: 'failed', errorCode: read.errorInfo?.code ?? state, message: read.errorInfo?.message ?? `provisioning state ${state}` };
      }
      if (!BUSY_PROVISIONING_STATES.has(state)) return { kind: 'succeeded', installedVersion: read.snapshot.version };
      if (Date.now() + this.pollIntervalMs > deadline) return { kind: 'timed-out', message: `still ${state} after ${this.timeoutMs} ms` };
      await sleep(this.pollIntervalMs);
    }
  }

  /** The extension as ARM returns it (raw body, so absent flags are not invented); null on 404. */
  async readExtension(clusterId: string, extensionName: string): Promise<ExtensionSnapshot | null> {
    return (await this.readRaw(clusterId, extensionName))?.snapshot ?? null;
  }

  private async readRaw(clusterId: string, extensionName: string): Promise<RawExtension | null> {
    const res = await this.rest.pathUnchecked(`${extensionsPath(clusterId)}/${extensionName}`).get({ queryParameters: { 'api-version': EXTENSIONS_API_VERSION } });
    if (res.status === '404') return null;
    if (res.status !== '200') throw createRestError(res);
    const body = (res.body ?? {}) as { name?: unknown; properties?: Record<string, unknown> };
    const parsed = extensionFromProperties(typeof body.name === 'string' ? body.name : extensionName, body.properties);
    if (!parsed.ok) throw new Error(`extension ${extensionName} of ${clusterId}: ARM body: ${parsed.problem}`);
    const info = errorInfoSchema.safeParse(body.properties?.errorInfo ?? body.properties?.ErrorInfo);
    const errorInfo = info.success ? { code: info.data.code, message: info.data.message ?? '' } : undefined;
    const snapshot = { ...parsed.value, health: healthOf(body.properties, errorInfo) };
    return errorInfo ? { snapshot, errorInfo } : { snapshot };
  }

  private client(subscriptionId: string): SourceControlConfigurationClient {
    let client = this.clients.get(subscriptionId);
    if (!client) {
      client = new SourceControlConfigurationClient(this.conn.credential, subscriptionId, armClientOptions(this.conn, this.retryOptions()));
      this.clients.set(subscriptionId, client);
    }
    return client;
  }

  private retryOptions() {
    return { maxRetries: this.options.maxRetries ?? 3, retryDelayInMs: this.options.retryDelayMs ?? 1000 };
  }
}

const LRO_FAILED = /^The long-running operation has failed(?:\. ([^.]+)\. ([\s\S]*))?$/;

/** Maps a PATCH / LRO error to an outcome; rethrows what the caller should retry (5xx, network) or cannot handle. */
function mapError(error: unknown): ApplyOutcome {
  if (isRestError(error)) {
    const status = error.statusCode;
    const message = error.message;
    if (status === 409) return { kind: 'conflict', message };
    if (status === 429) return { kind: 'throttled', message };
    if (status !== undefined && status >= 400 && status < 500) return { kind: 'failed', errorCode: error.code ?? String(status), message };
    throw error;
  }
  if (error instanceof Error) {
    const m = LRO_FAILED.exec(error.message);
    if (m) return { kind: 'failed', errorCode: m[1] ?? 'Failed', message: m[2] ?? error.message };
    if (error.message === 'Operation was canceled') return { kind: 'failed', errorCode: 'Canceled', message: 'the operation was canceled' };
  }
  throw error;
}
