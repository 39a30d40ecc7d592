/**
 * Applies one hop: reads the extension, refuses it when Azure manages it, else ARM PATCH (api-version 2025-03-01) to
 * `{ version, autoUpgradeMinorVersion: false, autoUpgradeMode: "none" }` and waits for the long-running operation
 * (@azure/core-lro over raw REST calls, as the generated SDKs do), then reads the extension back from its raw body.
 * Outcomes are typed; transient failures (5xx after retries) throw.
 */
import { createRestError, type Client, type PathUncheckedResponse } from '@azure-rest/core-client';
import { createHttpPoller, type LongRunningOperation, type LroResponse } from '@azure/core-lro';
import { isRestError } from '@azure/core-rest-pipeline';
import { BUSY_PROVISIONING_STATES, type ExtensionHealth, type ExtensionSnapshot } from '../../domain/model';
import type { ApplyOutcome, ExtensionWriter, HopRequest } from '../../domain/ports';
import { armRestClient, type ArmConnection } from './armConnection';
import { parseClusterId } from '../../domain/armId';
import { extensionsPath } from './armIds';
import { EXTENSIONS_API_VERSION, extensionFromProperties, isManagedExtension, pinBody } from './extensionBody';
import { sleep, throttledAnswer } from '../shared/retry';
import { inChildSpan } from '../../telemetry/rolloutTrace';
import { z } from 'zod';

/** Options of ArmExtensionWriter. */
export interface ArmExtensionWriterOptions {
  /** Milliseconds between LRO polls (a Retry-After on the poll overrides). Default 5000. */
  pollIntervalMs?: number;
  /** Give up waiting after this many milliseconds (outcome `timed-out`). Default 15 minutes. */
  timeoutMs?: number;
  /**
   * Give up (`timed-out`) after this many polls without a terminal status, whatever the clock says: a bound that does not
   * depend on the machine's speed (tests). Default: none, only `timeoutMs`.
   */
  maxPolls?: number;
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

/** The LRO response core-lro expects, from a raw answer; a non-2xx answer throws its RestError. */
function lroResponse(res: PathUncheckedResponse): LroResponse {
  if (!/^2\d\d$/.test(res.status)) throw createRestError(res);
  return { flatResponse: res.body, rawResponse: { statusCode: Number(res.status), headers: res.headers, body: res.body } };
}

/** ExtensionWriter over ARM: raw PATCH and GETs at api-version 2025-03-01, LRO polling by @azure/core-lro. */
export class ArmExtensionWriter implements ExtensionWriter {
  private readonly rest: Client;
  private readonly pollIntervalMs: number;
  private readonly timeoutMs: number;

  constructor(
    conn: ArmConnection,
    private readonly options: ArmExtensionWriterOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 5000;
    this.timeoutMs = options.timeoutMs ?? 15 * 60 * 1000;
    this.rest = armRestClient(conn, this.retryOptions());
  }

  /**
   * Pins the extension to `hop.version`; succeeded carries the version read back. An extension Azure manages is refused
   * (failed / ManagedExtension) without a write. Throws on 5xx after retries and on a malformed cluster id (InputError).
   */
  async applyHop(hop: HopRequest): Promise<ApplyOutcome> {
    parseClusterId(hop.clusterId);
    let before: RawExtension | null;
    try {
      before = await this.readRaw(hop.clusterId, hop.extensionName);
    } catch (error) {
      return mapError(error);
    }
    if (!before) return { kind: 'failed', errorCode: 'NotFound', message: `extension ${hop.extensionName} does not exist` };
    if (isManagedExtension(before.snapshot)) {
      return { kind: 'failed', errorCode: 'ManagedExtension', message: `extension ${hop.extensionName} is managed by ${before.snapshot.managedBy ?? 'Azure'}: users may not write it; not patched` };
    }
    // the timeout is the operation's: it starts with the PATCH
    const deadline = Date.now() + this.timeoutMs;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.timeoutMs);
    const polls = { count: 0, max: this.options.maxPolls ?? Infinity };
    const outOfPolls = (): { kind: 'timed-out'; message: string } => ({ kind: 'timed-out', message: `no terminal status after ${polls.max} polls` });
    try {
      // one span per long-running operation: the PATCH and its polls
      await inChildSpan('arm extension update', async () => {
        const poller = await createHttpPoller(this.patchOperation(hop, abort, polls), { intervalInMs: this.pollIntervalMs, resourceLocationConfig: 'azure-async-operation' });
        await poller.pollUntilDone({ abortSignal: abort.signal });
      }, { 'reconciler.cluster_id': hop.clusterId, 'reconciler.extension': hop.extensionName, 'reconciler.version': hop.version });
    } catch (error) {
      if (polls.count > polls.max) return outOfPolls();
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
      if (++polls.count > polls.max) return outOfPolls();
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
    const body = (res.body ?? {}) as { name?: unknown; managedBy?: unknown; properties?: Record<string, unknown> };
    const parsed = extensionFromProperties(typeof body.name === 'string' ? body.name : extensionName, body.properties, ['properties'], body.managedBy);
    if (!parsed.ok) throw new Error(`extension ${extensionName} of ${clusterId}: ARM body: ${parsed.problem}`);
    const info = errorInfoSchema.safeParse(body.properties?.errorInfo ?? body.properties?.ErrorInfo);
    const errorInfo = info.success ? { code: info.data.code, message: info.data.message ?? '' } : undefined;
    const snapshot = { ...parsed.value, health: healthOf(body.properties, errorInfo) };
    return errorInfo ? { snapshot, errorInfo } : { snapshot };
  }

  /**
   * The PATCH as a long-running operation: the initial request, then polls of Azure-AsyncOperation until a terminal
   * status. No request method is given, so core-lro skips its final GET of the extension: applyHop reads it right after.
   */
  private patchOperation(hop: HopRequest, abort: AbortController, polls: { count: number; max: number }): LongRunningOperation {
    const abortSignal = abort.signal;
    const path = `${extensionsPath(hop.clusterId)}/${hop.extensionName}`;
    const apiVersion = { 'api-version': EXTENSIONS_API_VERSION };
    return {
      requestPath: path,
      sendInitialRequest: async () => lroResponse(await this.rest.pathUnchecked(path).patch({ queryParameters: apiVersion, body: pinBody(hop.version), abortSignal })),
      sendPollRequest: async (url, options) => {
        if (++polls.count > polls.max) {
          abort.abort();
          throw new Error(`no terminal status after ${polls.max} polls`);
        }
        const query = /[?&]api-version=/i.test(url) ? {} : { queryParameters: apiVersion };
        return lroResponse(await this.rest.pathUnchecked(url).get({ ...query, abortSignal: options?.abortSignal ?? abortSignal }));
      },
    };
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
    const throttled = throttledAnswer(error);
    if (throttled) return { kind: 'throttled', ...throttled };
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
