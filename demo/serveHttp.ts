/**
 * Serving the app's HTTP routes without the Functions host, for `npm run demo -- --serve` and the browser tests only:
 * a tiny node:http adapter builds `new HttpRequest({...})` from @azure/functions for each request and calls the
 * registered route handlers (HTTP_ROUTES) with the demo world's handler deps. A random function key stands in for the
 * host's key check (`?code=` or `x-functions-key`, 401 with an empty body without) on the routes registered at authLevel
 * function under `env` (anonymous routes pass: the static page, and with an identity provider named there the people
 * routes, token-gated as in Azure). A pump drives the world's orchestrations on a clock
 * that runs `speed` times faster than the wall clock, so bakes count down and approvals wait as they would in Azure.
 */
import '../simulator/world/installFunctionsCore'; // first: the function modules register through the double
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRequest, type HttpResponseInit } from '@azure/functions';
import { HTTP_ROUTES, registrationOf } from '../src/functions/httpApi';
import type { HandlerDeps } from '../src/host/durableStarter';
import { guardedRoute } from '../src/host/requestGuard';
import type { E2eWorld } from '../simulator/world/e2eWorld';

/** A running HTTP front of a world. */
export interface ServedWorld {
  /** Base URL, `http://127.0.0.1:<port>`. */
  origin: string;
  /** The function key requests must carry. */
  key: string;
  /** The status page's URL, key included. */
  pageUrl: string;
  close(): Promise<void>;
}

const compiled = HTTP_ROUTES.map((r) => ({
  route: r,
  pattern: new RegExp(`^/api/${r.route.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
}));

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, out: HttpResponseInit): void {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries((out.headers ?? {}) as Record<string, string>)) headers[k.toLowerCase()] = String(v);
  const body = out.jsonBody !== undefined ? JSON.stringify(out.jsonBody) : typeof out.body === 'string' ? out.body : '';
  if (out.jsonBody !== undefined) headers['content-type'] ??= 'application/json';
  res.writeHead(out.status ?? 200, headers).end(body);
}

/** A port on 127.0.0.1 held before anything else starts: the server that will serve the routes once the world is up. */
export interface ClaimedPort {
  server: Server;
  port: number;
}

/** Listens on 127.0.0.1:`port` (0 = any free port) with no handler yet; a port in use or refused is an Error in words. */
export async function claimPort(port: number): Promise<ClaimedPort> {
  const server = createServer();
  try {
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'is in use by another program' : code === 'EACCES' ? 'needs privileges to listen on' : `cannot be listened on (${code ?? 'unknown error'})`;
    throw new Error(`port ${port} on 127.0.0.1 ${why}: pick another with --port <n>, or --port 0 for any free port`, { cause: error });
  }
  return { server, port: (server.address() as AddressInfo).port };
}

/**
 * Serves the world's HTTP routes on 127.0.0.1 (port 0 = any free port, or a port claimed before), registered as under
 * `env` (default: no settings), with `deps` (default the world's).
 */
export async function serveWorld(world: E2eWorld, options: { port?: number; claimed?: ClaimedPort; env?: Record<string, string | undefined>; deps?: HandlerDeps } = {}): Promise<ServedWorld> {
  const key = randomBytes(12).toString('hex');
  const registered = new Map(HTTP_ROUTES.map((r) => [r.name, registrationOf(r, options.env ?? {})]));
  const deps = options.deps ?? world.deps;
  const { server } = options.claimed ?? (await claimPort(options.port ?? 0));
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = (req.method ?? 'GET').toUpperCase();
      // as the host does: every method reaches the route's guard (405 with Allow for the others)
      const match = compiled.map((c) => ({ c, m: c.pattern.exec(url.pathname) })).find((x) => x.m);
      if (!match?.m) return send(res, { status: 404, jsonBody: { error: { input: 'url', path: url.pathname, problem: 'no such route' } } });
      const registration = registered.get(match.c.route.name);
      if (!registration) return send(res, { status: 404, body: '' });
      if (registration.authLevel === 'function' && url.searchParams.get('code') !== key && req.headers['x-functions-key'] !== key) return send(res, { status: 401, body: '' });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const body = method === 'GET' || method === 'HEAD' ? '' : await readBody(req);
      const request = new HttpRequest({ method, url: `http://127.0.0.1${url.pathname}${url.search}`, headers, params: { ...(match.m.groups ?? {}) }, ...(body ? { body: { string: body } } : {}) });
      send(res, await guardedRoute(request, match.c.route.methods, deps, registration.handler));
    })().catch((error: unknown) => send(res, { status: 500, jsonBody: { error: { input: 'request', path: '$', problem: error instanceof Error ? error.message : String(error) } } }));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    key,
    pageUrl: `${origin}/api/ui?code=${key}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Drives the world's orchestrations in the background: work runs at once, a timer fires when the world's clock,
 * advancing `speed` × the wall clock, reaches it. Returns the function that stops the pump.
 */
export function pumpWorld(world: E2eWorld, options: { speed?: number; intervalMs?: number } = {}): () => Promise<void> {
  const speed = options.speed ?? 1;
  let last = Date.now();
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = (): void => {
    if (stopped) return;
    const wall = Date.now();
    world.harness.advanceClock(new Date(world.harness.now.getTime() + (wall - last) * speed));
    last = wall;
    running = world.harness.runUntilIdle({ timersDueBy: world.harness.now }).catch(() => undefined).then(() => void (timer = setTimeout(tick, options.intervalMs ?? 200)));
  };
  let timer = setTimeout(tick, 0);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
