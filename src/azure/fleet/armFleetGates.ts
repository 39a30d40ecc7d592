/**
 * ADAPTER azure/fleet — Azure Kubernetes Fleet Manager over ARM (api-version 2026-06-01, raw REST through the same
 * pipeline as src/azure/arm: bearer token, 429/5xx retries honouring Retry-After): fleets by subscription, gates, update
 * runs, and approving a gate with `PATCH {"properties":{"state":"Completed"}}` + `If-Match: <eTag>`. A 202 answer is a
 * long-running operation: its `Location` is polled (waiting `Retry-After` seconds, else `pollIntervalMs`) until 200.
 * Implements the port FleetGateApi (src/domain/fleetPorts.ts).
 */
import { createRestError, type Client, type PathUncheckedResponse } from '@azure-rest/core-client';
import type { FleetGate, UpdateRun } from '../../domain/fleetGates';
import type { FleetGateApi, GateApproval } from '../../domain/fleetPorts';
import { armRestClient, type ArmConnection } from '../arm/armConnection';
import { retryAfterMs, sleep } from '../shared/retry';
import { FLEET_API_VERSION, gateFromBody, updateRunFromBody } from './fleetBodies';

/** Options of ArmFleetGates. */
export interface ArmFleetGatesOptions {
  /** Milliseconds between polls of a 202's Location when it sends no Retry-After. Default 5000. */
  pollIntervalMs?: number;
  /** Give up waiting for the approval's operation after this many milliseconds (throws: the caller retries). Default 5 minutes. */
  timeoutMs?: number;
  /** Pipeline retries on 429 / 5xx. Default 3. */
  maxRetries?: number;
  /** First pipeline backoff for 5xx. Default 1000. */
  retryDelayMs?: number;
}

const query = { queryParameters: { 'api-version': FLEET_API_VERSION } };

/** A page of an ARM list: `{value, nextLink?}`. */
interface Page {
  value?: unknown[];
  nextLink?: string | null;
}

/** FleetGateApi over ARM. */
export class ArmFleetGates implements FleetGateApi {
  private readonly rest: Client;
  private readonly pollIntervalMs: number;
  private readonly timeoutMs: number;

  constructor(conn: ArmConnection, options: ArmFleetGatesOptions = {}) {
    this.pollIntervalMs = options.pollIntervalMs ?? 5000;
    this.timeoutMs = options.timeoutMs ?? 5 * 60_000;
    this.rest = armRestClient(conn, { maxRetries: options.maxRetries ?? 3, retryDelayInMs: options.retryDelayMs ?? 1000 });
  }

  async listFleets(subscriptions: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const s of subscriptions) {
      for (const item of await this.list(`/subscriptions/${s}/providers/Microsoft.ContainerService/fleets`)) {
        const id = (item as { id?: unknown }).id;
        if (typeof id === 'string') ids.push(id);
      }
    }
    return ids;
  }

  async listGates(fleetId: string): Promise<FleetGate[]> {
    return (await this.list(`${fleetId}/gates`)).map((body) => gateFromBody(body));
  }

  async readGate(gateId: string): Promise<FleetGate | null> {
    const res = await this.rest.pathUnchecked(gateId).get(query);
    if (res.status === '404') return null;
    if (res.status !== '200') throw createRestError(res);
    return gateFromBody(res.body, res.headers.etag);
  }

  async readUpdateRun(updateRunId: string): Promise<UpdateRun | null> {
    const res = await this.rest.pathUnchecked(updateRunId).get(query);
    if (res.status === '404') return null;
    if (res.status !== '200') throw createRestError(res);
    return updateRunFromBody(res.body);
  }

  async listUpdateRuns(fleetId: string): Promise<UpdateRun[]> {
    return (await this.list(`${fleetId}/updateRuns`)).map((body) => updateRunFromBody(body));
  }

  async approveGate(gateId: string, eTag: string | undefined): Promise<GateApproval> {
    const res = await this.rest.pathUnchecked(gateId).patch({ ...query, body: { properties: { state: 'Completed' } }, headers: eTag !== undefined ? { 'If-Match': eTag } : {} });
    if (res.status === '200') return { kind: 'approved' };
    if (res.status === '202') return this.waitFor(res);
    return refusal(res);
  }

  /** Polls a 202's Location until the operation answers 200 (done) or a terminal error. */
  private async waitFor(accepted: PathUncheckedResponse): Promise<GateApproval> {
    const location = accepted.headers.location;
    if (!location) throw new Error('Fleet gate approval answered 202 without a Location header');
    const deadline = Date.now() + this.timeoutMs;
    let last = accepted;
    for (;;) {
      const wait = retryAfterMs((n) => last.headers[n]) ?? this.pollIntervalMs;
      if (Date.now() + wait > deadline) throw new Error(`Fleet gate approval still running after ${this.timeoutMs} ms`);
      await sleep(wait);
      last = await this.rest.pathUnchecked(location).get();
      if (last.status === '200' || last.status === '204') return { kind: 'approved' };
      if (last.status !== '202') return refusal(last);
    }
  }

  /** Every item of a paged list (absolute `nextLink`s followed as given). */
  private async list(path: string): Promise<unknown[]> {
    const items: unknown[] = [];
    let res = await this.rest.pathUnchecked(path).get(query);
    for (;;) {
      if (res.status !== '200') throw createRestError(res);
      const page = (res.body ?? {}) as Page;
      items.push(...(page.value ?? []));
      if (!page.nextLink) return items;
      res = await this.rest.pathUnchecked(page.nextLink).get();
    }
  }
}

/** A non-success answer to the approval: 412 is an eTag conflict, 404 gone, other 4xx refused; 5xx throws (retry later). */
function refusal(res: PathUncheckedResponse): GateApproval {
  const status = Number(res.status);
  const error = (res.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${res.status}`;
  if (status === 412) return { kind: 'etag-conflict', message };
  if (status === 404) return { kind: 'not-found' };
  if (status >= 400 && status < 500) return { kind: 'refused', errorCode: typeof error?.code === 'string' ? error.code : String(status), message };
  throw createRestError(res);
}
