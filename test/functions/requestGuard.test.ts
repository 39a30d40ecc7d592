/**
 * Only JSON, and never from another site, changes state (issue 22), through the routes as registered (HTTP_ROUTES
 * behind the request guard): 415 for a body that is not JSON, 403 for a foreign Origin or Sec-Fetch-Site: cross-site,
 * 405 with Allow for a method a route does not serve; callers that send neither header keep working; every JSON answer
 * carries cache-control: no-store and nosniff.
 */
import { HttpRequest, type HttpResponseInit } from '@azure/functions';
import { HTTP_ROUTES } from '../../src/functions/httpApi';
import type { HandlerDeps } from '../../src/host/durableStarter';
import { guardedRoute } from '../../src/host/requestGuard';
import { defaultPolicy } from '../../src/domain/policySchema';
import { fakeWorld, sampleCatalog, sampleCluster } from '../../simulator/world/fakePorts';

const APP = 'https://reconciler.azurewebsites.net';
const routeOf = (name: string) => HTTP_ROUTES.find((r) => r.name === name)!;

function setup() {
  const world = fakeWorld({ clusters: [sampleCluster('a')], catalog: sampleCatalog(), policy: defaultPolicy(), dryRun: true });
  const started: string[] = [];
  const deps: HandlerDeps = {
    services: () => world.services,
    starter: {
      start: (_o: string, instanceId: string) => Promise.resolve(void started.push(instanceId)).then(() => 'started' as const),
      status: (instanceId) => Promise.resolve({ instanceId, runtimeStatus: 'NotFound' as const }),
      raiseApproval: () => Promise.resolve(false),
    },
    now: () => new Date('2024-06-05T10:00:00Z'),
    log: { info: () => undefined, warn: () => undefined, error: () => undefined },
  };
  return { deps, started };
}

async function call(name: string, init: { method: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ res: HttpResponseInit; started: string[] }> {
  const { deps, started } = setup();
  const r = routeOf(name);
  const request = new HttpRequest({ method: init.method, url: `${APP}${init.path}`, headers: { host: 'reconciler.azurewebsites.net', ...(init.headers ?? {}) }, ...(init.body !== undefined ? { body: { string: init.body } } : {}) });
  const res = await guardedRoute(request, r.methods, deps, r.handler);
  return { res, started };
}
const headers = (r: HttpResponseInit): Record<string, string> => r.headers as Record<string, string>;

describe('state changes take JSON from the app itself', () => {
  it.each<[string, Record<string, string>, string | undefined, number]>([
    ['text/plain body', { 'content-type': 'text/plain' }, '{"dryRun":true}', 415],
    ['a form body', { 'content-type': 'application/x-www-form-urlencoded' }, 'dryRun=true', 415],
    ['a multipart form', { 'content-type': 'multipart/form-data; boundary=x' }, '--x--', 415],
    ['a body with no Content-Type', { 'content-length': '15' }, '{"dryRun":true}', 415],
    ['JSON from a foreign Origin', { 'content-type': 'application/json', origin: 'https://evil.example' }, '{"dryRun":true}', 403],
    ['JSON from Origin null (a sandboxed page)', { 'content-type': 'application/json', origin: 'null' }, '{"dryRun":true}', 403],
    ['JSON marked Sec-Fetch-Site: cross-site', { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }, '{"dryRun":true}', 403],
    ['a form from a foreign Origin', { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, 'a=b', 403],
  ])('POST /api/reconcile with %s is refused (%i) and starts nothing', async (_name, h, body, status) => {
    const { res, started } = await call('httpReconcile', { method: 'POST', path: '/api/reconcile', headers: h, ...(body !== undefined ? { body } : {}) });
    expect(res.status).toBe(status);
    expect(started).toEqual([]);
    expect(headers(res)['cache-control']).toBe('no-store');
    expect(headers(res)['x-content-type-options']).toBe('nosniff');
  });

  it.each<[string, Record<string, string>, string | undefined]>([
    ['JSON with no Origin (a pipeline)', { 'content-type': 'application/json; charset=utf-8' }, '{"dryRun":true}'],
    ['no body and no Content-Type (curl -X POST)', {}, undefined],
    ['JSON from the app\'s own page', { 'content-type': 'application/json', origin: APP, 'sec-fetch-site': 'same-origin' }, '{"dryRun":true}'],
  ])('POST /api/reconcile with %s is accepted (202)', async (_name, h, body) => {
    const { res, started } = await call('httpReconcile', { method: 'POST', path: '/api/reconcile', headers: h, ...(body !== undefined ? { body } : {}) });
    expect(res.status).toBe(202);
    expect(started).toEqual(['fleet-rollout']);
    expect(headers(res)['cache-control']).toBe('no-store');
  });

  it('POST approve with a text/plain body is 415; from another site 403', async () => {
    const path = '/api/rollouts/fleet-rollout/approve';
    expect((await call('httpApproveRollout', { method: 'POST', path, headers: { 'content-type': 'text/plain' }, body: '{"ring":"prod"}' })).res.status).toBe(415);
    expect((await call('httpApproveRollout', { method: 'POST', path, headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: '{"ring":"prod"}' })).res.status).toBe(403);
  });

  it('DELETE a hold from another site is 403', async () => {
    const path = '/api/holds/microsoft.flux/1.9.1';
    expect((await call('httpClearHold', { method: 'DELETE', path, headers: { 'sec-fetch-site': 'cross-site' } })).res.status).toBe(403);
  });
});

describe('methods', () => {
  it.each([
    ['httpReconcile', 'GET', '/api/reconcile', 'POST'],
    ['httpPlan', 'POST', '/api/plan', 'GET'],
    ['httpApproveRollout', 'PUT', '/api/rollouts/x/approve', 'POST'],
    ['httpClearHold', 'GET', '/api/holds/a/1.0.0', 'DELETE'],
  ])('%s answers %s with 405 and Allow: %s', async (name, method, path, allow) => {
    const { res } = await call(name, { method, path, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
    expect(res.status).toBe(405);
    expect(headers(res).allow).toBe(allow);
    expect(headers(res)['cache-control']).toBe('no-store');
  });
  it('GET /api/plan answers JSON with no-store and nosniff', async () => {
    const { res } = await call('httpPlan', { method: 'GET', path: '/api/plan' });
    expect(res.status).toBe(200);
    expect(headers(res)['cache-control']).toBe('no-store');
    expect(headers(res)['x-content-type-options']).toBe('nosniff');
  });
});
