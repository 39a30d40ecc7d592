import https from 'node:https';
import { localhostCertificate } from './localhostCertificate';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FleetSimulator, FleetSimulatorOptions, SimExtension } from './types';
import type { SimResponse } from './simResponse';
import { armError } from './simResponse';
import { SimState } from './simState';
import { simFaults } from './simFaults';
import { requestKind, routeRequest } from './simRouter';
import { generateFleet } from './fleetGenerator';
import { toFleetSnapshot } from './toFleetSnapshot';
import { fakeCredential } from './fakeCredential';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function faultResponse(state: SimState, kind: ReturnType<typeof requestKind>): SimResponse | undefined {
  const t = state.faults.throttle;
  if (t.remaining > 0) {
    t.remaining--;
    state.counters.throttled++;
    return armError(429, 'TooManyRequests', 'Throttled by the simulator (throttleStorm).', { 'retry-after': String(Math.max(1, Math.ceil(t.retryAfterMs / 1000))), 'retry-after-ms': String(t.retryAfterMs) });
  }
  const e = state.faults.serverErrors.find((f) => f.remaining > 0 && (!f.kinds || f.kinds.includes(kind)));
  if (e) {
    e.remaining--;
    return e.status === 500 ? armError(500, 'InternalServerError', 'Simulated server error.') : armError(503, 'ServiceUnavailable', 'Simulated unavailability.');
  }
  return undefined;
}

/**
 * Starts the ARM fleet simulator on https://127.0.0.1:<ephemeral port> with a fresh self-signed certificate.
 * Serves Resource Graph (the fleet query only), clusters, extensions (with LROs) and extension type versions.
 */
export async function startFleetSimulator(options: FleetSimulatorOptions = {}): Promise<FleetSimulator> {
  const fleet = options.fleet ?? generateFleet({ clusters: 20, subscriptions: 2, seed: options.seed ?? 1 });
  const state = new SimState(fleet, options);
  const pems = await localhostCertificate();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const kind = requestKind(method, decodeURIComponent(url.pathname));
    state.count(kind);
    const raw = await readBody(req);
    if (state.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, state.faults.latencyMs));
    let answer: SimResponse;
    const auth = req.headers.authorization ?? '';
    if (!/^Bearer \S+/i.test(auth)) answer = armError(401, 'AuthenticationFailed', 'Authentication failed. The Authorization header is missing.');
    else {
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = undefined;
      }
      const ifMatch = typeof req.headers['if-match'] === 'string' ? req.headers['if-match'] : undefined;
      answer = faultResponse(state, kind) ?? routeRequest(state, kind, method, url, auth.slice(7).trim(), body, Date.now(), ifMatch);
    }
    const headers: Record<string, string> = { 'x-ms-request-id': state.newOperationId(), ...(answer.headers ?? {}) };
    if (answer.body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    res.writeHead(answer.status, headers);
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  };

  const server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'SimulatorError', message: String(err) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  state.endpoint = `https://127.0.0.1:${port}`;

  const mustCluster = (clusterId: string) => {
    const c = state.cluster(clusterId);
    if (!c) throw new Error(`simulator: no cluster ${clusterId}`);
    return c;
  };
  return {
    endpoint: state.endpoint,
    ca: pems.cert,
    credential: fakeCredential(),
    fleet,
    snapshot: () => toFleetSnapshot(fleet),
    upgradeKubernetes: (clusterId, version) => { mustCluster(clusterId).kubernetesVersion = version; },
    publishVersion: (extensionType, entry) => {
      const key = extensionType.toLowerCase();
      fleet.extensionTypes[key] = [...(fleet.extensionTypes[key] ?? []), entry];
    },
    setExtension: (clusterId, name, patch: Partial<SimExtension>) => {
      const ext = state.extension(mustCluster(clusterId), name);
      if (!ext) throw new Error(`simulator: no extension ${name} on ${clusterId}`);
      Object.assign(ext, patch);
    },
    faults: simFaults(state),
    fleetManager: state.fleetManager,
    gateApprovals: (options) => { state.gateApprovals = { gateApprovalsAsync: options.async, retryAfterSeconds: options.retryAfterSeconds ?? 0 }; },
    counters: () => structuredClone(state.counters),
    resetCounters: () => { state.counters = SimState.emptyCounters(); },
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
}
