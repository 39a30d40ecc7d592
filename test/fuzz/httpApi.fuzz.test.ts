/**
 * Fuzzing of the HTTP routes (plan, rollout status, approve, reconcile) with arbitrary bodies, route parameters,
 * query strings and headers: success or 4xx JSON `{error:{input,path,problem}}`; never 500 for bad input; no stack
 * traces in bodies; reconcile never starts a rollout for a cluster outside the scope.
 */
import { HttpRequest, type HttpResponseInit } from '@azure/functions';
import fc from 'fast-check';
import { subscriptionOf } from '../../src/domain/armId';
import type { HandlerDeps } from '../../src/host/durableStarter';
import { planRoute } from '../../src/functions/httpPlan';
import { approveRoute, reconcileRoute, rolloutStatusRoute } from '../../src/functions/httpRollouts';
import type { RolloutStarter } from '../../src/host/rolloutContracts';
import { defaultPolicy } from '../../src/domain/policySchema';
import { fakeWorld, sampleCatalog } from '../../simulator/world/fakePorts';
import { forgedClusterId, IN_SCOPE_SUB, inScopeClusterId } from './hostileIds';
import { hostileJson, mutated } from './jsonMutation';

const SEED = 31337;
const NOW = new Date('2024-05-01T10:00:00.000Z');
const LIVE = `/subscriptions/${IN_SCOPE_SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-1`;

function setup() {
  const cluster = { id: LIVE, kubernetesVersion: '1.30.2', location: 'x', tags: {}, extensions: [] };
  const w = fakeWorld({ clusters: [cluster], catalog: sampleCatalog(), policy: defaultPolicy(), scope: { subscriptions: [IN_SCOPE_SUB], managementGroups: [] } });
  const starts: { instanceId: string; input: unknown }[] = [];
  const starter: RolloutStarter = {
    start: (_o, instanceId, input) => (starts.push({ instanceId, input }), Promise.resolve('started' as const)),
    status: (instanceId) =>
      Promise.resolve(instanceId === 'fleet-rollout' || instanceId.startsWith('run') ? { instanceId, runtimeStatus: 'Running' as const, input: { rolloutId: 'r-1' } } : { instanceId, runtimeStatus: 'NotFound' as const }),
    raiseApproval: () => Promise.resolve(true),
  };
  const errors: unknown[] = [];
  const deps: HandlerDeps = { services: () => w.services, starter, now: () => NOW, log: { info: () => undefined, warn: () => undefined, error: (...a) => void errors.push(a) } };
  return { w, deps, starts, errors };
}

const text = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 60 }), fc.constantFrom('', ' ', '..', '../..', '%2e%2e', '\u0000', 'a'.repeat(100_000)));
const jsonText = (v: unknown): string => JSON.stringify(v) ?? 'null';
const bodyText = fc.oneof(
  fc.constant(undefined),
  text,
  hostileJson.map(jsonText),
  fc.record({ ring: fc.oneof(text, hostileJson), approvedBy: fc.oneof(text, hostileJson) }, { requiredKeys: [] }).map(jsonText),
  fc.record({ dryRun: fc.oneof(fc.boolean(), hostileJson), clusterId: fc.oneof(inScopeClusterId, forgedClusterId, fc.constant(LIVE), hostileJson) }, { requiredKeys: [] }).map(jsonText),
  mutated({ ring: 'canary', approvedBy: 'alice' }).map(jsonText),
  mutated({ clusterId: LIVE, dryRun: true }).map(jsonText),
);
const headerValue = fc.oneof(fc.stringMatching(/^[ -~]{0,40}$/), fc.constant('alice@contoso.com'));

const routes = [
  ['plan', planRoute, 'GET'],
  ['status', rolloutStatusRoute, 'GET'],
  ['approve', approveRoute, 'POST'],
  ['reconcile', reconcileRoute, 'POST'],
] as const;

function checkResponse(res: HttpResponseInit): void {
  expect(res.status).toBeGreaterThanOrEqual(200);
  expect(res.status).toBeLessThan(500);
  const serialized = JSON.stringify(res.jsonBody ?? res.body ?? null);
  expect(serialized).not.toMatch(/\s+at \S+ \(|\.ts:\d+|node_modules/);
  if ((res.status ?? 200) >= 400) {
    const error = (res.jsonBody as { error?: Record<string, unknown> } | undefined)?.error;
    expect(error).toEqual({ input: expect.any(String), path: expect.stringMatching(/^\$/), problem: expect.any(String) });
  }
}

describe('HTTP routes under fuzzing', () => {
  it.each(routes)('%s: success or 4xx {error:{input,path,problem}}, never 500, never a stack', async (_name, handler, method) => {
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        bodyText,
        fc.oneof(fc.constant('run-1'), fc.constant('fleet-rollout'), text),
        fc.oneof(fc.constant(undefined), text, inScopeClusterId, forgedClusterId, fc.constant(LIVE)),
        fc.option(headerValue, { nil: undefined }),
        async (body, id, cluster, principal) => {
          const t = setup();
          const url = new URL('http://localhost:7071/api/x');
          if (cluster !== undefined) url.searchParams.set('cluster', cluster);
          const request = new HttpRequest({
            method,
            url: url.toString(),
            params: { id },
            headers: principal !== undefined ? { 'x-ms-client-principal-name': principal } : {},
            ...(body !== undefined && method === 'POST' ? { body: { string: body } } : {}),
          });
          const res = await handler(request, t.deps);
          statuses.add(res.status ?? 200);
          checkResponse(res);
          expect(t.errors).toEqual([]);
          for (const s of t.starts) {
            const clusterId = (s.input as { clusterId?: string }).clusterId;
            if (clusterId !== undefined) expect(subscriptionOf(clusterId)).toBe(IN_SCOPE_SUB);
          }
          expect(t.w.writer.applied).toEqual([]);
        },
      ),
      { seed: SEED, numRuns: 600 },
    );
    expect([...statuses].some((s) => s >= 400)).toBe(true);
  });
});
