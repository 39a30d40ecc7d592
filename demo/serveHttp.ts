/**
 * Serving the app's HTTP routes without the Functions host, for `npm run demo -- --serve` and the browser tests only:
 * a tiny node:http adapter builds `new HttpRequest({...})` from @azure/functions for each request and calls the
 * registered route handlers (HTTP_ROUTES) with the demo world's handler deps. A random function key stands in for the
 * host's key check (`?code=` or `x-functions-key`, 401 with an empty body without; anonymous routes pass). A pump drives the world's orchestrations on a clock
 * that runs `speed` times faster than the wall clock, so bakes count down and approvals wait as they would in Azure.
 */
import '../simulator/world/installFunctionsCore'; // first: the function modules register through the double
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRequest, type HttpResponseInit } from '@azure/functions';
import { HTTP_ROUTES } from '../src/functions/httpApi';
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

/** Serves the world's HTTP routes on 127.0.0.1 (port 0 = any free port). */
export async function serveWorld(world: E2eWorld, options: { port?: number } = {}): Promise<ServedWorld> {
  const key = randomBytes(12).toString('hex');
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = (req.method ?? 'GET').toUpperCase();
      const match = compiled.map((c) => ({ c, m: c.pattern.exec(url.pathname) })).find((x) => x.m && (x.c.route.methods as readonly string[]).includes(method));
      if (!match?.m) return send(res, { status: 404, jsonBody: { error: { input: 'url', path: url.pathname, problem: 'no such route' } } });
      const anonymous = 'authLevel' in match.c.route && match.c.route.authLevel === 'anonymous';
      if (!anonymous && url.searchParams.get('code') !== key && req.headers['x-functions-key'] !== key) return send(res, { status: 401, body: '' });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const body = method === 'GET' || method === 'HEAD' ? '' : await readBody(req);
      const request = new HttpRequest({ method, url: `http://127.0.0.1${url.pathname}${url.search}`, headers, params: { ...(match.m.groups ?? {}) }, ...(body ? { body: { string: body } } : {}) });
      send(res, await match.c.route.handler(request, world.deps));
    })().catch((error: unknown) => send(res, { status: 500, jsonBody: { error: { input: 'request', path: '$', problem: error instanceof Error ? error.message : String(error) } } }));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port ?? 0, '127.0.0.1', () => resolve()));
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
